package org.tcpkit.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.IdentSession;
import org.tcpkit.auth.LoginThrottle;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.auth.RegistrationLimit;
import org.tcpkit.auth.UserStore;
import org.tcpkit.echo.EchoServer;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server.jar}: the TCP echo server, optionally behind identification or authentication. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "org.tcpkit.cli.help.server",
        sortOptions = false, usageHelpAutoWidth = true, subcommands = ChatServerCommand.class,
        description = {
            "TCP echo server (RFC 862): sends back every byte it receives, in portions of --chunk-size bytes.",
            "A line that is exactly 'exit' is echoed and ends that client's session (unless --no-exit-line); "
                    + "the server keeps serving others and waits for the next. Events go to the log file, not the "
                    + "console.",
            "With --mode ident or auth, a line dialogue (identification by IP address, or name and password) "
                    + "comes first; see docs/PROTOCOL.md. 'server.jar chat' runs the multi-user chat instead.",
            "When neither --host nor --port is given and standard input is a terminal (the program in its "
                    + "foreground), they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Stopped normally.",
            "1:Runtime failure (no port of the range free, log file not writable, user file unreadable or "
                    + "corrupt, key store unusable).",
            "2:Invalid option or value.",
            "130/143:Stopped by Ctrl+C (SIGINT) or SIGTERM, after a clean shutdown."
        })
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "echo", converter = ModeConverter.class,
            description = "echo, ident (greet clients known by IP address, ask unknown ones for a name) or auth "
                    + "(log in or register with name and password); ident and auth end in the echo session. "
                    + "Default: ${DEFAULT-VALUE}.")
    ServerMode mode;

    @Mixin
    ListenOptions listen;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "" + EchoServer.DEFAULT_CHUNK_SIZE,
            description = "Portion size: data is handled and logged in portions of at most this many bytes "
                    + "(1-" + EchoServer.MAX_CHUNK_SIZE + "). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--exit-line", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Echo mode: the line 'exit' ends a client's session; with --no-exit-line "
                    + "the server is plain RFC 862, echoing every byte, 'exit' included, until the client closes. Default: on.")
    boolean exitLine;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            defaultValue = "" + ListenConfig.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "Close a connection that sends nothing, or does not read what it is sent, for this "
                    + "long; 0 never. Default: ${DEFAULT-VALUE}.")
    int idleTimeoutSeconds;

    @Option(names = "--users", paramLabel = "FILE", defaultValue = UserStore.DEFAULT_FILE,
            description = "User file of the ident and auth modes. Default: ${DEFAULT-VALUE}.")
    Path users;

    @Option(names = "--prompt-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Ident and auth modes: time a client has to answer each prompt (1-3600). "
                    + "Default: ${DEFAULT-VALUE}.")
    int promptTimeoutSeconds;

    @Option(names = "--registrations-per-hour", paramLabel = "N",
            defaultValue = "" + RegistrationLimit.DEFAULT_PER_HOUR,
            description = "Auth mode: accounts one address may register an hour (all at once, then one every "
                    + "3600/N s); 0 for no limit. Default: ${DEFAULT-VALUE}.")
    int registrationsPerHour;

    @Mixin
    TlsServerOptions tls;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ServerCommand() {
        this(System.in, Terminal.canPrompt());
    }

    ServerCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() throws InterruptedException {
        listen.validate(spec);
        tls.validate(spec);
        common.validate(spec);
        Cli.requireRange(spec, "--chunk-size", chunkSize, 1, EchoServer.MAX_CHUNK_SIZE);
        Cli.requireRange(spec, "--idle-timeout", idleTimeoutSeconds, 0, 86_400 * 365);
        Cli.requireRange(spec, "--prompt-timeout", promptTimeoutSeconds, 1, 3600);
        Cli.requireRange(spec, "--registrations-per-hour", registrationsPerHour, 0, 1_000_000);
        if (!exitLine && mode != ServerMode.ECHO) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--no-exit-line applies to --mode echo only: the ident and auth dialogues tell clients to "
                            + "send exit to leave");
        }
        ListenOptions.Where where = listen.resolve(stdin, interactive && !common.noPrompt,
                spec.commandLine().getErr());
        return Launch.serve(spec.commandLine().getOut(), spec.commandLine().getErr(), common, "server",
                mode.title + " server" + (tls.tls ? " (TLS)" : ""), where,
                listen.config(where, Duration.ofSeconds(idleTimeoutSeconds), ListenConfig.DEFAULT_MAX_PER_ADDRESS)
                        .withHandshakeTimeout(tls.handshakeTimeout()), 1, listen.maxConnectionsGiven(), this::build);
    }

    /** The server for the chosen mode: its sockets (plain or TLS), user file and per-connection protocol. */
    private TcpServer build(ListenConfig config) throws java.io.IOException, java.security.GeneralSecurityException {
        Logger log = LoggerFactory.getLogger(mode.logger);
        EchoSession echo = new EchoSession(chunkSize, log, exitLine);
        Duration answerTime = Duration.ofSeconds(promptTimeoutSeconds);
        Runnable goodbye = () -> { };
        ConnectionHandler handler;
        switch (mode) {
            case IDENT -> {
                IdentSession ident = new IdentSession(UserStore.open(users), answerTime, echo, log);
                goodbye = ident::goodbye;
                handler = ident;
            }
            case AUTH -> {
                AuthSession auth = new AuthSession(UserStore.open(users), PasswordHasher.standard(), new LoginThrottle(),
                        answerTime, tls.tls, echo, log).limitingRegistrations(new RegistrationLimit(registrationsPerHour));
                goodbye = auth::goodbye;
                handler = auth;
            }
            default -> handler = echo;
        }
        TcpServer server = new TcpServer(mode.id, config, tls.server(), handler, log);
        server.beforeClosingConnections(goodbye);
        return server;
    }
}
