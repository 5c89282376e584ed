import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Runs tcpkit's echo server and Netty's EchoServer example under the same loads, alternating between them,
 * and writes docs/BENCHMARKS.md, docs/benchmarks.png and docs/benchmarks.csv. Started by bench/run.sh, which
 * builds the jars and fetches Netty first. Every load comes from {@code client.jar bench}, as a user runs it.
 */
public final class Bench {
    static final Path CLIENT = Path.of("target/client.jar");
    static final Path SERVER = Path.of("target/server.jar");
    static final Path WORK = Path.of("bench/work");
    static int ROUNDS = intEnv("ROUNDS", 3);
    static int DURATION = intEnv("DURATION", 4);
    static int WARMUP = intEnv("WARMUP", 1);
    static int HOLD_CONNECTIONS = intEnv("HOLD_CONNECTIONS", 15_000);
    static final int[] SWEEP = {1, 10, 100, 1000};

    record Variant(String name, String description, List<String> serverArgs) {
        boolean netty() {
            return name.equals("netty");
        }
    }

    record Scenario(String id, String title, String mode, int connections, int size, List<String> variants) {
        String metric() {
            return mode.equals("bulk") ? "megabytesPerSecond" : "messagesPerSecond";
        }
    }

    record Sample(String jdk, String scenario, String variant, int round, Map<String, Double> values) {
    }

    record Jdk(String home, String label, int feature) {
        String java() {
            return home + "/bin/java";
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("tcpkit-info", "tcpkit, --log-level info", List.of("--log-level", "info")),
            new Variant("tcpkit", "tcpkit defaults: 1 KiB portions, every event logged", List.of()),
            new Variant("tcpkit-64k", "tcpkit, --chunk-size 65536 --log-level info",
                    List.of("--chunk-size", "65536", "--log-level", "info")),
            new Variant("netty", "Netty 4.1.118 io.netty.example.echo.EchoServer", List.of()));

    static final List<Scenario> SCENARIOS = scenarios();

    static List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        for (int c : SWEEP) {
            list.add(new Scenario("pingpong-64-c" + c, "ping-pong, 64-byte lines", "pingpong", c, 64,
                    List.of("tcpkit-info", "tcpkit", "netty")));
        }
        for (int c : new int[] {1, 100}) {
            list.add(new Scenario("pingpong-4k-c" + c, "ping-pong, 4 KiB messages", "pingpong", c, 4096,
                    List.of("tcpkit-64k", "tcpkit", "netty")));
        }
        list.add(new Scenario("bulk-c4", "bulk, 4 KiB messages, 256 KiB in flight", "bulk", 4, 4096,
                List.of("tcpkit-64k", "tcpkit", "netty")));
        return list;
    }

    /** Where the report goes: docs/, or BENCH_OUT for a quick look that must not replace the published one. */
    static final Path OUT = Path.of(System.getenv().getOrDefault("BENCH_OUT", "docs"));
    static final Path CSV = OUT.resolve("benchmarks.csv");
    static final Path META = OUT.resolve("benchmarks-meta.txt");

    /** Runs everything; with {@code --render}, only rewrites the report from the last run's saved data. */
    public static void main(String[] args) throws Exception {
        List<Jdk> jdks = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        Map<String, List<String>> holds = new LinkedHashMap<>();
        Map<String, List<Double>> startups = new LinkedHashMap<>();
        if (args.length > 0 && args[0].equals("--render")) {
            load(jdks, samples, holds, startups);
        } else {
            Files.createDirectories(WORK.resolve("logs"));
            for (String home : System.getenv().getOrDefault("JDKS", System.getProperty("java.home")).trim().split("\\s+")) {
                jdks.add(describe(home));
            }
            for (Jdk jdk : jdks) {
                say("== " + jdk.label());
                samples.addAll(runChat(jdk));
                samples.addAll(runScenarios(jdk));
                holds.put(jdk.label(), runHolds(jdk));
                startups.put(jdk.label(), startupTimes(jdk));
            }
            writeCsv(samples);
            writeMeta(jdks, holds, startups);
        }
        Files.createDirectories(OUT);
        drawChart(jdks, samples, OUT.resolve("benchmarks.png"));
        Files.writeString(OUT.resolve("BENCHMARKS.md"), markdown(jdks, samples, holds, startups));
        say("wrote " + OUT.resolve("BENCHMARKS.md") + ", benchmarks.png and benchmarks.csv beside it");
    }

