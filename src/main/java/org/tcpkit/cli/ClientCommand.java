package org.tcpkit.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tcpkit.auth.DialogueConsole;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.echo.EchoConsole;
import org.tcpkit.log.LogSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code client.jar}: sends lines typed (or piped) to an echo server and prints what comes back. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {ChatClientCommand.class, BenchCommand.class},
        description = {
            "Line client for the TCP echo server: each line read from standard input is sent (UTF-8) and its "
                    + "echo printed on standard output.",
            "Type 'exit' to leave; end of input (Ctrl+D, or the end of a pipe) also leaves.",
            "With --mode ident or auth, the server's questions (name, password) are answered first; passwords "
                    + "are not shown while typed on a terminal. 'client.jar chat' joins a chat server; "
                    + "'client.jar bench' measures an echo server.",
            "When --host or --port is not given and standard input is a terminal, they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Left with 'exit' or at end of input.",
            "1:Runtime failure (cannot connect, connection lost, no echo in time, refused by the server, "
                    + "log file not writable).",
            "2:Invalid option or value."
        })
final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "echo",
            description = "The server's mode: echo, or ident or auth to answer its dialogue first. "
                    + "Default: ${DEFAULT-VALUE}.")
    ServerMode mode;

    @Mixin
    ConnectOptions connect;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ClientCommand() {
        this(System.in, Terminal.canPrompt());
    }

    ClientCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() {
        connect.validate(spec);
        common.validate(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LineInput lines = new LineInput(stdin);
        connect.resolve(lines, interactive && !common.noPrompt, err);
        try (LogSetup logs = common.installLog("client")) {
            EchoClient client = connect.connect("client", err);
            if (client == null) {
                return Cli.FAILED;
            }
            try (client) {
                if (mode != ServerMode.ECHO) {
                    Integer ended = dialogue("client", connect.target(), client, lines, out, err, interactive);
                    if (ended != null) {
                        return ended;
                    }
                }
                EchoConsole.Result result = EchoConsole.run(client, lines::readLine, out);
                if (result.outcome() != EchoConsole.Outcome.USER_EXIT
                        && result.outcome() != EchoConsole.Outcome.END_OF_INPUT) {
                    err.println("client: " + result.message());
                    return Cli.FAILED;
                }
                return Cli.OK;
            } catch (IOException e) {
                err.println("client: connection to " + connect.target() + " lost: " + e.getMessage());
                return Cli.FAILED;
            }
        } catch (IOException e) {
            err.println("client: cannot open the log file " + common.logFileName("client") + ": " + Errors.describe(e));
            return Cli.FAILED;
        }
    }

    /**
     * Runs the server's dialogue (ident, auth, or joining the chat).
     *
     * @return null when the server accepted the client, else the exit code, the reason told on {@code err}
     */
    static Integer dialogue(String program, String target, EchoClient client, LineInput lines, PrintWriter out,
                            PrintWriter err, boolean interactive) throws IOException {
        DialogueConsole.Result dialogue = DialogueConsole.run(client, answers(lines, out, interactive), out);
        return switch (dialogue.outcome()) {
            case ACCEPTED -> null;
            case END_OF_INPUT -> Cli.OK;
            case REFUSED -> {
                err.println(program + ": " + dialogue.message());
                yield Cli.FAILED;
            }
            default -> {
                err.println(program + ": connection to " + target + " lost: " + dialogue.message());
                yield Cli.FAILED;
            }
        };
    }

    /** Answers to the server's prompts: typed lines, and passwords read without echo on a terminal. */
    static DialogueConsole.Answers answers(LineInput lines, PrintWriter out, boolean terminal) {
        return new DialogueConsole.Answers() {
            @Override
            public String line(String prompt) throws IOException {
                show(prompt);
                return lines.readLine();
            }

            @Override
            public char[] secret(String prompt) throws IOException {
                Console console = terminal ? System.console() : null;
                if (console != null) {
                    return console.readPassword("%s ", prompt);
                }
                show(prompt);
                String line = lines.readLine();
                return line == null ? null : line.toCharArray();
            }

            private void show(String prompt) {
                if (terminal) {
                    out.print(prompt + " ");
                } else {
                    out.println(prompt);
                }
                out.flush();
            }
        };
    }
}
