package tcpkitbench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import static tcpkitbench.Bench.*;
import static tcpkitbench.Charts.*;

/**
 * The comparisons made with the C load generators (echoload against Netty, chatload against ngircd): reads
 * the raw lines bench/echoload.sh and bench/chatload.sh wrote (one per run, key=value), takes medians of the
 * alternating rounds, and writes the echo tables and targets and the chart of both (the chat tables are
 * {@link ChatLoadTables}'s).
 */
final class Generators {
    static final Path ECHO_RAW = Path.of("echoload.txt");
    static final Path CHAT_RAW = Path.of("chatload.txt");
    static final String[] ECHO_WORKLOADS = {"pp64-c1", "pp64-c1-apart", "pp64-c1-together", "pp64-c100", "pp4k-c16",
        "bulk-c4", "hold"};
    static final Map<String, String> ECHO_TITLES = Map.of(
            "pp64-c1", "ping-pong 64 B, 1 connection",
            "pp64-c1-apart", "the same, server and generator pinned to different CPUs",
            "pp64-c1-together", "the same, both pinned to one CPU",
            "pp64-c100", "ping-pong 64 B, 100 connections",
            "pp4k-c16", "ping-pong 4 KiB, 16 connections",
            "bulk-c4", "bulk, 4 connections, 256 KiB in flight each",
            "hold", "15,000 connections opened, then each echoed once");

    /** One run's figures. */
    record Run(Map<String, String> fields) {
        String get(String key) {
            return fields.getOrDefault(key, "");
        }

        double num(String key) {
            try {
                return Double.parseDouble(fields.getOrDefault(key, "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    static List<Run> read(Path file) throws IOException {
        List<Run> runs = new ArrayList<>();
        if (!Files.exists(file)) {
            return runs;
        }
        for (String line : Files.readAllLines(file)) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : line.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            if (!fields.isEmpty()) {
                runs.add(new Run(fields));
            }
        }
        return runs;
    }

    static double med(List<Run> runs, String server, String keyName, String keyValue, String figure) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            if (run.get("server").equals(server) && run.get(keyName).equals(keyValue)) {
                values.add(run.num(figure));
            }
        }
        return values.isEmpty() ? Double.NaN : median(values);
    }

    static long count(List<Run> runs, String server, String keyName, String keyValue) {
        return runs.stream().filter(r -> r.get("server").equals(server) && r.get(keyName).equals(keyValue)).count();
    }

    /** The servers in {@code runs} whose name starts with {@code prefix}, in order of their Java version. */
    static List<String> servers(List<Run> runs, String prefix) {
        TreeSet<String> names = new TreeSet<>((a, b) -> {
            int diff = Integer.compare(javaOf(a), javaOf(b));
            return diff != 0 ? diff : a.compareTo(b);
        });
        for (Run run : runs) {
            if (run.get("server").startsWith(prefix)) {
                names.add(run.get("server"));
            }
        }
        return new ArrayList<>(names);
    }

    /** How many rounds the runs were made in. */
    static int rounds(List<Run> runs) {
        return runs.stream().mapToInt(r -> (int) r.num("round")).max().orElse(0);
    }

    static int javaOf(String server) {
        int at = server.lastIndexOf("-java");
        return at < 0 ? 0 : Integer.parseInt(server.substring(at + 5));
    }

    /** The warm-up the generators' scripts gave each server, in seconds: WARMUP, else their default. */
    static String warmup(String scriptDefault) {
        return System.getenv().getOrDefault("WARMUP", scriptDefault);
    }

