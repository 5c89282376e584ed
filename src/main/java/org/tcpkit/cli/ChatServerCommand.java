package org.tcpkit.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.LoginThrottle;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.auth.RegistrationLimit;
import org.tcpkit.auth.UserStore;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.irc.IrcSession;
import org.tcpkit.chat.redis.RedisLog;
import org.tcpkit.chat.redis.RedisSettings;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.chat.web.WebDoor;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server.jar chat}: the multi-user chat server. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "org.tcpkit.cli.help.chat-server",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Multi-user text chat: everyone picks a nickname (or, with --auth, logs in), starts in #lobby, and "
                    + "every line is delivered to everyone in the same room. Commands: /help, /join, /rooms, /who, "
                    + "/topic, /msg, /history, /nick, /me, /quit. Rooms keep their recent lines for whoever joins "
                    + "later. With --irc-port, IRC clients (irssi, WeeChat, HexChat) join the same rooms through a "
                    + "second port. See docs/PROTOCOL.md.",
            "When neither --host nor --port is given and standard input is a terminal (the program in its "
                    + "foreground), they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Stopped normally.",
            "1:Runtime failure (no port of the range free, log file not writable, user file unreadable or "
                    + "corrupt, key store unusable).",
            "2:Invalid option or value.",
            "130/143:Stopped by Ctrl+C (SIGINT) or SIGTERM, after telling everyone."
        })
final class ChatServerCommand implements Callable<Integer>, Launch.Builder {
    /** An hour without a line from a client: it has most likely gone. */
    static final int DEFAULT_IDLE_SECONDS = 3600;
    /** People from one address at once: a family or a small class behind one NAT, not a nickname squatter. */
    static final int DEFAULT_MAX_PER_ADDRESS = 32;
    /** How long the shutdown notice may take to reach everyone. */
    private static final long GOODBYE_MILLIS = 2_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Option(names = "--auth", description = "Log people in against the user file (as --mode auth does); the "
            + "account name is the nickname.")
    boolean auth;

