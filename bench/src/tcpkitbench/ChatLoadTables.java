package tcpkitbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import static tcpkitbench.Bench.median;
import static tcpkitbench.Generators.*;

/**
 * The chat comparisons chatload made (bench/chatload.sh): through IRC, tcpkit's IRC door against ngircd; on
 * plain lines, tcpkit's line door against {@code ncat --chat}. A table of medians per server and offered rate
 * each, and each server's capacity: the highest rate delivered in full with a low p99.
 */
final class ChatLoadTables {
    /** A rate counts toward capacity when at least this share of the due deliveries arrived... */
    static final double DELIVERED = 0.99;
    /** ...with a p99 latency under this many microseconds. */
    static final double P99_LIMIT_US = 100_000;

    /** The runs made through IRC (the chart's too). */
    static List<Run> irc(List<Run> runs) {
        return runs.stream().filter(r -> r.get("proto").equals("irc")).toList();
    }

    static String section(List<Run> all) {
        StringBuilder md = new StringBuilder();
        md.append("## Chat fan-out beside ngircd, with chatload\n\n");
        List<Run> runs = irc(all);
        if (runs.isEmpty()) {
            return md.append("Not run: bench/chatload.sh wrote no results.\n\n").toString();
        }
        int rounds = rounds(runs);
        int members = (int) runs.get(0).num("members");
        md.append("`bench/chatload.sh` runs the C generator `chatload` (../shared/tools/chatload.c) through IRC: ")
          .append(members).append(" members join one channel and all read everything, one more member joins and never ")
          .append("reads, 64-byte lines at the offered rate in all, each delivered to ").append(members - 1)
          .append(" members. tcpkit (`server.jar chat --irc-port`, flood control opened up, `--log-level info`) on every JDK ")
          .append("and ngircd 26.1 (penalties off) when installed; a fresh server per run, warmed up by an uncounted ")
          .append(warmup("3")).append("-s run at the same rate, the measured run starting once the server has let ")
          .append("every warm-up member go (checked over IRC); servers alternating, ").append(rounds)
          .append(" rounds, medians. Capacity is the highest offered rate at which at least ")
          .append(String.format(Locale.ROOT, "%.0f%%", DELIVERED * 100)).append(" of the due deliveries (the offered rate times the ")
          .append(members - 1).append(" members that read) arrived a second, with a p99 under ")
          .append(String.format(Locale.ROOT, "%.0f", P99_LIMIT_US / 1000)).append(" ms. Raw runs: [chatload.txt](chatload.txt).\n\n")
          .append("The last column says whether the server had let the member that never reads go by the end of the run. ")
          .append("tcpkit lets it go once more than 256 KiB wait for it and its socket has taken nothing for 5 s, so in ")
          .append(String.format(Locale.ROOT, "%.0f", median(runs.stream().map(r -> r.num("secs")).toList())))
          .append("-s runs it is still there at the end; ngircd drops a client whose unsent output outgrows its buffer, ")
          .append("which the higher rates reach sooner.\n\n")
          .append("A p99 here rests on the host's load as much as on the server: on this shared two-core virtual ")
          .append("machine the same server at the same rate can give 10 ms in one round and 400 ms in the next, so a ")
          .append("lower rate may fail where a higher one passes; compare servers at the same rate, and read the raw ")
          .append("runs.\n\n");
        List<String> servers = new ArrayList<>(servers(runs, "tcpkit-"));
        servers.addAll(servers(runs, "ngircd"));
        Map<String, Capacity> capacity = rateTable(md, runs, servers, members);
        capacities(md, capacity, "ngircd", members);
        if (!capacity.containsKey("ngircd")) {
            md.append("- ngircd: not installed, skipped (`apt-get install ngircd`)\n");
        }
        md.append("\n");
        return md.append(linesSection(all)).toString();
    }

