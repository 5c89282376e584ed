package org.tcpkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, with nothing saved to disk; it can be killed and started
 * again on the same port. Tests that need one skip when it is not installed ({@link #available()}).
 */
public final class RedisProcess implements AutoCloseable {
    private static final long START_SECONDS = 15;

    private final int port;
    private final Path dir;
    private Process process;

    private RedisProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Whether {@code redis-server} can be run here. */
    public static boolean available() {
        try {
            Process probe = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why tests that need Redis skip, when they do. */
    private static final String MISSING = "redis-server is not installed (Debian package redis-server; .ci/run "
            + "installs it when it can)";

    /** Starts one, or skips the calling tests, saying why, when {@code redis-server} cannot be run here. */
    public static RedisProcess startOrSkip() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(), MISSING);
        return start();
    }

    /** Starts one on a free port. */
    public static RedisProcess start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(port, Files.createTempDirectory("tcpkit-redis"));
        redis.restart();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Its URL, for {@code --redis}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again) on its port and waits until it accepts connections. */
    public void restart() throws Exception {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                ready.complete(false);
            }
            ready.complete(false);
        }, "redis-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.get(START_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server did not start on port " + port);
        }
    }

    /** Whether it is running. */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops it where it stands (SIGSTOP), as a machine that hangs would: it accepts connections, answers nothing. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** Lets a paused one go on (SIGCONT). */
    public void resume() throws Exception {
        if (alive()) {
            signal("CONT");
        }
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(START_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    /** Kills it at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() throws Exception {
        resume();
        process.destroyForcibly();
        process.waitFor(START_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