    @Option(names = "--users", paramLabel = "FILE", defaultValue = UserStore.DEFAULT_FILE,
            description = "User file for --auth. Default: ${DEFAULT-VALUE}.")
    Path users;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_IDLE_SECONDS,
            description = "Disconnect someone who sends nothing, or reads nothing while lines wait for them, "
                    + "for this long; 0 never. Default: ${DEFAULT-VALUE}.")
    int idleTimeoutSeconds;

    @Option(names = "--prompt-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time to answer each joining prompt (1-3600). Default: ${DEFAULT-VALUE}.")
    int promptTimeoutSeconds;

    @Option(names = "--flood-rate", paramLabel = "LINES", defaultValue = "" + FloodGate.RATE,
            description = "Lines a second one person may send, sustained (1-100000); faster lines wait their turn, "
                    + "and more than " + FloodGate.MAX_HELD + " waiting disconnect. Default: ${DEFAULT-VALUE}.")
    int floodRate;

    @Option(names = "--flood-burst", paramLabel = "LINES", defaultValue = "" + FloodGate.BURST,
            description = "Lines one person may send at once (1-100000). Default: ${DEFAULT-VALUE}.")
    int floodBurst;

    @Option(names = "--registrations-per-hour", paramLabel = "N",
            defaultValue = "" + RegistrationLimit.DEFAULT_PER_HOUR,
            description = "With --auth: accounts one address may register an hour (all at once, then one every "
                    + "3600/N s); 0 for no limit. Default: ${DEFAULT-VALUE}.")
    int registrationsPerHour;

    @Option(names = "--irc-port", paramLabel = "PORT", arity = "0..1", fallbackValue = "-1",
            description = "Also open the chat to IRC clients on this port (0: any free one). Given without a "
                    + "value: " + IrcSession.PORT + ", or " + IrcSession.TLS_PORT + " with --tls. Default: off.")
    Integer ircPort;

    @Option(names = "--web-port", paramLabel = "PORT", arity = "0..1", fallbackValue = "-1",
            description = "Also serve the chat's web page and IRC over WebSocket on this port (0: any free one), "
                    + "in the same rooms. Given without a value: " + WebDoor.PORT + ", or " + WebDoor.TLS_PORT
                    + " with --tls (HTTPS and WSS). Default: off.")
    Integer webPort;

    @Option(names = "--web-origins", paramLabel = "ORIGINS", split = ",",
            description = "Other origins whose pages may open the chat's WebSocket (https://chat.example.org), "
                    + "or * for any; the chat's own page always may. Default: its own page only.")
    java.util.List<String> webOrigins;

    @Option(names = "--irc-ping", paramLabel = "SECONDS", defaultValue = "120",
            description = "Send an IRC client PING after this long without a line from it; as long again without "
                    + "an answer disconnects it (1-3600). Default: ${DEFAULT-VALUE}.")
    int ircPingSeconds;

    @Option(names = "--irc-lobby", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Put IRC clients in #lobby when they connect, as line clients are "
                    + "(--no-irc-lobby: they start in no room). Default: on.")
    boolean ircLobby;

    @Option(names = "--irc-name", paramLabel = "NAME", defaultValue = IrcSession.NAME,
            description = "The server's name in IRC messages (letters, digits, dots, dashes). "
                    + "Default: ${DEFAULT-VALUE}.")
    String ircName;

    @Option(names = "--irc-info", paramLabel = "TEXT", defaultValue = IrcSession.INFO,
            description = "What the server says it is in IRC's WHOIS, LINKS and VERSION (up to 100 printable "
                    + "characters). Default: ${DEFAULT-VALUE}.")
    String ircInfo;

    @Option(names = "--irc-opers", paramLabel = "NAMES", split = ",",
            description = "Accounts of the user file (--users) that may become IRC operators with OPER NAME "
                    + "PASSWORD: operators of every room, able to disconnect anyone (KILL). Default: none.")
    java.util.List<String> ircOpers;

    @Option(names = "--max-rooms", paramLabel = "N", defaultValue = "1000",
            description = "Rooms that may exist at once, #lobby included (1-100000). Default: ${DEFAULT-VALUE}.")
    int maxRooms;

    @Option(names = "--max-rooms-per-member", paramLabel = "N", defaultValue = "20",
            description = "Rooms one IRC client may be in at once (1-1000); a line client is in one. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxRoomsPerMember;

    @Option(names = "--room-name-length", paramLabel = "N", defaultValue = "32",
            description = "The longest room name, in characters, the # included (2-200). Default: ${DEFAULT-VALUE}.")
    int roomNameLength;

    @Option(names = "--history", paramLabel = "LINES", defaultValue = "" + ChatLimits.HISTORY_LINES,
            description = "Lines each room keeps (messages, actions, notices; never private messages) for whoever "
                    + "joins later or asks with /history (0-10000; 0 keeps none). Default: ${DEFAULT-VALUE}.")
    int historyLines;

    @Option(names = "--history-hours", paramLabel = "HOURS", defaultValue = "24",
            description = "How long a room keeps a line (0.01-8760). Default: ${DEFAULT-VALUE}.")
    double historyHours;

    @Option(names = "--history-on-join", paramLabel = "LINES", defaultValue = "" + ChatLimits.HISTORY_ON_JOIN,
            description = "Of a room's kept lines, how many someone who joins it is given first (0 up to --history)."
                    + " Default: ${DEFAULT-VALUE}.")
    int historyOnJoin;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Join the rooms of every chat server on this Redis: redis://HOST[:PORT][/DB] "
                    + "(rediss:// for TLS). The password is read from the environment variable "
                    + RedisSettings.PASSWORD_VARIABLE + ". Default: off (Redis is never contacted).")
    String redis;

    @Option(names = "--redis-namespace", paramLabel = "NAME", defaultValue = RedisSettings.NAMESPACE,
            description = "The prefix of this chat's keys in Redis, so several chats can share one "
                    + "(letters, digits, . _ -). Default: ${DEFAULT-VALUE}.")
    String redisNamespace;

    @Option(names = "--redis-timeout", paramLabel = "SECONDS", defaultValue = "8",
            description = "A server silent this long counts as gone: its members leave and their names are free "
                    + "(0.2-300; it beats four times as often). Default: ${DEFAULT-VALUE}.")
    double redisTimeoutSeconds;

    @Option(names = "--redis-retry", paramLabel = "SECONDS", defaultValue = "10",
            description = "The longest wait between two attempts to reach Redis again (0.2-300); the waits "
                    + "double from 0.2 s up to it. Default: ${DEFAULT-VALUE}.")
    double redisRetrySeconds;

    @Option(names = "--redis-log-entries", paramLabel = "N", defaultValue = "" + RedisSettings.LOG_ENTRIES,
            description = "The most events the shared log on Redis keeps (1000-100000000); it also keeps none older "
                    + "than --history-hours, or 1 h if that is less. Default: ${DEFAULT-VALUE}.")
    long redisLogEntries;

    @Mixin
    TlsServerOptions tls;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ChatServerCommand() {
        this(System.in, Terminal.canPrompt());
    }

    ChatServerCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() throws InterruptedException {
        listen.validate(spec);
        tls.validate(spec);
        common.validate(spec);
        Cli.requireRange(spec, "--idle-timeout", idleTimeoutSeconds, 0, 86_400 * 365);
        Cli.requireRange(spec, "--prompt-timeout", promptTimeoutSeconds, 1, 3600);
        Cli.requireRange(spec, "--flood-rate", floodRate, 1, 100_000);
        Cli.requireRange(spec, "--flood-burst", floodBurst, 1, 100_000);
        Cli.requireRange(spec, "--registrations-per-hour", registrationsPerHour, 0, 1_000_000);
        if (ircPort != null && ircPort != -1) {
            Cli.requireRange(spec, "--irc-port", ircPort, 0, 65_535);
        }
        Cli.requireRange(spec, "--irc-ping", ircPingSeconds, 1, 3600);
        if (webPort != null && webPort != -1) {
            Cli.requireRange(spec, "--web-port", webPort, 0, 65_535);
        }
        if (webOrigins != null) {
            if (webPort == null) {
                throw Cli.invalid(spec, "--web-origins", String.join(",", webOrigins),
                        "is for the web door: give --web-port too");
            }
            for (String origin : webOrigins) {
                String problem = WebDoor.Settings.originProblem(origin);
                if (problem != null) {
                    throw Cli.invalid(spec, "--web-origins", origin, problem);
                }
            }
        }
        if (ircOpers != null && ircPort == null) {
            throw Cli.invalid(spec, "--irc-opers", String.join(",", ircOpers),
                    "is for the IRC door: give --irc-port too");
        }
        String nameProblem = IrcSession.Settings.nameProblem(ircName);
        if (nameProblem != null) {
            throw Cli.invalid(spec, "--irc-name", ircName, nameProblem);
        }
        String infoProblem = IrcSession.Settings.infoProblem(ircInfo);
        if (infoProblem != null) {
            throw Cli.invalid(spec, "--irc-info", ircInfo, infoProblem);
        }
        Cli.requireRange(spec, "--max-rooms", maxRooms, 1, 100_000);
        Cli.requireRange(spec, "--max-rooms-per-member", maxRoomsPerMember, 1, 1000);
        Cli.requireRange(spec, "--room-name-length", roomNameLength, 2, 200);
        Cli.requireRange(spec, "--history", historyLines, 0, 10_000);
        if (!(historyHours >= 0.01 && historyHours <= 8760)) {
            throw Cli.invalid(spec, "--history-hours", Double.toString(historyHours),
                    "must be between 0.01 and 8760 hours");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--history-on-join")) {
            Cli.requireRange(spec, "--history-on-join", historyOnJoin, 0, historyLines);
        } else {
            // Not given: at most what rooms keep (none with --history 0).
            historyOnJoin = Math.min(historyOnJoin, historyLines);
        }
        redisSettings = redisSettings();
        ListenOptions.Where where = listen.resolve(stdin, interactive && !common.noPrompt,
                spec.commandLine().getErr());
        return Launch.serve(spec.commandLine().getOut(), spec.commandLine().getErr(), common, "chat-server",
                "Chat server" + (tls.tls ? " (TLS)" : ""), where,
                listen.config(where, Duration.ofSeconds(idleTimeoutSeconds), DEFAULT_MAX_PER_ADDRESS)
                        .withHandshakeTimeout(tls.handshakeTimeout()), 2, listen.maxConnectionsGiven(), this);
    }

    private TcpServer irc;
    private TcpServer web;
    private RedisSettings redisSettings;
    private String relayId;

    /** The Redis settings when --redis is given, checked; null without it. */
    private RedisSettings redisSettings() {
        if (!(redisTimeoutSeconds >= 0.2 && redisTimeoutSeconds <= 300)) {
            throw Cli.invalid(spec, "--redis-timeout", Double.toString(redisTimeoutSeconds),
                    "must be between 0.2 and 300 seconds");
        }
        if (!(redisRetrySeconds >= 0.2 && redisRetrySeconds <= 300)) {
            throw Cli.invalid(spec, "--redis-retry", Double.toString(redisRetrySeconds),
                    "must be between 0.2 and 300 seconds");
        }
        if (redisLogEntries < 1_000 || redisLogEntries > 100_000_000) {
            throw Cli.invalid(spec, "--redis-log-entries", Long.toString(redisLogEntries),
                    "must be between 1000 and 100000000");
        }
        if (redis == null) {
            return null;
        }
        try {
            return RedisSettings.parse(redis, System.getenv(RedisSettings.PASSWORD_VARIABLE), redisNamespace,
                    Math.round(redisTimeoutSeconds * 1000), Math.round(redisRetrySeconds * 1000))
                    .withSecret(System.getenv(RedisSettings.SECRET_VARIABLE))
                    .withRetention(redisLogEntries, Math.max(historyAge().toMillis(), RedisSettings.MIN_RETAIN_MILLIS));
        } catch (IllegalArgumentException e) {
            throw Cli.invalid(spec, "--redis", redis, e.getMessage());
        }
    }

    private Duration historyAge() {
        return Duration.ofMillis(Math.round(historyHours * 3_600_000));
    }

    @Override
    public java.util.List<String> notes() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (redisSettings != null) {
            notes.add("Rooms shared with the other chat servers on Redis at " + redisSettings.where() + " (namespace "
                    + redisSettings.namespace() + ", this server is " + relayId + ", " + (redisSettings.secret() != null
                    ? "events signed" : "events not signed: set " + RedisSettings.SECRET_VARIABLE + " on every server")
                    + ")");
        }
        if (web != null) {
            notes.add(org.tcpkit.chat.web.WebLinks.note(web.listening(), tls.tls));
        }
        return notes;
    }

    @Override
    public java.util.List<Launch.Beside> beside() {
        java.util.List<Launch.Beside> beside = new java.util.ArrayList<>();
        if (irc != null) {
            beside.add(new Launch.Beside("IRC", irc));
        }
        if (web != null) {
            beside.add(new Launch.Beside("the web page", web));
        }
        return beside;
    }

    @Override
    public TcpServer build(ListenConfig config) throws java.io.IOException, java.security.GeneralSecurityException {
        Logger log = LoggerFactory.getLogger("org.tcpkit.chat.ChatServer");
        Duration answerTime = Duration.ofSeconds(promptTimeoutSeconds);
        AuthSession login = auth ? new AuthSession(UserStore.open(users), PasswordHasher.standard(),
                new LoginThrottle(), answerTime, tls.tls, null, log).requiringNames(LineSession::accountProblem)
                .leavingTheWelcomeToTheCaller()
                .limitingRegistrations(new RegistrationLimit(registrationsPerHour)) : null;
        ChatLimits limits = new ChatLimits(maxRooms, maxRoomsPerMember, roomNameLength)
                .withHistory(historyLines, historyAge(), historyOnJoin);
        Chat chat;
        if (redisSettings != null) {
            RedisLog shared = new RedisLog(redisSettings, log, Math.min(2_000, redisSettings.timeoutMillis()));
            relayId = shared.server();
            chat = new Chat(log, limits, shared);
        } else {
            chat = new Chat(log, limits);
        }
        java.util.concurrent.ThreadFactory writers = Threads.forConnections(config.threads(), "chat-writer-");
        LineSession session = new LineSession(chat, answerTime, login, writers, floodRate, floodBurst, log);
        var serverTls = tls.server();
        TcpServer server = new TcpServer("chat", config, serverTls, session, log);
        IrcSession ircSession = null;
        if (ircPort != null || webPort != null) {
            boolean userFile = java.nio.file.Files.exists(users);
            boolean opers = ircOpers != null && !ircOpers.isEmpty();
            // With --auth, its accounts; without, the user file's, which operators log in to, and which clients
            // may log in to with SASL when the file exists.
            AuthSession accounts = login != null ? login : userFile || opers ? new AuthSession(UserStore.open(users),
                    PasswordHasher.standard(), new LoginThrottle(), answerTime, tls.tls, null, log) : null;
            org.tcpkit.chat.irc.Operators operators = opers
                    ? new org.tcpkit.chat.irc.Operators(new java.util.HashSet<>(ircOpers), accounts) : null;
            ircSession = new IrcSession(chat, new IrcSession.Settings(answerTime, Duration.ofSeconds(ircPingSeconds),
                    floodRate, floodBurst, ircLobby, ircName, ircInfo), login, userFile ? accounts : null, operators,
                    writers, log);
        }
        if (ircPort != null) {
            int port = ircPort != -1 ? ircPort : tls.tls ? IrcSession.TLS_PORT : IrcSession.PORT;
            // One budget of connections for every door: the limits were sized for the process, not per port.
            irc = new TcpServer("irc", config.withPort(port), serverTls, ircSession, log, server.admission());
        }
        if (webPort != null) {
            int port = webPort != -1 ? webPort : tls.tls ? WebDoor.TLS_PORT : WebDoor.PORT;
            WebDoor door = new WebDoor(ircSession, new WebDoor.Settings(webOrigins == null ? java.util.List.of()
                    : java.util.List.copyOf(webOrigins), answerTime.compareTo(Duration.ofSeconds(10)) < 0 ? answerTime
                    : Duration.ofSeconds(10)), auth, log);
            web = new TcpServer("web", config.withPort(port), serverTls, door, log, server.admission());
        }
        IrcSession ircDoor = ircSession;
        server.beforeClosingConnections(() -> {
            session.goodbye();
            if (ircDoor != null) {
                ircDoor.goodbye(1_000);
            }
            chat.shutDown(GOODBYE_MILLIS);
        });
        return server;
    }
}
