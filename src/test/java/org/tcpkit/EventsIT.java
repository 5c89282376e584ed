package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.Wire;

/**
 * Every kind of event the server and client log, checked in the log files of real processes: one scripted
 * run produces them all, then each kind is one test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class EventsIT {
    @TempDir
    static Path dir;

    private String serverLog;
    private String clientLog;

    @BeforeAll
    void produceEveryEvent() throws Exception {
        Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--idle-timeout", "1");
        int port = server.port();
        try {
            // exit typed by the user, then end of input (closed by peer)
            assertEquals(0, Jars.client(dir, "hello\nexit\n", "--port", "" + port).exitCode());
            assertEquals(0, Jars.client(dir, "bye\n", "--port", "" + port).exitCode());
            // reset: the peer aborts the connection
            try (Socket reset = Wire.connect(port)) {
                reset.getOutputStream().write("x\n".getBytes());
                Wire.readExactly(reset.getInputStream(), 2);
                reset.setSoLinger(true, 0);
            }
            // idle timeout: a client that says nothing for longer than --idle-timeout
            try (Socket idle = Wire.connect(port)) {
                assertTrue(Wire.closedByPeer(idle, 10_000));
            }
            // shutdown: a client still connected when the server stops
            try (Socket kept = Wire.connect(port)) {
                kept.getOutputStream().write("y\n".getBytes());
                Wire.readExactly(kept.getInputStream(), 2);
                assertEquals(143, server.terminate());
            }
            // client side: a server that closes mid-session, and one that never answers
            try (ServerSocket rude = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread closer = new Thread(() -> {
                    try (Socket s = rude.accept()) {
                        s.setSoTimeout(10_000);
                        Wire.readExactly(s.getInputStream(), 4);
                    } catch (IOException ignored) {
                        // Only the client's log matters here.
                    }
                });
                closer.start();
                assertEquals(1, Jars.client(dir, "one\ntwo\n", "--host", "127.0.0.1", "--port",
                        "" + rude.getLocalPort()).exitCode());
                closer.join(5_000);
                assertEquals(1, Jars.client(dir, "silence\n", "--host", "127.0.0.1", "--port",
                        "" + rude.getLocalPort(), "--timeout", "1").exitCode());
            }
        } finally {
            server.close();
        }
        serverLog = Files.readString(dir.resolve("logs/server.log"));
        clientLog = Files.readString(dir.resolve("logs/client.log"));
    }


    @ParameterizedTest(name = "server logs {0}")
    @CsvSource(delimiter = '|', value = {
        "server starting     | INFO EchoServer - server starting: echo server, bind address 127.0.0.1, port any free",
        "listening           | INFO EchoServer - listening on 127.0.0.1:\\d+: waiting for clients",
        "client connected    | INFO EchoServer - client connected: 127.0.0.1:\\d+ \\(1 open\\)",
        "data received       | DEBUG EchoServer - received 6 bytes from 127.0.0.1:\\d+: \"hello\\\\n\"",
        "data sent           | DEBUG EchoServer - sent 6 bytes back to 127.0.0.1:\\d+",
        "exit                | INFO EchoServer - client disconnected: 127.0.0.1:\\d+, client sent exit",
        "closed by peer      | INFO EchoServer - client disconnected: 127.0.0.1:\\d+, closed by peer",
        "reset               | INFO EchoServer - client disconnected: 127.0.0.1:\\d+, connection reset by peer",
        "timeout             | INFO EchoServer - client disconnected: 127.0.0.1:\\d+, idle timeout",
        "shutdown            | INFO EchoServer - client disconnected: 127.0.0.1:\\d+, server shutdown",
        "server stopping     | INFO EchoServer - server stopping: closing the listener and 1 open connection",
        "server stopped      | INFO EchoServer - server stopped"
    })
    void serverEvent(String kind, String regex) {
        assertLogged(serverLog, regex);
    }

    @ParameterizedTest(name = "client logs {0}")
    @CsvSource(delimiter = '|', value = {
        "connecting              | INFO EchoClient - connecting to localhost:\\d+",
        "connected               | INFO EchoClient - connected to localhost:\\d+ \\(127.0.0.1:\\d+\\) from 127.0.0.1:\\d+",
        "sending                 | DEBUG EchoClient - sending 6 bytes to localhost:\\d+: \"hello\\\\n\"",
        "received                | DEBUG EchoClient - received 6 bytes from localhost:\\d+: \"hello\\\\n\"",
        "disconnected by user    | INFO EchoClient - disconnected by user: typed exit",
        "end of input            | INFO EchoClient - disconnected by user: end of input",
        "disconnected by server  | WARN EchoClient - disconnected by server: the server closed the connection",
        "disconnected on error   | WARN EchoClient - disconnected on error: no answer from 127.0.0.1:\\d+"
    })
    void clientEvent(String kind, String regex) {
        assertLogged(clientLog, regex);
    }

    private static void assertLogged(String log, String regex) {
        Pattern line = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[\\d+\\] " + regex,
                Pattern.MULTILINE);
        assertTrue(line.matcher(log).find(), "no line matching /" + regex + "/ in:\n" + log);
    }
}
