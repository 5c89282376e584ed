package org.tcpkit.chat;

import org.tcpkit.chat.line.LineSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.ServerTls;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import org.tcpkit.net.Tls;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.TestKeys;
import org.tcpkit.testing.Wire;

/** The chat under pressure: a TLS member that stops reading, no threads left, one address taking every slot. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatLimitsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.ChatLimits");
    private final List<Socket> sockets = new ArrayList<>();
    private TcpServer server;
    private Chat room;

    @TempDir
    java.nio.file.Path dir;

    private int start(ListenConfig config, ServerTls tls, ThreadFactory writers) throws IOException {
        room = new Chat(LOG, ChatLimits.DEFAULT.withStall(java.time.Duration.ofSeconds(1)));
        server = new TcpServer("chat", config, tls, new LineSession(room, Duration.ofSeconds(10), null, writers,
                100_000, 100_000, LOG), LOG);
        server.beforeClosingConnections(() -> room.shutDown(2_000));
        server.start();
        return server.port();
    }

    private static ListenConfig loopback() {
        return ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    private TagClient join(Socket socket, String nick) throws IOException {
        sockets.add(socket);
        TagClient client = new TagClient(socket);
        client.expect("ask");
        client.send(nick);
        assertTrue(client.expect("ok").startsWith("Welcome to the chat, " + nick + "!"));
        return client;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(10);
        }
    }

    /** The next line that is not a notice ("* ..."). */
    private static String nextMessage(TagClient client) throws IOException {
        String line;
        while ((line = client.line()) != null && line.startsWith("* ")) {
            // Joins and leaves of others.
        }
        return line;
    }

    @Test
    void aStalledTlsMemberIsDroppedWithoutFreezingTheSenderOrLaterJoins() throws Exception {
        TestKeys keys = TestKeys.make(dir);
        int port = start(loopback(), keys.server(), Threads.forConnections(ThreadMode.AUTO, "w-"));
        SSLSocket lazySocket = (SSLSocket) Tls.clientSockets(null, null, keys.certificate()).createSocket();
        lazySocket.setReceiveBufferSize(4096);
        lazySocket.connect(new InetSocketAddress("localhost", port), Wire.TIMEOUT_MILLIS);
        lazySocket.setSoTimeout(Wire.TIMEOUT_MILLIS);
        join(lazySocket, "lazy");
        TagClient alice = join(keys.connect(port), "alice");
        TagClient bob = join(keys.connect(port), "bob");
        await(() -> room.size() == 3, "three members");
        String text = "z".repeat(900);
        int sent = 0;
        // Lines go out 16 at a time, each batch read back whole before the next: the room talks fast.
        while (sent < 3_000 && room.size() == 3) {
            for (int i = 0; i < 16; i++) {
                alice.send((sent + i) + " " + text);
            }
            for (int i = 0; i < 16; i++) {
                assertEquals("<alice (you)> " + sent + " " + text, nextMessage(alice));
                assertEquals("<alice> " + sent + " " + text, nextMessage(bob));
                sent++;
            }
        }
        assertEquals(2, room.size(), "the TLS member that never reads was not dropped");
        TagClient carol = join(keys.connect(port), "carol");
        alice.send("after the drop");
        assertEquals("<alice (you)> after the drop", nextMessage(alice));
        // The late joiner is given the room's last lines first, then the live one.
        int past = 0;
        String line;
        while ((line = nextMessage(carol)).startsWith("= ")) {
            assertTrue(line.matches("= \\S+Z <alice> " + (sent - ChatLimits.HISTORY_ON_JOIN + past) + " z+"), line);
            past++;
        }
        assertEquals(ChatLimits.HISTORY_ON_JOIN, past);
        assertEquals("<alice> after the drop", line);
        await(() -> server.openConnections() == 3, "the stalled member's connection was never closed");
    }

    @Test
    void whenNoWriterThreadCanStartThatOnePersonIsRefusedAndNothingLeaks() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory real = Threads.forConnections(ThreadMode.PLATFORM, "w-");
        ThreadFactory limited = task -> made.incrementAndGet() <= 2 ? real.newThread(task) : new Thread(task) {
            @Override
            public synchronized void start() {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/"
                        + "resource limits reached");
            }
        };
        int port = start(loopback(), null, limited);
        TagClient alice = join(Wire.connect(port), "alice");
        TagClient bob = join(Wire.connect(port), "bob");
        for (int i = 0; i < 5; i++) {
            Socket socket = Wire.connect(port);
            sockets.add(socket);
            TagClient refused = new TagClient(socket);
            assertEquals("The server cannot take more people right now; try again later.", refused.expect("bye"));
            assertNull(refused.line());
        }
        await(() -> server.openConnections() == 2, "refused connections still counted");
        assertEquals(2, room.size());
        alice.send("still here");
        assertEquals("<alice> still here", nextMessage(bob));
    }

    @Test
    void oneAddressCannotTakeEverySlot() throws Exception {
        int port = start(loopback().withLimits(100, 2), null, Threads.forConnections(ThreadMode.AUTO, "w-"));
        TagClient first = join(Wire.connect(port), "first");
        join(Wire.connect(port), "second");
        Socket third = Wire.connect(port);
        sockets.add(third);
        TagClient refused = new TagClient(third);
        assertEquals("Too many connections from your address (at most 2); try again later.", refused.expect("bye"));
        assertNull(refused.line());
        // Another address is still welcome.
        Socket other = new Socket();
        other.bind(new InetSocketAddress("127.0.0.2", 0));
        other.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Wire.TIMEOUT_MILLIS);
        other.setSoTimeout(Wire.TIMEOUT_MILLIS);
        join(other, "elsewhere");
        // A slot freed is a slot again.
        first.send("/quit");
        await(() -> room.size() == 2, "first never left");
        await(() -> server.openConnections() == 2, "first's connection still counted");
        join(Wire.connect(port), "again");
    }
}
