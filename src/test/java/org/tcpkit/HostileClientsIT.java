package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.net.Tls;
import org.tcpkit.testing.ClientHello;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TestKeys;
import org.tcpkit.testing.Wire;

/** The built server.jar against clients that attack it, and under the limits of its host. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileClientsIT {
    @TempDir
    static Path keysDir;
    private static TestKeys keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        keys = TestKeys.make(keysDir);
    }

    private Jars.Server tlsServer(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--tls", "--keystore",
                keys.keystore().toString(), "--keystore-password", TestKeys.PASSWORD));
        args.addAll(List.of(more));
        return Jars.server(dir, args.toArray(new String[0]));
    }

    private String serverLog() throws IOException {
        return Files.readString(dir.resolve("logs/server.log"), StandardCharsets.UTF_8);
    }

    @Test
    void aServerNameWithLineBreaksAndEscapesIsLoggedAsOneEscapedLine() throws Exception {
        String forged = "2026-11-22 00:00:00.000 INFO AuthServer - login succeeded: \"admin\" from 10.9.8.7:4242";
        try (Jars.Server server = tlsServer("--mode", "auth")) {
            try (Socket socket = Wire.connect(server.port())) {
                socket.getOutputStream().write(ClientHello.withServerName("x\r\n" + forged + "\u001b[2J"));
                assertTrue(Wire.closedByPeer(socket, 10_000));
            }
            assertEquals(143, server.terminate());
        }
        String log = serverLog();
        assertFalse(log.contains("\u001b"), "a raw ESC reached the log");
        assertFalse(log.contains("\r"), "a raw CR reached the log");
        assertTrue(log.lines().filter(line -> line.contains("login succeeded"))
                .allMatch(line -> line.contains("TLS handshake failed")), "a forged event has a line of its own: " + log);
        assertTrue(log.lines().anyMatch(line -> line.contains("TLS handshake failed")
                && line.contains("x\\r\\n" + forged + "\\x1b[2J")), log);
    }

    @Test
    void sigtermEndsTheServerWithin5sWhileATlsClientStallsAWrite() throws Exception {
        try (Jars.Server server = tlsServer("--idle-timeout", "300")) {
            SSLSocket idle = keys.connect(server.port());
            SSLSocket stalled = (SSLSocket) Tls.clientSockets(null, null, keys.certificate()).createSocket();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("localhost", server.port()), Wire.TIMEOUT_MILLIS);
            stalled.startHandshake();
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = stalled.getOutputStream();
                    for (int i = 0; i < 4096; i++) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // Reset by the server as it stops: the point of the test.
                }
            });
            writer.setDaemon(true);
            writer.start();
            Wire.awaitSteady(sent);
            assertTrue(writer.isAlive(), "the stalled client's writes were all taken");
            long started = System.nanoTime();
            server.process().destroy();
            assertTrue(server.process().waitFor(5, TimeUnit.SECONDS), "the server did not stop within 5 s");
            assertEquals(143, server.process().exitValue());
            writer.join(5_000);
            assertFalse(writer.isAlive());
            assertTrue(Wire.closedByPeer(idle, 5_000));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 5_000);
            stalled.setSoLinger(true, 0);
            stalled.close();
            idle.close();
        }
        assertTrue(serverLog().contains("server stopped"));
    }

    /** Runs server.jar under a shell that first sets the file limit with {@code ulimitArgs}. */
    private Jars.Server limitedServer(String ulimitArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit " + ulimitArgs + " && exec \"$@\"",
                "server"));
        command.addAll(Jars.command(List.of(), "server.jar", args));
        return Jars.Server.start(dir, command);
    }

    @Test
    void aLowFileLimitCapsMaxConnectionsWithANoteAndTheServerRefusesCleanly() throws Exception {
        int allowed;
        List<Socket> held = new ArrayList<>();
        try (Jars.Server server = limitedServer("-n 256", "--host", "127.0.0.1", "--port", "0",
                "--max-connections", "1000", "--max-per-address", "0", "--log-level", "info")) {
            // The note is printed before the readiness line, so it is there by now.
            Matcher note = Pattern.compile("serving at most (\\d+) clients at once instead of 1000: this process "
                    + "may open 256 files").matcher(server.stderr());
            assertTrue(note.find(), server.stderr());
            allowed = Integer.parseInt(note.group(1));
            assertTrue(allowed > 100 && allowed < 256, "allowed " + allowed);
            try {
                for (int i = 0; i < allowed; i++) {
                    Socket socket = Wire.connect(server.port());
                    held.add(socket);
                    socket.getOutputStream().write("x\n".getBytes());
                    assertArrayEquals("x\n".getBytes(), Wire.readExactly(socket.getInputStream(), 2));
                }
                for (int i = 0; i < 30; i++) {
                    try (Socket extra = Wire.connect(server.port())) {
                        assertEquals(0, Wire.readToEnd(extra.getInputStream()).length);
                    }
                }
                held.get(0).getOutputStream().write("still\n".getBytes());
                assertArrayEquals("still\n".getBytes(), Wire.readExactly(held.get(0).getInputStream(), 6));
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertEquals(143, server.terminate());
        }
        String log = serverLog();
        assertFalse(log.contains("accepting a connection failed"), "ran out of file descriptors");
        assertEquals(1, log.lines().filter(line -> line.contains("client refused: 127.0.0.1")).count(),
                "30 refusals are one line and a count: " + log);
    }

    /**
     * A task limit such as systemd's TasksMax: a pids cgroup of 120 tasks. The server counts the threads it
     * may still start and lowers its limit, so clients past it are refused as "server full" and no thread
     * start ever fails.
     */
    @Test
    void aTaskLimitLowersMaxConnectionsSoNoThreadStartFails() throws Exception {
        Path group = Path.of("/sys/fs/cgroup/pids", "tcpkit-it-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("pids.max"), "120");
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("needs a writable pids cgroup (cgroup v1 at /sys/fs/cgroup/pids, as root): " + e);
        }
        try {
            List<String> command = new ArrayList<>(List.of("bash", "-c",
                    "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"", "server"));
            command.addAll(Jars.command(List.of(), "server.jar", "--host", "127.0.0.1", "--port", "0", "--threads",
                    "platform", "--max-connections", "1000", "--max-per-address", "0", "--log-level", "info"));
            List<Socket> held = new ArrayList<>();
            try (Jars.Server server = Jars.Server.start(dir, command)) {
                Matcher note = Pattern.compile("serving at most (\\d+) clients at once instead of 1000: the "
                        + "system lets this process start about \\d+ more threads").matcher(server.stderr());
                assertTrue(note.find(), server.stderr());
                int allowed = Integer.parseInt(note.group(1));
                try {
                    for (int i = 0; i < allowed; i++) {
                        Socket socket = Wire.connect(server.port());
                        held.add(socket);
                        socket.getOutputStream().write("t\n".getBytes());
                        assertArrayEquals("t\n".getBytes(), Wire.readExactly(socket.getInputStream(), 2));
                    }
                    for (int i = 0; i < 10; i++) {
                        try (Socket extra = Wire.connect(server.port())) {
                            assertEquals(0, Wire.readToEnd(extra.getInputStream()).length);
                        }
                    }
                } finally {
                    for (Socket socket : held) {
                        socket.close();
                    }
                }
                assertEquals(143, server.terminate());
            }
            String log = serverLog();
            assertFalse(log.contains("no thread could be started"), log);
            assertFalse(log.contains("OutOfMemoryError"), log);
            assertTrue(log.contains("client refused: 127.0.0.1"), log);
        } finally {
            removeGroup(group);
        }
    }

    /**
     * Removes a cgroup once the kernel has let go of its tasks, which may lag behind their process's exit on a
     * busy machine (the removal is refused as busy meanwhile).
     */
    private static void removeGroup(Path group) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                Files.deleteIfExists(group);
                return;
            } catch (java.nio.file.FileSystemException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void theSoftFileLimitIsRaisedToTheHardOne() throws Exception {
        try (Jars.Server server = limitedServer("-S -n 256", "--host", "127.0.0.1", "--port", "0",
                "--max-connections", "1000", "--max-per-address", "0")) {
            assertEquals("", server.stderr().strip(), "a soft limit of 256 lowered the connection limit");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    Socket socket = Wire.connect(server.port());
                    held.add(socket);
                }
                for (Socket socket : held) {
                    socket.getOutputStream().write("y\n".getBytes());
                    assertArrayEquals("y\n".getBytes(), Wire.readExactly(socket.getInputStream(), 2));
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertEquals(143, server.terminate());
        }
    }

    @Test
    void theClientWritesItsLastEventsToItsLogWhenStoppedBySigterm() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--log-level", "info")) {
            Process client = new ProcessBuilder(Jars.command(List.of(), "client.jar", "--port", "" + server.port()))
                    .directory(dir.toFile()).start();
            try {
                client.getOutputStream().write("last words\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("last words", out.readLine());
                client.destroy();
                assertTrue(client.waitFor(10, TimeUnit.SECONDS));
            } finally {
                client.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("logs/client.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("\"last words\\n\""), log);
        }
    }
}
