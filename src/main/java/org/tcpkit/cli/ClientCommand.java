package org.tcpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
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
        resourceBundle = "org.tcpkit.cli.help.client",
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {ChatClientCommand.class, BenchCommand.class},
        description = {
            "Line client for the TCP echo server: each line read from standard input is sent (UTF-8) and its "
                    + "echo printed on standard output.",
            "Type 'exit' to leave; end of input (Ctrl+D, or the end of a pipe) also leaves.",
            "When the server greets with questions (server.jar --mode ident or auth), they are answered first; "
                    + "passwords are not shown while typed on a terminal. 'client.jar chat' joins a chat server; "
                    + "'client.jar bench' measures an echo server.",
            "When neither --host nor --port is given and standard input is a terminal (the program in its "
                    + "foreground), they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Left with 'exit' or at end of input once the session began.",
            "1:Runtime failure (cannot connect, connection lost, no echo in time, refused by the server, "
                    + "log file not writable), or input that ended before the session began.",
            "2:Invalid option or value.",
            "130/143:Stopped by Ctrl+C (SIGINT) or SIGTERM."
        })
final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", converter = ModeConverter.class,
            description = "The server's mode: echo, ident or auth; a server of another mode is named in one line. "
                    + "Default: worked out from the server (a greeting means ident or auth, silence means echo).")
    ServerMode mode;

    /** How long a server that is expected to greet may take to do so. */
    private static final Duration GREETING_WAIT = Duration.ofSeconds(3);
    /** How long a server whose mode is not given may take to greet before it is taken for an echo server. */
    private static final Duration SILENCE_MEANS_ECHO = Duration.ofMillis(300);

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
        String inputEnded = connect.resolve(lines, interactive && !common.noPrompt, err);
        if (inputEnded != null) {
            err.println("client: input ended at the " + inputEnded + " prompt; not connecting");
            return Cli.FAILED;
        }
        try (LogSetup logs = common.installLog("client")) {
            EchoClient client = connect.connect("client", err);
            if (client == null) {
                return Cli.FAILED;
            }
            try (client) {
                UserInput input = new UserInput(lines, out, interactive, client);
                ServerKind kind = ServerKind.of(client, mode == ServerMode.IDENT || mode == ServerMode.AUTH
                        ? GREETING_WAIT : SILENCE_MEANS_ECHO);
                String mismatch = mismatch(kind, client);
                if (mismatch != null) {
                    LoggerFactory.getLogger(EchoClient.class).warn("disconnected: {}", mismatch);
                    err.println("client: " + mismatch);
                    return Cli.FAILED;
                }
                if (kind == ServerKind.DIALOGUE) {
                    Integer ended = dialogue("client", connect.target(), client, input, out, err);
                    if (ended != null) {
                        return ended;
                    }
                }
                EchoConsole.Result result = EchoConsole.run(client, input, out);
                if (result.outcome() != EchoConsole.Outcome.USER_EXIT
                        && result.outcome() != EchoConsole.Outcome.END_OF_INPUT) {
                    // A chat server that greeted after the wait for a greeting: its greeting came back instead.
                    boolean chat = result.answer() != null && ServerKind.of(result.answer()) == ServerKind.CHAT;
                    String why = chat ? mismatch(ServerKind.CHAT, client) : result.message();
                    if (chat) {
                        // The log says what the console says, after the echo console's own line.
                        LoggerFactory.getLogger(EchoClient.class).warn("that answer was a chat server's greeting, "
                                + "late: {}", why);
                    }
                    err.println("client: " + why);
                    return Cli.FAILED;
                }
                return Cli.OK;
            } catch (IOException e) {
                LoggerFactory.getLogger(EchoClient.class).warn("disconnected: connection to {} lost: {}",
                        connect.target(), e.toString());
                err.println("client: connection to " + connect.target() + " lost: " + e.getMessage());
                return Cli.FAILED;
            }
        } catch (IOException e) {
            err.println("client: cannot open the log file " + common.logFileName("client") + ": " + Errors.describe(e));
            return Cli.FAILED;
        }
    }

    /** Why this client cannot talk to a server of this kind in the mode asked for, or null when it can. */
    private String mismatch(ServerKind kind, EchoClient client) throws IOException {
        String server = "the server at " + client.server();
        return switch (kind) {
            case TLS -> server + " speaks TLS: add --tls";
            case CHAT -> server + " is a chat server: use 'client.jar chat'";
            case OTHER -> server + " sent " + ServerKind.firstLine(client) + " before it was asked anything: it is "
                    + "neither an echo server nor a tcpkit dialogue";
            case DIALOGUE -> mode == ServerMode.ECHO ? server + " begins a dialogue (" + ServerKind.firstLine(client)
                    + "): leave out --mode echo, or use --mode ident or auth" : null;
            case ECHO -> mode == ServerMode.IDENT || mode == ServerMode.AUTH ? server + " sent no greeting within "
                    + GREETING_WAIT.toSeconds() + " s: it is an echo server, not an " + mode.id
                    + " server; leave out --mode" : null;
        };
    }

    /**
     * Runs the server's dialogue (ident, auth, or joining the chat).
     *
     * @return null when the server accepted the client, else the exit code, the reason told on {@code err}
     */
    static Integer dialogue(String program, String target, EchoClient client, DialogueConsole.Answers answers,
                            PrintWriter out, PrintWriter err) throws IOException {
        return exitCode(program, target, DialogueConsole.run(client, answers, out), err);
    }

    /** The exit code a dialogue's end calls for (null when it was accepted), the reason told on {@code err}. */
    static Integer exitCode(String program, String target, DialogueConsole.Result dialogue, PrintWriter err) {
        return switch (dialogue.outcome()) {
            case ACCEPTED -> null;
            case END_OF_INPUT -> {
                err.println(program + ": input ended before the server's questions were answered; left without "
                        + "getting in");
                yield Cli.FAILED;
            }
            case SHUTDOWN -> {
                err.println(program + ": the server shut down");
                yield Cli.OK;
            }
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
}