    /** tcpkit's line door against ncat --chat, when ncat was installed. */
    private static String linesSection(List<Run> all) {
        StringBuilder md = new StringBuilder("### On plain lines, beside ncat --chat\n\n");
        List<Run> runs = all.stream().filter(r -> !r.get("proto").equals("irc")).toList();
        if (runs.isEmpty()) {
            return md.append("Not run: ncat is not installed (`apt-get install ncat`), or `LINE_RATES` was empty.\n\n")
                    .toString();
        }
        int members = (int) runs.get(0).num("members");
        md.append("The same load on plain lines, with no protocol around them: tcpkit's line door ")
          .append("(`server.jar chat --port`, the join dialogue, then one line per message; the same options) on every JDK ")
          .append("against `ncat --chat` (Nmap's ncat, which relays every line to every other client as `<userN> line`). ")
          .append("tcpkit is warmed up as above; ncat is not: it is a C program with nothing to compile, and it quits ")
          .append("when a client connects while the last run's members are still leaving. ").append(rounds(runs))
          .append(" rounds, medians, the same capacity rule.\n\n");
        List<String> servers = new ArrayList<>(servers(runs, "tcpkit-"));
        servers.addAll(servers(runs, "ncat"));
        capacities(md, rateTable(md, runs, servers, members), "ncat", members);
        return md.append("\n").toString();
    }

    /** A server's capacity: the highest offered rate that passed, and the deliveries a second measured there. */
    private record Capacity(int rate, double delivered) {
    }

    /** The table of medians, server by server and rate by rate; returns each server's capacity. */
    private static Map<String, Capacity> rateTable(StringBuilder md, List<Run> runs, List<String> servers, int members) {
        TreeSet<Integer> rates = new TreeSet<>();
        runs.forEach(r -> rates.add((int) r.num("rate")));
        md.append("| server | offered msg/s | deliveries/s (of due) | p50 ms | p99 ms | missing | frozen member dropped |\n")
          .append("|---|---|---|---|---|---|---|\n");
        Map<String, Capacity> capacity = new LinkedHashMap<>();
        for (String server : servers) {
            capacity.put(server, new Capacity(0, 0));
            for (int rate : rates) {
                String r = "" + rate;
                if (count(runs, server, "rate", r) == 0) {
                    continue;
                }
                double delivered = med(runs, server, "rate", r, "deliveries_per_s");
                double share = deliveredShare(runs, server, r, members);
                double p99 = med(runs, server, "rate", r, "p99_us");
                if (share >= DELIVERED && p99 < P99_LIMIT_US && rate > capacity.get(server).rate()) {
                    capacity.put(server, new Capacity(rate, delivered));
                }
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f (%.0f%%) | %.1f | %.1f | %,.0f | %s |\n", server, rate,
                        delivered, 100 * share, med(runs, server, "rate", r, "p50_us") / 1000,
                        p99 / 1000, med(runs, server, "rate", r, "missing"),
                        med(runs, server, "rate", r, "frozen_still_connected") == 0 ? "yes" : "no"));
            }
        }
        return capacity;
    }

    /**
     * The median over {@code server}'s runs at {@code rate} of the share of due deliveries that arrived a
     * second, due being the offered rate times the members that read: a server that falls behind also slows
     * its senders (their sockets fill), so what they managed to send is no measure of what was asked.
     */
    private static double deliveredShare(List<Run> runs, String server, String rate, int members) {
        List<Double> shares = new ArrayList<>();
        for (Run run : runs) {
            if (run.get("server").equals(server) && run.get("rate").equals(rate)) {
                shares.add(run.num("deliveries_per_s") / (run.num("rate") * (members - 1)));
            }
        }
        return shares.isEmpty() ? Double.NaN : median(shares);
    }

    /** The capacity list, the deliveries measured at each, tcpkit's each as a multiple of {@code reference}'s. */
    private static void capacities(StringBuilder md, Map<String, Capacity> capacity, String reference, int members) {
        md.append("\nCapacity (the highest rate that passed, and the deliveries a second measured there):\n\n");
        Capacity theirs = capacity.get(reference);
        for (Map.Entry<String, Capacity> e : capacity.entrySet()) {
            md.append(String.format(Locale.ROOT, "- %s: %,d msg/s offered, %,.0f deliveries/s", e.getKey(),
                    e.getValue().rate(), e.getValue().delivered()));
            if (theirs != null && theirs.delivered() > 0 && e.getKey().startsWith("tcpkit-")) {
                md.append(String.format(Locale.ROOT, " (%.2fx %s's)", e.getValue().delivered() / theirs.delivered(),
                        reference));
            }
            md.append("\n");
        }
    }

    private ChatLoadTables() {
    }
}
