package tcpkitbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static tcpkitbench.Bench.*;

/** Starting and stopping the servers measured, and sampling their CPU time and context switches. */
final class Processes {
    static final class Server {
        final Process process;
        final int port;
        final Path log;
        long readyNanos;

        Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        long cpuTicks() throws IOException {
            String[] fields = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        /** Voluntary and involuntary context switches of all the server's threads so far. */
        long contextSwitches() {
            long total = 0;
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.contains("ctxt_switches:")) {
                                total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                            }
                        }
                    } catch (IOException threadEnded) {
                        // A thread that ended between the listing and the read no longer counts.
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return total;
        }

        long rssKb() throws IOException {
            return status("VmRSS");
        }

        long peakRssKb() throws IOException {
            return status("VmHWM");
        }

        private long status(String key) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        }

        void truncateLog() throws IOException {
            if (log != null && Files.exists(log)) {
                try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
                    file.setLength(0);
                }
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static Server start(Jdk jdk, Variant variant, int port) throws Exception {
        if (variant.netty()) {
            Process process = new ProcessBuilder(jdk.java(), "-Dport=" + port, "-cp", WORK.resolve("netty-lib") + "/*",
                    "io.netty.example.echo.EchoServer")
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("logs/netty.out").toFile()).start();
            Server server = new Server(process, port, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    server.readyNanos = System.nanoTime();
                    return server;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            server.stop();
            throw new IllegalStateException("Netty's EchoServer did not start on port " + port);
        }
        Path log = WORK.resolve("logs/" + variant.name() + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(jdk.java(), "-jar", SERVER.toString(), "--no-prompt",
                "--port", "" + port, "--port-tries", "1", "--max-per-address", "0", "--log-file", log.toString()));
        command.addAll(variant.serverArgs());
        Process process = new ProcessBuilder(command).redirectError(WORK.resolve("logs/server.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        long ready = System.nanoTime();
        Matcher matcher = line == null ? null : Pattern.compile("listening on \\S+:(\\d+)").matcher(line);
        if (matcher == null || !matcher.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("server.jar did not print its readiness line: " + line);
        }
        Server server = new Server(process, Integer.parseInt(matcher.group(1)), log);
        server.readyNanos = ready;
        return server;
    }

    /** A bench run's JSON, and the server's CPU time and context switches over the middle of the measured time. */
    record Sampled(String json, double seconds, long cpuTicks, long switches) {
        /** Adds serverCpuCores and switchesPerMessage (messages as the bench counted them per second). */
        void store(Map<String, Double> values) {
            double rate = values.getOrDefault("messagesPerSecond", 0.0);
            values.put("serverCpuCores", seconds > 0 ? cpuTicks / 100.0 / seconds : 0.0);
            values.put("switchesPerMessage", rate > 0 && seconds > 0 ? switches / (rate * seconds) : 0.0);
        }
    }

    /**
     * Runs a bench command and samples the server while every connection is open, from just after the
     * warm-up to just before the end of the measured time: the bench closes its connections afterwards, and
     * a thread that has ended takes its counts with it.
     */
    /** Runs one client.jar bench {@code command} against {@code server}: its figures and the server's, sampled. */
    static Map<String, Double> measured(List<String> command, Server server, int warmup, int duration)
            throws Exception {
        Sampled sampled = runSampled(command, server, warmup, duration);
        server.truncateLog();
        Map<String, Double> values = parse(sampled.json());
        sampled.store(values);
        if (values.getOrDefault("ok", 0.0) < 1) {
            say("  run failed: " + sampled.json());
        }
        return values;
    }

    static Sampled runSampled(List<String> command, Server server, int warmup, int duration) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long started = System.nanoTime();
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        long from = started + TimeUnit.MILLISECONDS.toNanos(warmup * 1000L + 900);
        long to = started + TimeUnit.MILLISECONDS.toNanos((warmup + duration) * 1000L - 100);
        long cpu = 0;
        long switches = 0;
        double seconds = 0;
        if (to - from > 500_000_000L) {
            sleepUntil(from);
            long cpu0 = server.cpuTicks();
            long switches0 = server.contextSwitches();
            long t0 = System.nanoTime();
            sleepUntil(to);
            cpu = server.cpuTicks() - cpu0;
            switches = server.contextSwitches() - switches0;
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        if (!process.waitFor(warmup + duration + 90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Sampled(new String(output.get(), StandardCharsets.UTF_8).trim(), seconds, cpu, switches);
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static String run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    static Jdk describe(String home) throws Exception {
        Process p = new ProcessBuilder(home + "/bin/java", "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String first = text.lines().filter(l -> l.contains("Runtime Environment")).findFirst().orElse(text.lines().findFirst().orElse(home));
        int feature = Integer.parseInt(text.replaceAll("(?s)^[^\"]*\"(\\d+).*$", "$1"));
        return new Jdk(home, first.trim(), feature);
    }

    private Processes() {
    }
}
