package org.tcpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.echo.EchoConsole;
import org.tcpkit.log.LogSetup;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.Peers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client.jar}: sends lines typed (or piped) to an echo server and prints what comes back. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = BenchCommand.class,
        description = {
            "Line client for the TCP echo server: each line read from standard input is sent (UTF-8) and its "
                    + "echo printed on standard output.",
            "Type 'exit' to leave; end of input (Ctrl+D, or the end of a pipe) also leaves.",
            "When --host or --port is not given and standard input is a terminal, they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Left with 'exit' or at end of input.",
            "1:Runtime failure (cannot connect, connection lost, no echo in time, log file not writable).",
            "2:Invalid option or value."
        })
final class ClientCommand implements Callable<Integer> {
    static final String DEFAULT_HOST = "localhost";

    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST",
            description = "Server host name or address. Default: " + DEFAULT_HOST + ".")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Server port. Default: " + ListenConfig.DEFAULT_PORT + ".")
    Integer port;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up connecting, or waiting for an echo, after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ClientCommand() {
        this(System.in, Terminal.stdinIsTerminal());
    }

    ClientCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LineInput lines = new LineInput(stdin);
        Prompter prompter = new Prompter(lines, err);
        boolean ask = interactive && !common.noPrompt;
        String serverHost = host != null ? host
                : ask ? prompter.askHost("Host", DEFAULT_HOST, Hosts::resolve) : DEFAULT_HOST;
        int serverPort = port != null ? port
                : ask ? prompter.askPort("Port", ListenConfig.DEFAULT_PORT) : ListenConfig.DEFAULT_PORT;
        String target = Peers.format(serverHost, serverPort);

        try (LogSetup logs = common.installLog("client")) {
            EchoClient client;
            try {
                client = EchoClient.connect(serverHost, serverPort, Duration.ofSeconds(timeoutSeconds));
            } catch (UnknownHostException e) {
                err.println("client: cannot connect to " + target + ": unknown host");
                return Cli.FAILED;
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(EchoClient.class).warn("cannot connect to {}: {}", target,
                        e.toString());
                err.println("client: cannot connect to " + target + ": " + e.getMessage());
                return Cli.FAILED;
            }
            try (client) {
                EchoConsole.Result result = EchoConsole.run(client, lines::readLine, out);
                if (result.outcome() != EchoConsole.Outcome.USER_EXIT
                        && result.outcome() != EchoConsole.Outcome.END_OF_INPUT) {
                    err.println("client: " + result.message());
                    return Cli.FAILED;
                }
                return Cli.OK;
            } catch (IOException e) {
                return Cli.OK;
            }
        } catch (IOException e) {
            err.println("client: cannot open the log file " + common.logFileName("client") + ": " + Errors.describe(e));
            return Cli.FAILED;
        }
    }

    private void validate() {
        if (host != null) {
            Hosts.Check check = Hosts.resolve(host);
            if (!check.ok()) {
                throw Cli.invalid(spec, "--host", host, check.problem());
            }
        }
        if (port != null) {
            Cli.requireRange(spec, "--port", port, 1, 65_535);
        }
        Cli.requireRange(spec, "--timeout", timeoutSeconds, 1, 86_400);
    }
}
