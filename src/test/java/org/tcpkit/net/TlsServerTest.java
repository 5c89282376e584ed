package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.testing.ClientHello;
import org.tcpkit.testing.TestKeys;
import org.tcpkit.testing.Wire;

/** TLS connections that stop reading, never finish a handshake or renegotiate cannot hold the server. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsServerTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Tls");
    @TempDir
    static java.nio.file.Path dir;
    private static TestKeys keys;
    private final List<TcpServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        keys = TestKeys.make(dir);
    }

    @AfterEach
    void cleanUp() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
        servers.forEach(TcpServer::stop);
    }

    private TcpServer start(Duration idle, Duration handshake) throws Exception {
        ListenConfig config = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withIdleTimeout(idle).withHandshakeTimeout(handshake);
        TcpServer server = new TcpServer("tls-test", config, keys.server(), new EchoSession(1024, LOG), LOG);
        servers.add(server);
        server.start();
        return server;
    }

    /** A TLS client with a small receive buffer that sends without ever reading, until its writes fail. */
    private final class Stalled {
        final SSLSocket socket;
        final AtomicLong sent = new AtomicLong();
        final AtomicReference<IOException> failure = new AtomicReference<>();
        final Thread writer;

        Stalled(int port) throws Exception {
            socket = (SSLSocket) Tls.clientSockets(null, null, keys.certificate()).createSocket();
            sockets.add(socket);
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("localhost", port), Wire.TIMEOUT_MILLIS);
            socket.startHandshake();
            writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                try {
                    OutputStream out = socket.getOutputStream();
                    // Bounded: far more than the buffers between the two can hold.
                    while (sent.get() < 256L * 1024 * 1024) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    failure.set(e);
                }
            }, "stalled-client");
            writer.setDaemon(true);
            writer.start();
        }

        /** Waits until the writes stopped making progress: the server is blocked writing to us. */
        void awaitStall() throws InterruptedException {
            Wire.awaitSteady(sent);
        }

        /** Waits (bounded) for the server to end the connection, which fails our blocked write. */
        boolean endedWithin(Duration limit) throws InterruptedException {
            writer.join(limit.toMillis());
            return !writer.isAlive() && failure.get() != null;
        }
    }

    @Test
    void aStalledTlsWriterIsResetAndTheWatchdogGoesOnToOtherConnections() throws Exception {
        TcpServer server = start(Duration.ofSeconds(2), Duration.ofSeconds(10));
        Stalled stalled = new Stalled(server.port());
        stalled.awaitStall();
        assertTrue(stalled.endedWithin(Duration.ofSeconds(20)), "the stalled TLS client was never disconnected");
        SSLSocket idle = keys.connect(server.port());
        sockets.add(idle);
        assertTrue(Wire.closedByPeer(idle, 20_000), "an idle TLS client after it was never reaped");
        assertTimeoutPreemptively(Duration.ofSeconds(8), server::stop);
        assertEquals(0, server.activeThreads());
    }

    @Test
    void stopFinishesWithinItsBoundWhileATlsClientStallsAWrite() throws Exception {
        TcpServer server = start(Duration.ofSeconds(300), Duration.ofSeconds(10));
        SSLSocket idle = keys.connect(server.port());
        sockets.add(idle);
        Stalled stalled = new Stalled(server.port());
        stalled.awaitStall();
        assertTimeoutPreemptively(Duration.ofSeconds(8), server::stop);
        assertEquals(0, server.activeThreads());
        assertTrue(stalled.endedWithin(Duration.ofSeconds(5)));
        assertTrue(Wire.closedByPeer(idle, 5_000));
    }

    @Test
    void silentHalfAndGarbageHandshakesAreClosedByTheHandshakeDeadline() throws Exception {
        TcpServer server = start(Duration.ofSeconds(300), Duration.ofSeconds(1));
        byte[] hello = ClientHello.withServerName("localhost");
        List<byte[]> openings = List.of(
                new byte[0],                                   // says nothing
                Arrays.copyOf(hello, 20),                      // half a ClientHello
                new byte[] {0x16, 3, 1, (byte) 0xff, (byte) 0xf0, 1, 2, 3}, // a record header promising 65 KB
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        List<Socket> clients = new ArrayList<>();
        for (byte[] opening : openings) {
            Socket socket = Wire.connect(server.port());
            sockets.add(socket);
            socket.getOutputStream().write(opening);
            clients.add(socket);
        }
        for (int i = 0; i < clients.size(); i++) {
            assertTrue(Wire.closedByPeer(clients.get(i), 10_000), "opening " + i + " kept its connection");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.openConnections());
    }

    @Test
    void renegotiationStartedByTheClientIsRefused() throws Exception {
        TcpServer server = start(Duration.ofSeconds(300), Duration.ofSeconds(10));
        SSLSocket client = keys.connect(server.port(), "TLSv1.2");
        sockets.add(client);
        assertEquals("TLSv1.2", client.getSession().getProtocol());
        client.getOutputStream().write("one\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("one\n", new String(Wire.readExactly(client.getInputStream(), 4), StandardCharsets.US_ASCII));
        client.startHandshake();
        assertThrows(IOException.class, () -> {
            client.getOutputStream().write("two\n".getBytes(StandardCharsets.US_ASCII));
            byte[] echo = Wire.readExactly(client.getInputStream(), 4);
            assertNotNull(echo);
        }, "a renegotiated connection went on echoing");
    }

    @Test
    void offersOnlyTls13And12WithForwardSecretAeadSuites() throws Exception {
        ServerTls tls = keys.server();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertFalse(tls.cipherSuites().isEmpty());
        for (String suite : tls.cipherSuites()) {
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                    || suite.startsWith("TLS_ECDHE_"), suite);
            assertTrue(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"), suite);
        }
    }
}