    static String echoSection(List<Run> runs) {
        StringBuilder md = new StringBuilder();
        md.append("## Echo beside Netty, with echoload\n\n");
        if (runs.isEmpty()) {
            return md.append("Not run: bench/echoload.sh wrote no results.\n\n").toString();
        }
        int rounds = rounds(runs);
        md.append("`bench/echoload.sh` runs the C generator `echoload` (../shared/tools/echoload.c, epoll, one thread) ")
          .append("against tcpkit (`server.jar --log-level info --chunk-size 65536 --no-exit-line`: plain RFC 862, as ")
          .append("Netty's example is) and Netty's EchoServer example, ")
          .append("each on every JDK, a fresh server per run, warmed up by an uncounted ").append(warmup("2"))
          .append("-s run of the same workload first (not for the held connections, whose memory is measured), ")
          .append("the servers alternating in order, ").append(rounds)
          .append(" rounds; the figures are medians and the ratio is of medians, tcpkit over Netty on the same JDK. ")
          .append("Every echoed byte is checked. Raw runs: [echoload.txt](echoload.txt). Rows marked *exit line* ")
          .append("are tcpkit as it starts by default, looking for the line `exit` in every byte; the pinned rows ")
          .append("fix with `taskset` where the kernel runs the server and the generator.\n\n");
        md.append("| workload | JDK | tcpkit | Netty | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
        for (String workload : ECHO_WORKLOADS) {
            for (String tcpkit : servers(runs, "tcpkit-")) {
                if (count(runs, tcpkit, "workload", workload) == 0) {
                    continue;
                }
                String netty = tcpkit.replace("tcpkit-", "netty-");
                int java = javaOf(tcpkit);
                if (workload.equals("hold")) {
                    md.append(holdRow(runs, tcpkit, netty, java));
                    continue;
                }
                boolean headline = !workload.endsWith("-apart") && !workload.endsWith("-together");
                double target = !headline ? Double.NaN : java >= 21 ? 1.0
                        : workload.equals("pp64-c1") || workload.startsWith("bulk") ? 0.95 : Double.NaN;
                md.append(ratioRow(runs, workload, ECHO_TITLES.get(workload), tcpkit, netty, java, target));
                String exitLine = "tcpkit_exit-java" + java;
                if (count(runs, exitLine, "workload", workload) > 0) {
                    md.append(ratioRow(runs, workload, ECHO_TITLES.get(workload) + ", *exit line*", exitLine, netty,
                            java, Double.NaN));
                }
            }
        }
        return md.append("\n![echo ratios and chat latency with the C generators](generators.png)\n\n").toString();
    }

    private static String holdRow(List<Run> runs, String tcpkit, String netty, int java) {
        String workload = "hold";
        double echoed = med(runs, tcpkit, "workload", workload, "echoed");
        return String.format(Locale.ROOT, "| %s | Java %d | %,.0f echoed in %.1f s, %,.0f MB | %,.0f echoed in %.1f s, "
                        + "%,.0f MB | | all echoed | %s |\n",
                ECHO_TITLES.get(workload), java, echoed, med(runs, tcpkit, "workload", workload, "secs"),
                med(runs, tcpkit, "workload", workload, "peak_rss_mb"),
                med(runs, netty, "workload", workload, "echoed"), med(runs, netty, "workload", workload, "secs"),
                med(runs, netty, "workload", workload, "peak_rss_mb"),
                echoed >= med(runs, tcpkit, "workload", workload, "conns") ? "yes" : "no");
    }

    /** A row of messages (or, for bulk, megabytes) a second, tcpkit over Netty; no target when NaN. */
    private static String ratioRow(List<Run> runs, String workload, String title, String tcpkit, String netty,
            int java, double target) {
        boolean bulk = workload.startsWith("bulk");
        String figure = bulk ? "MB_per_s" : "msgs_per_s";
        String unit = bulk ? "MB/s" : "msg/s";
        double mine = med(runs, tcpkit, "workload", workload, figure);
        double theirs = med(runs, netty, "workload", workload, figure);
        double ratio = mine / theirs;
        boolean none = Double.isNaN(target);
        return String.format(Locale.ROOT, "| %s | Java %d | %,.0f %s | %,.0f %s | %.2f | %s | %s |\n", title, java,
                mine, unit, theirs, unit, ratio, none ? "" : String.format(Locale.ROOT, "%.2f", target),
                none ? "" : ratio >= target ? "yes" : "no");
    }

    /** Echo ratios to Netty per workload (left) and chat p99 per offered rate (right). */
    static void drawGeneratorChart(List<Run> echo, List<Run> chat, Path file) throws IOException {
        int panelW = 560;
        int panelH = 340;
        BufferedImage image = new BufferedImage(panelW * 2, panelH + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, panelW * 2, panelH + 40);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("With the C generators: medians of alternating rounds", 20, 26);
        Color[] colors = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0xd62728)};
        List<String> echoServers = servers(echo, "tcpkit-");
        String[] workloads = {"pp64-c1", "pp64-c100", "pp4k-c16", "bulk-c4"};
        double[][] ratios = new double[echoServers.size()][workloads.length];
        double most = 1.2;
        for (int s = 0; s < echoServers.size(); s++) {
            String netty = echoServers.get(s).replace("tcpkit-", "netty-");
            for (int w = 0; w < workloads.length; w++) {
                String figure = workloads[w].startsWith("bulk") ? "MB_per_s" : "msgs_per_s";
                ratios[s][w] = med(echo, echoServers.get(s), "workload", workloads[w], figure)
                        / med(echo, netty, "workload", workloads[w], figure);
                most = Double.isNaN(ratios[s][w]) ? most : Math.max(most, ratios[s][w]);
            }
        }
        panel(g, 0, 40, panelW, panelH, "echo: tcpkit / Netty (1.0 = level)", ratios,
                echoServers.toArray(String[]::new), colors, most, 0, false, workloads);
        chat = ChatLoadTables.irc(chat);
        List<String> chatServers = new ArrayList<>(servers(chat, "tcpkit-"));
        chatServers.addAll(servers(chat, "ngircd"));
        TreeSet<Integer> rateSet = new TreeSet<>();
        chat.forEach(r -> rateSet.add((int) r.num("rate")));
        String[] rates = rateSet.stream().map(String::valueOf).toArray(String[]::new);
        double[][] p99 = new double[chatServers.size()][rates.length];
        double max = 1;
        double min = Double.MAX_VALUE;
        for (int s = 0; s < chatServers.size(); s++) {
            for (int r = 0; r < rates.length; r++) {
                p99[s][r] = med(chat, chatServers.get(s), "rate", rates[r], "p99_us") / 1000;
                if (p99[s][r] > 0) {
                    max = Math.max(max, p99[s][r]);
                    min = Math.min(min, p99[s][r]);
                }
            }
        }
        if (rates.length == 0) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("chat: not run", panelW + 80, 58);
        } else {
            panel(g, panelW, 40, panelW, panelH, "chat: p99 ms per offered msg/s (log scale)", p99,
                    chatServers.toArray(String[]::new), colors, max, Math.max(0.1, min), true, rates);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private Generators() {
    }
}
