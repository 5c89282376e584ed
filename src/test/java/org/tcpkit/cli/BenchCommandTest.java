package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.irc.IrcSession;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.echo.EchoServer;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;

/** Small runs of {@code client.jar bench}: it must check every byte, and catch a server that changes one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Bench");
    private EchoServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = new EchoServer(ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress()), 1024);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private int bench(String... args) {
        return Cli.commandLine(new BenchCommand(), new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static long number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " missing from " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void pingPongVerifiesEveryByteItSent() {
        assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + server.port(), "-c", "3", "-n", "200", "-s", "100", "--json"));
        String json = out.toString();
        assertEquals(3 * 200 * 100, number(json, "verifiedBytes"));
        assertEquals(3 * 200, number(json, "messages"));
        assertEquals(0, number(json, "errors"));
        assertTrue(json.contains("\"ok\":true"), json);
    }

    @Test
    void bulkKeepsAWindowInFlightAndVerifiesIt() {
        assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + server.port(), "-m", "bulk", "-c", "2", "-n", "500",
                "-s", "4096", "-w", "65536", "--json"));
        assertEquals(2L * 500 * 4096, number(out.toString(), "verifiedBytes"));
    }

    @Test
    void holdOpensEveryConnectionThenEchoesOnEach() {
        assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + server.port(), "-m", "hold", "-c", "200", "--json"));
        assertEquals(200, number(out.toString(), "connected"));
        assertEquals(200L * 64, number(out.toString(), "verifiedBytes"));
    }

    /** A server for {@code handler} on a free loopback port, started. */
    private static TcpServer loopback(ConnectionHandler handler) throws IOException {
        TcpServer server = new TcpServer("bench-target", ListenConfig.onPort(0)
                .withBindAddress(InetAddress.getLoopbackAddress()), null, handler, LOG);
        server.start();
        return server;
    }

    /** A chat's line door with the given flood control. */
    private static LineSession lineDoor(int floodRate, int floodBurst) {
        return new LineSession(new Chat(LOG, ChatLimits.DEFAULT), Duration.ofSeconds(5), null, writers(), floodRate,
                floodBurst, LOG);
    }

    private static ThreadFactory writers() {
        return Threads.forConnections(ThreadMode.AUTO, "test-writer-");
    }

    @Test
    void membersThatNeverReadGetNamesOfTheirOwnWhateverTheThreads() throws Exception {
        TcpServer chat = loopback(lineDoor(10_000, 10_000));
        try {
            assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + chat.port(), "-m", "chat", "-c", "2", "--stalled", "6",
                    "--io-threads", "3", "--rate", "20", "-d", "1", "--warmup", "0", "--json"),
                    "two members were given one nickname: " + err + out);
        } finally {
            chat.stop();
        }
        assertEquals(0, number(out.toString(), "errors"), out.toString());
    }

    @Test
    void chatModeDeliversEveryMessageToEveryMemberInOrder() throws Exception {
        TcpServer chat = loopback(lineDoor(10_000, 10_000));
        try {
            assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + chat.port(), "-m", "chat", "-c", "5", "--rate", "50",
                    "-d", "2", "--warmup", "0", "--json"), err.toString());
        } finally {
            chat.stop();
        }
        String json = out.toString();
        long sent = number(json, "sent");
        assertTrue(sent >= 50, json);
        long delivered = number(json, "messages");
        // Messages sent in the last moment of the window may be delivered just after it closes: at most those
        // sent during the slowest delivery the run itself measured (50 a second).
        long inFlight = 2 + (long) Math.ceil(50 * number(json, "max") / 1e6);
        assertTrue(delivered <= 5 * sent && delivered >= 5 * (sent - inFlight),
                "every message reaches every member: " + json);
        assertEquals(0, number(json, "errors"), "no line lost, repeated or out of order: " + json);
    }

    @Test
    void ircModeDeliversEveryMessageToEveryOtherMemberOfTheRoomInOrder() throws Exception {
        TcpServer irc = loopback(new IrcSession(new Chat(LOG, ChatLimits.DEFAULT), new IrcSession.Settings(
                Duration.ofSeconds(5), Duration.ofSeconds(60), 10_000, 10_000, true, "tcpkit"), null, writers(), LOG));
        try {
            assertEquals(0, bench("-H", "127.0.0.1", "-p", "" + irc.port(), "-m", "irc", "-c", "5", "--rate", "50",
                    "-d", "2", "--warmup", "0", "--json"), err.toString() + out);
        } finally {
            irc.stop();
        }
        String json = out.toString();
        long sent = number(json, "sent");
        assertTrue(sent >= 50, json);
        long delivered = number(json, "messages");
        // IRC sends nobody their own messages. The last ones sent may still be on their way when the window
        // closes: at most those sent during the slowest delivery the run itself measured (50 a second).
        long inFlight = 2 + (long) Math.ceil(50 * number(json, "max") / 1e6);
        assertTrue(delivered <= 4 * sent && delivered >= 4 * (sent - inFlight),
                "every message reaches every other: " + json);
        assertEquals(0, number(json, "errors"), "no line lost, repeated or out of order: " + json);
    }

    @Test
    void chatModeNamesTheFloodOptionsWhenTheServerHoldsItsMembersBack() throws Exception {
        TcpServer chat = loopback(lineDoor(FloodGate.RATE, FloodGate.BURST));
        try {
            assertEquals(1, bench("-H", "127.0.0.1", "-p", "" + chat.port(), "-m", "chat", "-c", "4", "--rate", "200",
                    "-d", "3", "--warmup", "0", "--json"));
        } finally {
            chat.stop();
        }
        assertTrue(out.toString().contains("start the chat server with --flood-rate and --flood-burst above that"),
                out.toString());
    }

    @Test
    void aServerThatChangesOneByteIsCaught() throws Exception {
        try (ServerSocket liar = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread thread = new Thread(() -> {
                try (Socket socket = liar.accept()) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    OutputStream o = socket.getOutputStream();
                    byte[] buffer = new byte[4096];
                    long total = 0;
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        for (int i = 0; i < n; i++) {
                            if (total + i == 1000) {
                                buffer[i] ^= 0x20;
                            }
                        }
                        total += n;
                        o.write(buffer, 0, n);
                    }
                } catch (Exception ignored) {
                    // The bench closes the connection once it sees the bad byte.
                }
            });
            thread.start();
            assertEquals(1, bench("-H", "127.0.0.1", "-p", "" + liar.getLocalPort(), "-n", "100", "--timeout", "5"));
            thread.join(10_000);
        }
        assertTrue(err.toString().contains("echoed byte 1000 differs from the byte sent"), err.toString());
    }

    @Test
    void refusedConnectionsAreCountedAndFail() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertEquals(1, bench("-H", "127.0.0.1", "-p", "" + closed, "-c", "2", "-n", "1", "--json"));
        String json = out.toString();
        assertEquals(2, number(json, "connectFailures"));
        for (String unmeasured : java.util.List.of("\"messagesPerSecond\":null", "\"latencyMicros\":null",
                "\"benchCpuCores\":null")) {
            assertTrue(json.contains(unmeasured), unmeasured + " in " + json);
        }
        assertTrue(!json.contains("\"rate\"") && !json.contains("\"stalled\""), "chat fields in ping-pong: " + json);
        out.getBuffer().setLength(0);
        assertEquals(1, bench("-H", "127.0.0.1", "-p", "" + closed, "-n", "1"));
        String text = out.toString();
        assertTrue(text.contains("measured       nothing: no connection was made"), text);
        assertTrue(!text.contains("latency") && !text.contains("bench CPU") && !text.contains("0.0 us"), text);
    }
}
