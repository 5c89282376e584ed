package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.Wire;

/** The built jars run as separate processes, the way the README tells people to run them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JarsIT {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(String text) {
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat "), text);
    }

    @Test
    void serverAndPipedClientEchoLikeNetcat() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--port", "0")) {
            assertTrue(server.readiness().matches("Echo server listening on 0\\.0\\.0\\.0:\\d+; press Ctrl\\+C to stop"),
                    server.readiness());
            Jars.Result result = Jars.client(dir, "hi\nПривет, 世界\n\nexit\nnot sent\n", "--port",
                    "" + server.port());
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("hi\nПривет, 世界\n\n", result.stdout());
            assertEquals("", result.stderr());
            assertTrue(Files.isRegularFile(dir.resolve("logs/server.log")));
            assertTrue(Files.isRegularFile(dir.resolve("logs/client.log")));
            assertEquals(List.of(server.readiness()), server.stdout(), "the server prints only its readiness line");
        }
    }

    @Test
    void rawBytesComeBackExactlyThroughTheServerJar() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--port", "0");
             Socket socket = Wire.connect(server.port())) {
            byte[] payload = new byte[300_000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31 + 7);
            }
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    out.flush();
                } catch (Exception e) {
                    // A failed write shows up as a short read below.
                }
            });
            writer.start();
            assertArrayEquals(payload, Wire.readExactly(socket.getInputStream(), payload.length));
            writer.join(10_000);
        }
    }

    @Test
    void withoutTheExitLineAFileHoldingExitComesBackWhole() throws Exception {
        byte[] file = "first\nexit\nlast\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Jars.Server server = Jars.server(dir, "--port", "0", "--no-exit-line");
             Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write(file);
            socket.shutdownOutput();
            assertArrayEquals(file, Wire.readToEnd(socket.getInputStream()));
        }
    }

    @Test
    void secondServerOnABusyPortMovesOnAndSaysSo() throws Exception {
        try (Jars.Server first = Jars.server(dir, "--port", "0");
             Jars.Server second = Jars.server(dir, "--port", "" + first.port())) {
            assertNotEquals(first.port(), second.port());
            assertTrue(second.readiness().contains("(port " + first.port() + " was busy)"), second.readiness());
            Jars.Result result = Jars.client(dir, "via fallback\n", "--port", "" + second.port());
            assertEquals("via fallback\n", result.stdout());
        }
    }

    @Test
    void busyPortWithFallbackOffFailsWithOneLineAndExitOne() throws Exception {
        try (Jars.Server first = Jars.server(dir, "--port", "0")) {
            Jars.Result result = Jars.run(dir, Jars.command(List.of(), "server.jar", "--port", "" + first.port(),
                    "--port-tries", "1"), "");
            assertEquals(1, result.exitCode());
            assertEquals(1, result.stderr().lines().count(), result.stderr());
            assertTrue(result.stderr().contains("port " + first.port()), result.stderr());
            assertNoStackTrace(result.stderr());
        }
    }

    @Test
    void sigtermClosesClientsLogsTheStopAndExitsPromptly() throws Exception {
        Jars.Server server = Jars.server(dir, "--port", "0");
        try (Socket socket = Wire.connect(server.port())) {
            socket.getOutputStream().write("still here\n".getBytes());
            Wire.readExactly(socket.getInputStream(), 11);
            long started = System.nanoTime();
            int code = server.terminate();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(143, code, "exit status after SIGTERM");
            assertTrue(millis < 5_000, "stopping took " + millis + " ms");
            assertTrue(Wire.closedByPeer(socket, 5_000));
        }
        String log = Files.readString(dir.resolve("logs/server.log"));
        assertTrue(log.contains("server stopping"), log);
        assertTrue(log.contains("server shutdown"), log);
        assertTrue(log.contains("server stopped"), log);
        assertEquals("", server.stderr());
    }

    @Test
    void clientReportsLostServerInOneLineAndExitsOne() throws Exception {
        Jars.Server server = Jars.server(dir, "--port", "0");
        Process client = new ProcessBuilder(Jars.command(List.of(), "client.jar", "--port", "" + server.port()))
                .directory(dir.toFile()).start();
        try (OutputStream in = client.getOutputStream()) {
            in.write("first\n".getBytes());
            in.flush();
            byte[] echo = client.getInputStream().readNBytes(6);
            assertEquals("first\n", new String(echo));
            server.terminate();
            in.write("second\n".getBytes());
            in.flush();
        } catch (java.io.IOException clientAlreadyGone) {
            // The client may have exited before reading its input; its exit code and message are checked.
        }
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        String err = new String(client.getErrorStream().readAllBytes());
        assertEquals(1, client.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        // Reported as soon as the server closes, while the client still waits for the user's next line.
        assertTrue(err.startsWith("client: the server at localhost:" + server.port() + " closed the connection"), err);
        assertNoStackTrace(err);
    }

    @Test
    void refusedConnectionIsOneLineWithExitOne() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Jars.Result result = Jars.client(dir, "hi\n", "--port", "" + port);
        assertEquals(1, result.exitCode());
        assertEquals("client: cannot connect to localhost:" + port + ": Connection refused\n", result.stderr());
    }

    @Test
    void badUsageIsOneLineWithExitTwoForBothJars() throws Exception {
        Jars.Result server = Jars.run(dir, Jars.command(List.of(), "server.jar", "--port", "65536"), "");
        assertEquals(2, server.exitCode());
        assertEquals(1, server.stderr().lines().count(), server.stderr());
        assertTrue(server.stderr().contains("'--port'") && server.stderr().contains("'65536'"), server.stderr());
        Jars.Result client = Jars.run(dir, Jars.command(List.of(), "client.jar", "--nonsense"), "");
        assertEquals(2, client.exitCode());
        assertEquals(1, client.stderr().lines().count(), client.stderr());
        assertNoStackTrace(server.stderr() + client.stderr());
    }

    @Test
    void helpAndVersionWorkOnBothJars() throws Exception {
        for (String jar : new String[] {"server.jar", "client.jar"}) {
            Jars.Result help = Jars.run(dir, Jars.command(List.of(), jar, "--help"), "");
            assertEquals(0, help.exitCode());
            assertTrue(help.stdout().contains("Usage: "), help.stdout());
            Jars.Result version = Jars.run(dir, Jars.command(List.of(), jar, "--version"), "");
            assertEquals(0, version.exitCode());
            assertTrue(version.stdout().startsWith("tcpkit "), version.stdout());
        }
    }

    @Test
    void verboseMirrorsEventsToStderrAndInfoLevelDropsDataEvents() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--port", "0", "--log-level", "info",
                "--log-file", "quiet.log")) {
            Jars.Result result = Jars.client(dir, "abc\n", "--port", "" + server.port(), "--verbose",
                    "--log-file", "loud.log");
            assertEquals("abc\n", result.stdout());
            assertTrue(result.stderr().contains("connected to localhost:" + server.port()), result.stderr());
            assertTrue(result.stderr().contains("sending 4 bytes"), result.stderr());
            server.terminate();
        }
        String quiet = Files.readString(dir.resolve("quiet.log"));
        assertTrue(quiet.contains("client connected"), quiet);
        assertFalse(quiet.contains("received"), quiet);
        assertTrue(Files.readString(dir.resolve("loud.log")).contains("sending 4 bytes"));
    }
}
