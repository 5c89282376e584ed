package tcpkitbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import static tcpkitbench.Bench.*;
import static tcpkitbench.Processes.*;

/** The echo scenarios driven by {@code client.jar bench}: throughput sweeps, the 15,000-connection hold, start-up. */
final class EchoRuns {
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
        return measured(command, server, WARMUP, DURATION);
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

    private EchoRuns() {
    }
}
