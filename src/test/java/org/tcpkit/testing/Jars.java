package org.tcpkit.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the packaged {@code server.jar} and {@code client.jar} as separate processes, as a user would. */
public final class Jars {
    /** How long a process may take to print its readiness line or to finish. */
    public static final long PROCESS_TIMEOUT_SECONDS = 30;
    private static final Pattern READY = Pattern.compile("listening on (\\S+):(\\d+)");

    private Jars() {
    }

    /** The built jar, e.g. {@code server.jar}, from the directory the build passes in. */
    public static Path jar(String name) {
        Path dir = Path.of(System.getProperty("tcpkit.jars", "target"));
        Path jar = dir.resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run './mvnw verify', which packages it first");
        }
        return jar;
    }

    /** The java launcher of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line that runs {@code jarName} with {@code args}, optionally prefixed (e.g. by ip netns exec). */
    public static List<String> command(List<String> prefix, String jarName, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(java());
        // These processes live a few seconds: the JIT's optimizing tier and a parallel collector would cost more
        // CPU than they save, and the machine runs several test classes at once; except for a server with
        // accounts, which hashes passwords at full cost (1.3 s a hash without the optimizing tier, 0.13 s with).
        boolean accounts = List.of(args).contains("--auth") || String.join(" ", args).contains("--mode auth");
        if (!accounts) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar(jarName).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** A finished process: exit code and everything it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a program to the end with {@code stdin} piped in, within the timeout. */
    public static Result run(Path workDir, List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        Drain out = Drain.start(process.getInputStream());
        Drain err = Drain.start(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The program may exit before reading all of its input; its output says what happened.
        }
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish in " + PROCESS_TIMEOUT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    /** Runs {@code client.jar} to the end in {@code workDir}. */
    public static Result client(Path workDir, String stdin, String... args) throws Exception {
        return run(workDir, command(List.of(), "client.jar", args), stdin);
    }

    /** Starts {@code server.jar} in {@code workDir} with no standard input and waits for its readiness line. */
    public static Server server(Path workDir, String... args) throws Exception {
        return Server.start(workDir, command(List.of(), "server.jar", args));
    }

    /** A running server process, its readiness line, and what it printed. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> stdout = new ArrayList<>();
        private final Drain stderr;
        private final String readiness;
        private final int port;
        /** Lines of standard output {@link #nextLine} has returned, the readiness line counted. */
        private int handedOut = 1;

        private Server(Process process) throws Exception {
            this.process = process;
            this.stderr = Drain.start(process.getErrorStream());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process ended.
                }
            });
            reader.setDaemon(true);
            reader.start();
            String first = lines.poll(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (first == null) {
                process.destroyForcibly();
                throw new AssertionError("no readiness line; stderr: " + stderr.text());
            }
            stdout.add(first);
            Matcher matcher = READY.matcher(first);
            if (!matcher.find()) {
                process.destroyForcibly();
                throw new AssertionError("unexpected first line: " + first + "; stderr: " + stderr.text());
            }
            this.readiness = first;
            this.port = Integer.parseInt(matcher.group(2));
        }

        /** Starts a server command and waits for its readiness line. */
        public static Server start(Path workDir, List<String> command) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new Server(builder.start());
        }

        public String readiness() {
            return readiness;
        }

        public int port() {
            return port;
        }

        /** The IRC port named in the readiness line ({@code ... and IRC on HOST:PORT}). */
        public int ircPort() {
            Matcher matcher = Pattern.compile(" and IRC on (\\S+):(\\d+)").matcher(readiness);
            if (!matcher.find()) {
                throw new AssertionError("no IRC port in " + readiness);
            }
            return Integer.parseInt(matcher.group(2));
        }

        /** The web door's port named in the readiness line ({@code ... and the web page on HOST:PORT}). */
        public int webPort() {
            Matcher matcher = Pattern.compile(" and the web page on (\\S+):(\\d+)").matcher(readiness);
            if (!matcher.find()) {
                throw new AssertionError("no web port in " + readiness);
            }
            return Integer.parseInt(matcher.group(2));
        }

        /** The next line on standard output after the last one this returned (or the readiness line), waiting. */
        public String nextLine() throws InterruptedException {
            lines.drainTo(stdout);
            if (stdout.size() <= handedOut) {
                String line = lines.poll(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("no line after " + stdout.get(handedOut - 1));
                }
                stdout.add(line);
            }
            return stdout.get(handedOut++);
        }

        public Process process() {
            return process;
        }

        /** Sends SIGTERM and waits for the process to end; returns its exit code. */
        public int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server did not stop within " + PROCESS_TIMEOUT_SECONDS + " s of SIGTERM");
            }
            return process.exitValue();
        }

        /** Everything printed on standard output so far, the readiness line first. */
        public List<String> stdout() {
            lines.drainTo(stdout);
            return stdout;
        }

        /** What the server printed on standard error: all of it once the process has ended. */
        public String stderr() {
            return process.isAlive() ? stderr.snapshot() : stderr.text();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Collects a stream on a background thread so the process never blocks on a full pipe. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                int n;
                try {
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // The process ended.
                }
            });
            thread.setDaemon(true);
        }

        static Drain start(InputStream in) {
            Drain drain = new Drain(in);
            drain.thread.start();
            return drain;
        }

        String snapshot() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        String text() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
