package org.tcpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tcpkit.auth.DialogueConsole;
import org.tcpkit.chat.client.ChatConsole;
import org.tcpkit.chat.client.ChatTerminal;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.log.LogSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code client.jar chat}: joins a chat server, prints what is said and sends what is typed. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "org.tcpkit.cli.help.chat-client",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Chat client: answers the server's joining questions (nickname, or name and password), then prints "
                    + "every incoming line with the local time and sends every line typed.",
            "Type /help for the server's commands; /quit, exit or end of input leaves.",
            "When neither --host nor --port is given and standard input is a terminal (the program in its "
                    + "foreground), they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Left with /quit or exit (or Ctrl+C or Ctrl+D on a terminal), at end of input once in the chat, or "
                    + "the server shut down normally.",
            "1:Runtime failure (cannot connect, connection lost, refused by the server, log file not writable), "
                    + "or input that ended before the chat was joined.",
            "2:Invalid option or value.",
            "130/143:Stopped by SIGINT or SIGTERM (standard input not a terminal)."
        })
final class ChatClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectOptions connect;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ChatClientCommand() {
        this(System.in, Terminal.canPrompt());
    }

    ChatClientCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    /**
     * The chat itself: with line editing when standard input and output are both this program's terminal,
     * else plain lines, byte for byte as piped.
     */
    private ChatConsole.Outcome session(EchoClient client, String welcome, LineInput lines, PrintWriter out)
            throws InterruptedException {
        if (interactive && Terminal.stdoutIsTerminal()) {
            out.flush();
            org.jline.terminal.Terminal terminal = null;
            try {
                terminal = ChatTerminal.open();
            } catch (IOException | RuntimeException e) {
                client.log().info("no line editing: {}", e.toString());
            }
            if (terminal != null) {
                return ChatTerminal.run(client, terminal, welcome, connect.timeout().toMillis());
            }
        }
        return ChatConsole.run(client, lines::readLine, out, connect.timeout().toMillis());
    }

    /** How long a chat server may take to greet. */
    private static final java.time.Duration GREETING_WAIT = java.time.Duration.ofSeconds(3);

    @Override
    public Integer call() throws InterruptedException {
        connect.validate(spec);
        common.validate(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LineInput lines = new LineInput(stdin);
        String inputEnded = connect.resolve(lines, interactive && !common.noPrompt, err);
        if (inputEnded != null) {
            err.println("chat: input ended at the " + inputEnded + " prompt; not connecting");
            return Cli.FAILED;
        }
        try (LogSetup logs = common.installLog("chat-client")) {
            EchoClient client = connect.connect("chat", err);
            if (client == null) {
                return Cli.FAILED;
            }
            try (client) {
                ServerKind kind = ServerKind.of(client, GREETING_WAIT);
                String server = "the server at " + client.server();
                String mismatch = switch (kind) {
                    case CHAT -> null;
                    case TLS -> server + " speaks TLS: add --tls";
                    case ECHO -> server + " sent nothing within " + GREETING_WAIT.toSeconds() + " s: it is not a chat "
                            + "server (an echo server, perhaps: use client.jar without 'chat')";
                    case DIALOGUE -> server + " is a login server, not a chat (" + ServerKind.firstLine(client)
                            + "): use client.jar without 'chat'";
                    case OTHER -> server + " sent " + ServerKind.firstLine(client) + ": it is not a chat server";
                };
                if (mismatch != null) {
                    client.log().warn("disconnected: {}", mismatch);
                    err.println("chat: " + mismatch);
                    return Cli.FAILED;
                }
                DialogueConsole.Result joined = DialogueConsole.run(client,
                        new UserInput(lines, out, interactive, client), out);
                Integer ended = ClientCommand.exitCode("chat", connect.target(), joined, err);
                if (ended != null) {
                    return ended;
                }
                client.clearTimeout();
                ChatConsole.Outcome outcome = session(client, joined.message(), lines, out);
                return switch (outcome) {
                    case QUIT -> Cli.OK;
                    case SERVER_SHUTDOWN -> {
                        err.println("chat: the server shut down");
                        yield Cli.OK;
                    }
                    case LOST -> {
                        err.println("chat: connection to " + connect.target() + " lost");
                        yield Cli.FAILED;
                    }
                };
            } catch (IOException e) {
                client.log().warn("disconnected: connection to {} lost: {}",
                        connect.target(), e.toString());
                err.println("chat: connection to " + connect.target() + " lost: " + e.getMessage());
                return Cli.FAILED;
            }
        } catch (IOException e) {
            err.println("chat: cannot open the log file " + common.logFileName("chat-client") + ": "
                    + Errors.describe(e));
            return Cli.FAILED;
        }
    }
}
