package org.tcpkit.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.testing.RecordingLogger;
import org.tcpkit.testing.Wire;

/**
 * The echo session's two paths over real sockets: through the socket channel and a pooled direct buffer (data
 * events not logged), and through the streams (data events logged portion by portion).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoSessionPathsTest {
    private TcpServer server;
    private EchoSession session;
    private RecordingLogger log;

    private void start(boolean logData, ListenConfig config, int chunkSize) throws IOException {
        start(logData, config, chunkSize, true);
    }

    private void start(boolean logData, ListenConfig config, int chunkSize, boolean exitLine) throws IOException {
        log = new RecordingLogger(logData);
        session = new EchoSession(chunkSize, log, exitLine);
        server = new TcpServer("echo", config.withBindAddress(InetAddress.getLoopbackAddress()), null, session, log);
        server.start();
    }

    private void start(boolean logData) throws IOException {
        start(logData, ListenConfig.onPort(0), 1024);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Waits (bounded) until the server has logged a line containing {@code text}. */
    private void awaitLogged(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Wire.TIMEOUT_MILLIS);
        while (log.lines().stream().noneMatch(line -> line.contains(text))) {
            assertTrue(System.nanoTime() < deadline, "never logged: " + text + " in " + log.lines());
            Thread.sleep(10);
        }
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void echoesTwoMebibytesByteForByteWhileBuffersGrow(boolean logData) throws Exception {
        start(logData);
        byte[] payload = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        // No line feed anywhere, so no "exit" line can end the session early.
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                payload[i] = 'n';
            }
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket socket = Wire.connect(server.port())) {
            Future<?> sent = writer.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write(payload);
                return null;
            });
            assertArrayEquals(payload, Wire.readExactly(socket.getInputStream(), payload.length));
            sent.get(Wire.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } finally {
            writer.shutdownNow();
        }
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void exitIsEchoedThenTheSessionEndsAndTheRestIsDropped(boolean logData) throws Exception {
        start(logData);
        try (Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write("one\nex".getBytes(StandardCharsets.US_ASCII));
            assertEquals("one\nex", new String(Wire.readExactly(socket.getInputStream(), 6), StandardCharsets.US_ASCII));
            socket.getOutputStream().write("it\r\nafter\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("it\r\n", new String(Wire.readToEnd(socket.getInputStream()), StandardCharsets.US_ASCII));
        }
        awaitLogged("client sent exit");
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void withoutTheExitLineExitIsEchoedLikeAnyLineUntilTheClientCloses(boolean logData) throws Exception {
        start(logData, ListenConfig.onPort(0), 1024, false);
        byte[] sent = "one\nexit\nexit\r\nafter\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write(sent);
            assertArrayEquals(sent, Wire.readExactly(socket.getInputStream(), sent.length));
            socket.shutdownOutput();
            assertEquals(0, Wire.readToEnd(socket.getInputStream()).length);
        }
        awaitLogged("client disconnected");
        assertTrue(log.lines().stream().noneMatch(line -> line.contains("client sent exit")), log.lines().toString());
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void onlyTheUnloggedPathUsesAndReturnsADirectBuffer(boolean logData) throws Exception {
        start(logData);
        try (Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write("hello\nexit\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello\nexit\n", new String(Wire.readToEnd(socket.getInputStream()),
                    StandardCharsets.US_ASCII));
        }
        awaitLogged("client disconnected");
        assertEquals(logData ? 0 : 256, session.pooledBytes());
        assertEquals(logData, log.lines().stream().anyMatch(line -> line.contains("bytes from")));
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void anIdleClientIsClosedAsIdleNotAsAnError(boolean logData) throws Exception {
        start(logData, ListenConfig.onPort(0).withIdleTimeout(Duration.ofMillis(400)), 1024);
        try (Socket socket = Wire.connect(server.port())) {
            assertTrue(Wire.closedByPeer(socket, Wire.TIMEOUT_MILLIS));
        }
        awaitLogged("client disconnected");
        String line = log.lines().stream().filter(l -> l.contains("client disconnected")).findFirst().orElseThrow();
        assertTrue(line.contains("idle timeout") && !line.contains("I/O error"), line);
    }

    @ParameterizedTest(name = "data events logged: {0}")
    @ValueSource(booleans = {false, true})
    void stopEndsABlockedSessionAsAShutdown(boolean logData) throws Exception {
        start(logData);
        try (Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            Wire.readExactly(socket.getInputStream(), 2);
            server.stop();
            assertTrue(Wire.closedByPeer(socket, Wire.TIMEOUT_MILLIS));
        }
        String line = log.lines().stream().filter(l -> l.contains("client disconnected")).findFirst().orElseThrow();
        assertTrue(line.contains("server shutdown"), line);
    }
}