    // ---------------------------------------------------------------- running

    static List<Sample> runScenarios(Jdk jdk) throws Exception {
        Map<String, Server> servers = new LinkedHashMap<>();
        int port = 19100;
        try {
            for (Variant variant : VARIANTS) {
                servers.put(variant.name(), start(jdk, variant, port++));
            }
            List<Sample> samples = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (Scenario scenario : SCENARIOS) {
                    List<String> order = new ArrayList<>(scenario.variants());
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (String name : order) {
                        Server server = servers.get(name);
                        Map<String, Double> values = load(jdk, server, scenario);
                        samples.add(new Sample(jdk.label(), scenario.id(), name, round, values));
                        say(String.format(Locale.ROOT, "  round %d %-16s %-12s %,12.0f msg/s %,9.1f MB/s  p99 %,9.1f us  server %.2f cores",
                                round, scenario.id(), name, values.get("messagesPerSecond"),
                                values.get("megabytesPerSecond"), values.get("p99"), values.get("serverCpuCores")));
                    }
                }
            }
            return samples;
        } finally {
            for (Server server : servers.values()) {
                server.stop();
            }
        }
    }

    static Map<String, Double> load(Jdk jdk, Server server, Scenario scenario) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.java(), "-jar", CLIENT.toString(), "bench", "--json",
                "-p", "" + server.port, "-m", scenario.mode(), "-c", "" + scenario.connections(),
                "-s", "" + scenario.size(), "-d", "" + DURATION, "--warmup", "" + WARMUP,
                "--io-threads", scenario.connections() > 1 ? "2" : "1"));
        Sampled sampled = runSampled(command, server, WARMUP, DURATION);
        server.truncateLog();
        Map<String, Double> values = parse(sampled.json());
        sampled.store(values);
        if (values.getOrDefault("ok", 0.0) < 1) {
            say("  run failed: " + sampled.json());
        }
        return values;
    }

    static final int CHAT_MEMBERS = intEnv("CHAT_MEMBERS", 200);
    static final int CHAT_RATE = intEnv("CHAT_RATE", 1000);

    /** 200 chat members, 1,000 messages a second in all: 200,000 deliveries a second; then one member more that never reads. */
    static List<Sample> runChat(Jdk jdk) throws Exception {
        Path log = WORK.resolve("logs/chat-server.log");
        Process process = new ProcessBuilder(jdk.java(), "-jar", SERVER.toString(), "chat", "--no-prompt", "--port", "19500",
                "--port-tries", "1", "--flood-rate", "100000", "--flood-burst", "100000", "--log-file", log.toString())
                .redirectError(WORK.resolve("logs/server.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.contains("listening on")) {
            process.destroyForcibly();
            throw new IllegalStateException("the chat server did not start: " + ready);
        }
        Server server = new Server(process, 19500, log);
        List<Sample> samples = new ArrayList<>();
        try {
            chatLoad(jdk, server, 0, 3, 1);
            for (int round = 1; round <= ROUNDS; round++) {
                for (int stalled : round % 2 == 1 ? new int[] {0, 1} : new int[] {1, 0}) {
                    Map<String, Double> values = chatLoad(jdk, server, stalled, Math.max(8, DURATION * 2), 2);
                    samples.add(new Sample(jdk.label(), "chat-" + CHAT_MEMBERS, stalled == 0 ? "tcpkit" : "tcpkit+stalled",
                            round, values));
                    say(String.format(Locale.ROOT, "  round %d chat %d members%s %,10.0f deliveries/s  p99 %,9.1f us  dropped %.0f  server %.2f cores",
                            round, CHAT_MEMBERS, stalled == 0 ? "" : " + 1 never reading", values.get("messagesPerSecond"),
                            values.get("p99"), values.getOrDefault("echoSeconds", 0.0), values.get("serverCpuCores")));
                }
            }
        } finally {
            server.stop();
        }
        return samples;
    }

    static Map<String, Double> chatLoad(Jdk jdk, Server server, int stalled, int duration, int warmup) throws Exception {
        List<String> command = List.of(jdk.java(), "-jar", CLIENT.toString(), "bench", "--json", "-m", "chat", "-p",
                "" + server.port, "-c", "" + CHAT_MEMBERS, "--rate", "" + CHAT_RATE, "--stalled", "" + stalled,
                "-d", "" + duration, "--warmup", "" + warmup, "--io-threads", "2");
        Sampled sampled = runSampled(command, server, warmup, duration);
        server.truncateLog();
        Map<String, Double> values = parse(sampled.json());
        sampled.store(values);
        if (values.getOrDefault("ok", 0.0) < 1) {
            say("  run failed: " + sampled.json());
        }
        return values;
    }

    static List<String> runHolds(Jdk jdk) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Variant variant : List.of(VARIANTS.get(0), VARIANTS.get(3))) {
            int rounds = variant.netty() ? 1 : 3;
            for (int round = 1; round <= rounds; round++) {
                Server server = start(jdk, variant, 19300 + round);
                try {
                    Thread.sleep(500);
                    long baseline = server.rssKb();
                    String json = run(List.of(jdk.java(), "-jar", CLIENT.toString(), "bench", "--json", "-p",
                            "" + server.port, "-m", "hold", "-c", "" + HOLD_CONNECTIONS, "--timeout", "60"), 150);
                    long peak = server.peakRssKb();
                    Map<String, Double> v = parse(json);
                    double total = v.getOrDefault("connectSeconds", 0.0) + v.getOrDefault("echoSeconds", 0.0);
                    String row = String.format(Locale.ROOT, "| %s | %s | %d | %,.0f of %,d | %,.0f | %.2f | %.2f | %.2f | %,d | %,d | %.1f |",
                            jdk.label(), variant.name(), round, v.getOrDefault("messages", 0.0), HOLD_CONNECTIONS,
                            v.getOrDefault("connectFailures", 0.0), v.getOrDefault("connectSeconds", 0.0),
                            v.getOrDefault("echoSeconds", 0.0), total, baseline / 1024, peak / 1024,
                            (peak - baseline) * 1024.0 / HOLD_CONNECTIONS / 1024.0);
                    rows.add(row);
                    say("  hold " + row);
                } finally {
                    server.stop();
                }
            }
        }
        return rows;
    }

    static List<Double> startupTimes(Jdk jdk) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            Server server = start(jdk, VARIANTS.get(1), 0);
            times.add((server.readyNanos - started) / 1e9);
            server.stop();
        }
        say("  startup " + times);
        return times;
    }

    // ---------------------------------------------------------------- processes

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
                "--port", "" + port, "--port-tries", "1", "--log-file", log.toString()));
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

    static Map<String, Double> parse(String json) {
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(-?[0-9.]+|true|false)").matcher(json);
        while (m.find()) {
            String v = m.group(2);
            values.put(m.group(1), v.equals("true") ? 1.0 : v.equals("false") ? 0.0 : Double.parseDouble(v));
        }
        for (String key : List.of("messagesPerSecond", "megabytesPerSecond", "p50", "p90", "p99", "p999", "max")) {
            values.putIfAbsent(key, 0.0);
        }
        return values;
    }

    static Jdk describe(String home) throws Exception {
        Process p = new ProcessBuilder(home + "/bin/java", "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String first = text.lines().filter(l -> l.contains("Runtime Environment")).findFirst().orElse(text.lines().findFirst().orElse(home));
        int feature = Integer.parseInt(text.replaceAll("(?s)^[^\"]*\"(\\d+).*$", "$1"));
        return new Jdk(home, first.trim(), feature);
    }

    // ---------------------------------------------------------------- reporting

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double med(List<Sample> samples, String jdk, String scenario, String variant, String key) {
        List<Double> values = new ArrayList<>();
        for (Sample s : samples) {
            if (s.jdk().equals(jdk) && s.scenario().equals(scenario) && s.variant().equals(variant)) {
                values.add(s.values().getOrDefault(key, Double.NaN));
            }
        }
        return median(values);
    }

    static void writeCsv(List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("jdk,scenario,variant,round,messagesPerSecond,megabytesPerSecond,p50,p90,p99,p999,max,benchCpuCores,serverCpuCores,switchesPerMessage,echoSeconds,errors\n");
        for (Sample s : samples) {
            Map<String, Double> v = s.values();
            csv.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%d,%.1f,%.2f,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%.3f,%.1f,%.0f%n",
                    s.jdk(), s.scenario(), s.variant(), s.round(), v.get("messagesPerSecond"),
                    v.get("megabytesPerSecond"), v.get("p50"), v.getOrDefault("p90", 0.0), v.get("p99"), v.get("p999"), v.get("max"),
                    v.getOrDefault("benchCpuCores", 0.0), v.getOrDefault("serverCpuCores", 0.0),
                    v.getOrDefault("switchesPerMessage", 0.0), v.getOrDefault("echoSeconds", 0.0), v.getOrDefault("errors", 0.0)));
        }
        Files.writeString(CSV, csv);
    }

    static void writeMeta(List<Jdk> jdks, Map<String, List<String>> holds, Map<String, List<Double>> startups)
            throws IOException {
        StringBuilder meta = new StringBuilder();
        meta.append("settings|").append(ROUNDS).append('|').append(DURATION).append('|').append(WARMUP).append('|')
            .append(HOLD_CONNECTIONS).append('|').append(LocalDate.now()).append('\n');
        for (Jdk jdk : jdks) {
            meta.append("jdk|").append(jdk.home()).append('|').append(jdk.label()).append('|').append(jdk.feature()).append('\n');
            for (String row : holds.get(jdk.label())) {
                meta.append("hold|").append(jdk.label()).append('|').append(row.replace("|", "\\u007c")).append('\n');
            }
            for (double t : startups.get(jdk.label())) {
                meta.append("startup|").append(jdk.label()).append('|').append(t).append('\n');
            }
        }
        Files.writeString(META, meta);
    }

    static void load(List<Jdk> jdks, List<Sample> samples, Map<String, List<String>> holds,
                     Map<String, List<Double>> startups) throws IOException {
        for (String line : Files.readAllLines(META)) {
            String[] f = line.split("\\|", -1);
            switch (f[0]) {
                case "settings" -> {
                    ROUNDS = Integer.parseInt(f[1]);
                    DURATION = Integer.parseInt(f[2]);
                    WARMUP = Integer.parseInt(f[3]);
                    HOLD_CONNECTIONS = Integer.parseInt(f[4]);
                    runDate = f[5];
                }
                case "jdk" -> {
                    jdks.add(new Jdk(f[1], f[2], Integer.parseInt(f[3])));
                    holds.put(f[2], new ArrayList<>());
                    startups.put(f[2], new ArrayList<>());
                }
                case "hold" -> holds.get(f[1]).add(f[2].replace("\\u007c", "|"));
                case "startup" -> startups.get(f[1]).add(Double.parseDouble(f[2]));
                default -> { }
            }
        }
        List<String> rows = Files.readAllLines(CSV);
        String[] header = rows.get(0).split(",");
        for (String row : rows.subList(1, rows.size())) {
            int close = row.indexOf("\",");
            String jdk = row.substring(1, close);
            String[] f = row.substring(close + 2).split(",");
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 3; i < f.length; i++) {
                values.put(header[i + 1], Double.parseDouble(f[i]));
            }
            samples.add(new Sample(jdk, f[0], f[1], Integer.parseInt(f[2]), values));
        }
    }

    static String runDate = LocalDate.now().toString();

    static String markdown(List<Jdk> jdks, List<Sample> samples, Map<String, List<String>> holds,
                           Map<String, List<Double>> startups) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("tcpkit's echo server (blocking sockets, a thread per connection) against Netty's published echo ")
          .append("example, `io.netty.example.echo.EchoServer` from `io.netty:netty-example:4.1.118.Final`, under ")
          .append("the same loads in the same run. Written by `bench/run.sh` on ").append(runDate).append(".\n\n");
        md.append("## Machine\n\n");
        md.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; ")
          .append("memory: ").append(memTotal()).append("\n");
        md.append("- Kernel: ").append(run(List.of("uname", "-sr"), 10)).append("\n");
        for (Jdk jdk : jdks) {
            md.append("- JDK: ").append(jdk.label()).append(" (`").append(jdk.home()).append("`)").append("\n");
        }
        md.append("- The load generator and the server share the two cores, as they would for a student on a laptop.\n\n");
        md.append("## How to run it\n\n```sh\nbench/run.sh                       # everything, ").append(ROUNDS)
          .append(" rounds, about 30 minutes\nBENCH_OUT=/tmp/bench ROUNDS=1 DURATION=2 bench/run.sh   # a quick look elsewhere\n```\n\n");
        md.append("It builds the jars, fetches Netty's example with `bench/netty/pom.xml` (never part of the main build), ")
          .append("starts each server variant once per JDK, and runs every scenario against each in turn, reversing the ")
          .append("order every other round. Each run is `client.jar bench` with ").append(WARMUP).append(" s of warm-up and ")
          .append(DURATION).append(" s measured; the tables give the median of ").append(ROUNDS)
          .append(" rounds and the ratio of medians. Every echoed byte is checked. Raw figures for every run: ")
          .append("[benchmarks.csv](benchmarks.csv).\n\n");
        md.append("Server variants:\n\n");
        for (Variant v : VARIANTS) {
            md.append("- `").append(v.name()).append("`: ").append(v.description()).append("\n");
        }
        md.append("\n![throughput and p99 latency against connections](benchmarks.png)\n\n");
        for (Jdk jdk : jdks) {
            md.append("## Results on ").append(jdk.label()).append("\n\n");
            md.append("Threads: ").append(jdk.feature() >= 21 ? "virtual (the default on Java 21+)" : "platform (Java 17 has no virtual threads)").append(".\n\n");
            md.append("| scenario | connections | variant | msg/s | MB/s | p50 us | p99 us | p99.9 us | server CPU (cores) | server context switches per message | bench CPU (cores) | ratio to Netty |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Scenario sc : SCENARIOS) {
                double netty = med(samples, jdk.label(), sc.id(), "netty", sc.metric());
                for (String variant : sc.variants()) {
                    double value = med(samples, jdk.label(), sc.id(), variant, sc.metric());
                    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f | %,.1f | %,.1f | %,.1f | %,.1f | %.2f | %.2f | %.2f | %s |%n",
                            sc.title(), sc.connections(), variant,
                            med(samples, jdk.label(), sc.id(), variant, "messagesPerSecond"),
                            med(samples, jdk.label(), sc.id(), variant, "megabytesPerSecond"),
                            med(samples, jdk.label(), sc.id(), variant, "p50"),
                            med(samples, jdk.label(), sc.id(), variant, "p99"),
                            med(samples, jdk.label(), sc.id(), variant, "p999"),
                            med(samples, jdk.label(), sc.id(), variant, "serverCpuCores"),
                            med(samples, jdk.label(), sc.id(), variant, "switchesPerMessage"),
                            med(samples, jdk.label(), sc.id(), variant, "benchCpuCores"),
                            variant.equals("netty") ? "1.00" : String.format(Locale.ROOT, "%.2f", value / netty)));
                }
            }
            md.append("\n");
        }
        md.append("## Chat: ").append(CHAT_MEMBERS).append(" members, ").append(String.format(Locale.ROOT, "%,d", CHAT_RATE))
          .append(" messages a second\n\n");
        md.append("`server.jar chat --flood-rate 100000 --flood-burst 100000` (flood control would otherwise, rightly, ")
          .append("stop a load generator) against `client.jar bench -m chat -c ").append(CHAT_MEMBERS).append(" --rate ")
          .append(CHAT_RATE).append(" --io-threads 2`: every member sends its share of the messages, 64-byte lines, and ")
          .append("every member receives every message, so ").append(CHAT_MEMBERS).append(" x ").append(CHAT_RATE)
          .append(" deliveries a second are asked for. Latency is from the sender's write to each receiver's read, both ")
          .append("in the bench process. Each receiver checks that it gets every sender's messages once and in order. ")
          .append("The second row adds one member that joins and never reads: the server drops it once 256 KiB wait ")
          .append("for it. After one warm-up run, ").append(ROUNDS).append(" rounds each; medians. Target: at least ")
          .append("200,000 deliveries a second with p99 under 50 ms, with and without the member that never reads.\n\n");
        md.append("| JDK | members | deliveries/s | p50 us | p90 us | p99 us | p99.9 us | max us | never-reading member dropped | server CPU (cores) | server context switches per delivery | met |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Jdk jdk : jdks) {
            for (String variant : List.of("tcpkit", "tcpkit+stalled")) {
                String sc = "chat-" + CHAT_MEMBERS;
                double rate = med(samples, jdk.label(), sc, variant, "messagesPerSecond");
                double p99 = med(samples, jdk.label(), sc, variant, "p99");
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %s | %.2f | %.2f | %s |%n",
                        jdk.label(), variant.equals("tcpkit") ? CHAT_MEMBERS : CHAT_MEMBERS + " + 1 never reading", rate,
                        med(samples, jdk.label(), sc, variant, "p50"), med(samples, jdk.label(), sc, variant, "p90"), p99,
                        med(samples, jdk.label(), sc, variant, "p999"), med(samples, jdk.label(), sc, variant, "max"),
                        variant.equals("tcpkit") ? "-" : med(samples, jdk.label(), sc, variant, "echoSeconds") >= 1 ? "yes" : "no",
                        med(samples, jdk.label(), sc, variant, "serverCpuCores"),
                        med(samples, jdk.label(), sc, variant, "switchesPerMessage"),
                        rate >= 0.99 * CHAT_MEMBERS * CHAT_RATE && p99 < 50_000 ? "yes" : "no"));
            }
        }
        md.append("\n## Targets\n\n| target | JDK | measured | met |\n|---|---|---|---|\n");
        for (Jdk jdk : jdks) {
            String j = jdk.label();
            for (int c : new int[] {1, 100}) {
                target(md, "ping-pong 64 B, " + c + " conn., `--log-level info` >= 1.0x", j, samples, "pingpong-64-c" + c, "tcpkit-info", 1.0);
                target(md, "ping-pong 64 B, " + c + " conn., every event logged >= 0.7x", j, samples, "pingpong-64-c" + c, "tcpkit", 0.7);
            }
            target(md, "bulk, 4 conn., 256 KiB in flight, `--chunk-size 65536` >= 1.0x", j, samples, "bulk-c4", "tcpkit-64k", 1.0);
            for (int c : new int[] {1, 100}) {
                target(md, "ping-pong 4 KiB, " + c + " conn., `--chunk-size 65536` >= 1.0x", j, samples, "pingpong-4k-c" + c, "tcpkit-64k", 1.0);
            }
            double startup = median(startups.get(j));
            md.append(String.format(Locale.ROOT, "| start-up to readiness line <= 0.5 s | %s | %.3f s (median of 5) | %s |%n",
                    j, startup, startup <= 0.5 ? "yes" : "no"));
        }
        md.append("\n## Holding ").append(String.format(Locale.ROOT, "%,d", HOLD_CONNECTIONS)).append(" connections\n\n");
        md.append("`client.jar bench -m hold -c ").append(HOLD_CONNECTIONS).append("` opens every connection at once, then ")
          .append("echoes one 64-byte line on each. tcpkit runs with `--log-level info` and its defaults otherwise; the ")
          .append("server's resident memory is read from `/proc/PID/status` (VmRSS before, VmHWM peak). Targets: ")
          .append("on Java 21+ within 5 s and under 250 MB; on Java 17 within 15 s, memory reported. Netty's example ")
          .append("keeps its accept backlog of 100, so many of its connects wait for SYN retransmissions.\n\n");
        md.append("| JDK | server | round | echoed | connect failures | connect s | echo s | total s | RSS before MB | peak RSS MB | KB per connection |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<String> rows : holds.values()) {
            for (String row : rows) {
                md.append(row).append("\n");
            }
        }
        md.append("\n").append(Files.readString(Path.of("bench/NOTES.md")));
        return md.toString();
    }

    static void target(StringBuilder md, String what, String jdk, List<Sample> samples, String scenario,
                       String variant, double goal) {
        Scenario sc = SCENARIOS.stream().filter(s -> s.id().equals(scenario)).findFirst().orElseThrow();
        double ratio = med(samples, jdk, scenario, variant, sc.metric()) / med(samples, jdk, scenario, "netty", sc.metric());
        // Truncated, not rounded, so the figure shown never contradicts the verdict.
        md.append(String.format(Locale.ROOT, "| %s | %s | %.3fx | %s |%n", what, jdk, Math.floor(ratio * 1000) / 1000,
                ratio >= goal ? "yes" : "no"));
    }

    static void drawChart(List<Jdk> jdks, List<Sample> samples, Path file) throws IOException {
        int panelW = 560;
        int panelH = 340;
        int w = panelW * 2;
        int h = panelH * jdks.size() + 40;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Ping-pong, 64-byte lines: medians of " + ROUNDS + " rounds", 20, 26);
        String[] variants = {"tcpkit-info", "tcpkit", "netty"};
        Color[] colors = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728)};
        for (int row = 0; row < jdks.size(); row++) {
            Jdk jdk = jdks.get(row);
            for (int col = 0; col < 2; col++) {
                String key = col == 0 ? "messagesPerSecond" : "p99";
                String title = (col == 0 ? "throughput, msg/s" : "p99 latency, us (log scale)") + " - Java " + jdk.feature();
                double[][] series = new double[variants.length][SWEEP.length];
                double max = 0;
                double min = Double.MAX_VALUE;
                for (int v = 0; v < variants.length; v++) {
                    for (int i = 0; i < SWEEP.length; i++) {
                        series[v][i] = med(samples, jdk.label(), "pingpong-64-c" + SWEEP[i], variants[v], key);
                        if (series[v][i] > 0) {
                            max = Math.max(max, series[v][i]);
                            min = Math.min(min, series[v][i]);
                        }
                    }
                }
                panel(g, col * panelW, 40 + row * panelH, panelW, panelH, title, series, variants, colors, max,
                        col == 1 ? Math.max(1, min) : 0, col == 1);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, double[][] series, String[] names,
                      Color[] colors, double max, double min, boolean logY) {
        int left = x0 + 80;
        int right = x0 + w - 20;
        int top = y0 + 30;
        int bottom = y0 + h - 50;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title, left, y0 + 18);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        double lo = logY ? Math.log10(min / 1.5) : 0;
        double hi = logY ? Math.log10(max * 1.5) : max * 1.1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 4; t++) {
            double value = lo + (hi - lo) * t / 4;
            int y = bottom - (int) ((bottom - top) * t / 4.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.DARK_GRAY);
            double shown = logY ? Math.pow(10, value) : value;
            g.drawString(String.format(Locale.ROOT, shown >= 1000 ? "%,.0f" : "%.0f", shown), x0 + 8, y + 4);
        }
        for (int i = 0; i < SWEEP.length; i++) {
            int x = left + (int) ((right - left) * (i + 0.5) / SWEEP.length);
            g.setColor(Color.DARK_GRAY);
            g.drawString(SWEEP[i] + (i == SWEEP.length - 1 ? " connections" : ""), x - 10, bottom + 16);
        }
        g.setStroke(new BasicStroke(2.2f));
        for (int v = 0; v < series.length; v++) {
            g.setColor(colors[v]);
            int px = -1;
            int py = -1;
            for (int i = 0; i < SWEEP.length; i++) {
                double value = series[v][i];
                if (!(value > 0)) {
                    continue;
                }
                double scaled = logY ? (Math.log10(value) - lo) / (hi - lo) : (value - lo) / (hi - lo);
                int x = left + (int) ((right - left) * (i + 0.5) / SWEEP.length);
                int y = bottom - (int) ((bottom - top) * scaled);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + 10 + v * 150, bottom + 26, 14, 4);
            g.drawString(names[v], left + 28 + v * 150, bottom + 32);
        }
        g.setStroke(new BasicStroke(1f));
    }

    static String cpuModel() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.replaceAll("^model name\\s*:\\s*", "");
            }
        }
        return "unknown CPU";
    }

    static String memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private Bench() {
    }
}
