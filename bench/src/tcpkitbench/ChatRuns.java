package tcpkitbench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import static tcpkitbench.Bench.*;
import static tcpkitbench.Processes.*;

/** The chat scenario driven by {@code client.jar bench}: 200 members, then one more that never reads. */
final class ChatRuns {
    /** 200 chat members, 1,000 messages a second in all: 200,000 deliveries a second; then one member more that never reads. */
    static List<Sample> runChat(Jdk jdk) throws Exception {
        Path log = WORK.resolve("logs/chat-server.log");
        Process process = new ProcessBuilder(jdk.java(), "-jar", SERVER.toString(), "chat", "--no-prompt", "--port", "19500",
                "--port-tries", "1", "--flood-rate", "100000", "--flood-burst", "100000", "--max-per-address", "0",
                "--log-file", log.toString())
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
        return measured(command, server, warmup, duration);
    }

    private ChatRuns() {
    }
}
