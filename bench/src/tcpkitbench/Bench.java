package tcpkitbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static tcpkitbench.EchoRuns.*;
import static tcpkitbench.ChatRuns.*;
import static tcpkitbench.Processes.*;
import static tcpkitbench.Report.*;
import static tcpkitbench.Charts.*;

/**
 * Runs tcpkit's echo server and Netty's EchoServer example under the same loads from {@code client.jar bench},
 * alternating between them, then writes docs/BENCHMARKS.md with these results and those of the C generators
 * (which bench/run.sh ran first, through bench/echoload.sh and bench/chatload.sh), the charts and the raw runs.
 *
 * <p>The parts: {@link EchoRuns} and {@link ChatRuns} drive {@code client.jar bench}; {@link Processes} starts
 * and samples the servers; {@link Generators} reads the C generators' runs; {@link Report} and {@link Charts}
 * write the results.
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
        if (!(args.length > 0 && args[0].equals("--render"))) {
            for (Path raw : List.of(Generators.ECHO_RAW, Generators.CHAT_RAW)) {
                if (Files.exists(WORK.resolve(raw))) {
                    Files.copy(WORK.resolve(raw), OUT.resolve(raw), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Generators.drawGeneratorChart(Generators.read(OUT.resolve(Generators.ECHO_RAW)),
                Generators.read(OUT.resolve(Generators.CHAT_RAW)), OUT.resolve("generators.png"));
        drawChart(jdks, samples, OUT.resolve("benchmarks.png"));
        Files.writeString(OUT.resolve("BENCHMARKS.md"), markdown(jdks, samples, holds, startups));
        say("wrote " + OUT.resolve("BENCHMARKS.md") + ", benchmarks.png and benchmarks.csv beside it");
    }

    static final int CHAT_MEMBERS = intEnv("CHAT_MEMBERS", 200);

    static final int CHAT_RATE = intEnv("CHAT_RATE", 1000);

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
