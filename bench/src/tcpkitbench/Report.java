package tcpkitbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import static tcpkitbench.Bench.*;
import static tcpkitbench.Processes.*;

/** The raw results (CSV and meta file) and docs/BENCHMARKS.md made from them. */
final class Report {
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
            throws Exception {
        StringBuilder meta = new StringBuilder();
        meta.append("settings|").append(ROUNDS).append('|').append(DURATION).append('|').append(WARMUP).append('|')
            .append(HOLD_CONNECTIONS).append('|').append(LocalDate.now()).append('\n');
        meta.append("machine|").append(machineCpu()).append('|').append(machineKernel()).append('\n');
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
                case "machine" -> {
                    runCpu = f[1];
                    runKernel = f[2];
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
    /** The machine the figures were measured on: this one, unless the report is rendered from saved data. */
    static String runCpu;
    static String runKernel;

    private static String machineCpu() throws Exception {
        return runCpu != null ? runCpu : cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores; "
                + "memory: " + memTotal();
    }

    private static String machineKernel() throws Exception {
        return runKernel != null ? runKernel : run(List.of("uname", "-sr"), 10);
    }

    static String markdown(List<Jdk> jdks, List<Sample> samples, Map<String, List<String>> holds,
                           Map<String, List<Double>> startups) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("tcpkit's echo server (blocking sockets, a thread per connection) against Netty's published echo ")
          .append("example, `io.netty.example.echo.EchoServer` from `io.netty:netty-example:4.1.118.Final`, under ")
          .append("the same loads in the same run. Written by `bench/run.sh` on ").append(runDate).append(".\n\n");
        md.append("## Machine\n\n");
        md.append("- CPU: ").append(machineCpu()).append("\n");
        md.append("- Kernel: ").append(machineKernel()).append("\n");
        for (Jdk jdk : jdks) {
            md.append("- JDK: ").append(jdk.label()).append(" (`").append(jdk.home()).append("`)").append("\n");
        }
        md.append("- The load generator and the server share the two cores, as they would for a student on a laptop.\n\n");
        md.append("## How to run it\n\n```sh\nbench/run.sh                       # everything, ").append(ROUNDS)
          .append(" rounds, about an hour\nBENCH_OUT=/tmp/bench ROUNDS=1 DURATION=2 SECS=2 bench/run.sh   # a quick look elsewhere\n```\n\n");
        md.append("These figures come from one run of `ROUNDS=").append(ROUNDS).append(" DURATION=").append(DURATION)
          .append(" SECS=").append(System.getenv().getOrDefault("SECS", "5")).append(" bench/run.sh` (SECS: seconds ")
          .append("per generator run; DURATION: measured seconds per client.jar bench run)")
          .append("1".equals(System.getenv("REUSE_GENERATORS"))
                  ? "; the generators' runs are those of the invocation before it, with the same code, and this one "
                          + "(`REUSE_GENERATORS=1`) ran the client.jar bench part.\n\n"
                  : ".\n\n");
        md.append("It builds the jars and the two C generators, fetches Netty's example with `bench/netty/pom.xml` (never ")
          .append("part of the main build), then runs three parts: `bench/echoload.sh` (echo against Netty with echoload), ")
          .append("`bench/chatload.sh` (chat fan-out with chatload against ngircd through IRC and against `ncat --chat` on ")
          .append("plain lines, each when installed), and the ")
          .append("scenarios below driven by `client.jar bench`, as a user runs it. The C generators cost the machine less ")
          .append("than the Java one, so more of it goes to the server measured; each table says which generator made it.\n\n");
        md.append(Generators.echoSection(Generators.read(OUT.resolve(Generators.ECHO_RAW))));
        md.append(ChatLoadTables.section(Generators.read(OUT.resolve(Generators.CHAT_RAW))));
        md.append("## Echo and chat with client.jar bench\n\n");
        md.append("Each server variant is started once per JDK, and every scenario is run against each in turn, reversing ")
          .append("the order every other round. Each run is `client.jar bench` with ").append(WARMUP).append(" s of warm-up and ")
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
        md.append("\n## Targets\n\n")
          .append("The targets of the client.jar bench scenarios above: tcpkit as it starts by default (the line `exit` ")
          .append("looked for in every byte) and the Java generator, whose own work shares the two cores with the ")
          .append("server. The comparison with the C generators, both servers plain RFC 862, is the echoload table ")
          .append("at the top.\n\n")
          .append("| target | JDK | measured | met |\n|---|---|---|---|\n");
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
        // Measured by their own scripts (bench/irc.sh, bench/redis.sh, bench/irctest.sh), kept as written.
        md.append("\n").append(Files.readString(Path.of("bench/SEPARATE.md")));
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

    private Report() {
    }
}
