package org.tcpkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.tcpkit.bench.BenchConfig;
import org.tcpkit.bench.BenchMode;
import org.tcpkit.bench.BenchResult;
import org.tcpkit.bench.LoadRun;
import org.tcpkit.net.ListenConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client.jar bench}: a load generator for any echo server that checks every byte it gets back. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Load generator for any TCP echo server (this one, netcat, Netty's, anyone's). Every echoed byte is "
                    + "checked against what was sent; throughput and round-trip latency percentiles are reported.",
            "Modes: pingpong (one message in flight per connection), bulk (--window bytes in flight per "
                    + "connection), hold (open every connection at once, then echo one message on each), chat "
                    + "(join a chat server as --connections members and send --rate messages a second in all; "
                    + "reports deliveries per second and delivery latency), irc (the same as members of #bench on an "
                    + "IRC server: the chat's --irc-port, ngircd, any)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Every connection connected and every echoed byte was right.",
            "1:Connect failures, wrong or missing echoes, or a closed connection.",
            "2:Invalid option or value."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Server host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + ListenConfig.DEFAULT_PORT,
            description = "Server port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "pingpong",
            description = "pingpong, bulk, hold, chat or irc. Default: ${DEFAULT-VALUE}.")
    BenchMode mode;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Connections (1-100000). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Message size, line feed included (2-1048576). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-w", "--window"}, paramLabel = "BYTES", defaultValue = "262144",
            description = "Bulk mode: bytes in flight per connection. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured time (1-3600). Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
            description = "Time run before measuring (0-600). Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = {"-n", "--messages"}, paramLabel = "N", defaultValue = "0",
            description = "Messages per connection instead of a duration (no warm-up); 0 uses --duration. "
                    + "Default: ${DEFAULT-VALUE}.")
    long messages;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1",
            description = "Threads driving the connections (1-64). Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up connecting, or waiting for echoes, after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "0",
            description = "Hold mode: keep the connections open this long after all have echoed, e.g. to "
                    + "look at the server's memory (0-3600). Default: ${DEFAULT-VALUE}.")
    int holdSeconds;

    @Option(names = "--rate", paramLabel = "MESSAGES", defaultValue = "1000",
            description = "Chat mode: messages a second sent by all members together (1-1000000). "
                    + "Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--stalled", paramLabel = "N", defaultValue = "0",
            description = "Chat mode: extra members that join and then never read (0-10000). "
                    + "Default: ${DEFAULT-VALUE}.")
    int stalled;

    @Option(names = "--more-ports", paramLabel = "PORTS", split = ",",
            description = "Chat and IRC modes: ports of more servers of the same chat (joined with --redis), on "
                    + "the same host; members are spread over --port and these in turn. Default: none.")
    java.util.List<Integer> morePorts;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchConfig config = new BenchConfig(host, port, mode, connections, size, window,
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds), messages, ioThreads,
                Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(holdSeconds), rate, stalled,
                morePorts == null ? java.util.List.of() : java.util.List.copyOf(morePorts));
        BenchResult result = LoadRun.run(config, Terminal.stderrIsTerminal() ? err : null);
        out.print(json ? result.json() + System.lineSeparator() : result.text());
        out.flush();
        if (!result.ok()) {
            err.println("bench: " + (result.firstError() != null ? result.firstError() : "nothing was echoed"));
            return Cli.FAILED;
        }
        return Cli.OK;
    }

    private void validate() {
        Hosts.Check check = Hosts.resolve(host);
        if (!check.ok()) {
            throw Cli.invalid(spec, "--host", host, check.problem());
        }
        Cli.requireRange(spec, "--port", port, 1, 65_535);
        if (morePorts != null) {
            for (int more : morePorts) {
                Cli.requireRange(spec, "--more-ports", more, 1, 65_535);
            }
            if (mode != BenchMode.CHAT && mode != BenchMode.IRC) {
                throw Cli.invalid(spec, "--more-ports", morePorts.toString(), "is for --mode chat and irc");
            }
        }
        Cli.requireRange(spec, "--connections", connections, 1, 100_000);
        Cli.requireRange(spec, "--size", size, 2, 1_048_576);
        Cli.requireRange(spec, "--window", window, 2, 64 * 1_048_576);
        Cli.requireRange(spec, "--duration", durationSeconds, 1, 3600);
        Cli.requireRange(spec, "--warmup", warmupSeconds, 0, 600);
        Cli.requireRange(spec, "--io-threads", ioThreads, 1, 64);
        Cli.requireRange(spec, "--timeout", timeoutSeconds, 1, 3600);
        Cli.requireRange(spec, "--hold", holdSeconds, 0, 3600);
        Cli.requireRange(spec, "--rate", rate, 1, 1_000_000);
        Cli.requireRange(spec, "--stalled", stalled, 0, 10_000);
        if (messages < 0 || messages > 1_000_000_000L) {
            throw Cli.invalid(spec, "--messages", Long.toString(messages), "is outside the range 0-1000000000");
        }
    }
}
