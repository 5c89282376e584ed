package org.tcpkit.chat.irc;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Outbox;
import org.tcpkit.chat.PacedLines;
import org.tcpkit.log.Repeats;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LineReader;

/**
 * The chat's IRC door: one IRC client (irssi, WeeChat, HexChat, netcat speaking IRC). Registration first:
 * {@code CAP} negotiation ({@link Capabilities}; registration waits while it is open), SASL PLAIN or {@code PASS} with
 * {@code --auth}, {@code NICK} and {@code USER}; then the welcome burst, and {@link IrcCommands} until the
 * client quits, stops answering PING, floods, falls too far behind or disconnects.
 */
public final class IrcSession implements ConnectionHandler {
    /** The conventional IRC ports: plain, and with TLS. */
    public static final int PORT = 6667;
    public static final int TLS_PORT = 6697;
    /** The server's name in IRC messages by default, and the network's name. */
    public static final String NAME = "tcpkit";
    /** What the server says it is by default. */
    public static final String INFO = "tcpkit chat";
    /** The longest message taken from a client after its tags, in bytes, its CRLF excluded (IRC's 512 with the CRLF). */
    static final int MAX_LINE = IrcText.MAX_LINE - 2;
    /** The longest line taken from a client: tags ({@code @}, 4094 bytes, a space) and a message. */
    static final int MAX_TAGGED_LINE = org.tcpkit.chat.ClientTags.MAX_BYTES + 2 + MAX_LINE;
    /** How long the last lines to a client that never got in (an ERROR) may take to go out. */
    private static final long FLUSH_MILLIS = 2_000;

    /**
     * How the door behaves.
     *
     * @param registrationTime how long a client has to register
     * @param pingInterval     quiet time after which the server sends PING; as long again without an answer
     *                         disconnects
     * @param floodRate        lines a second a client may send, sustained
     * @param floodBurst       lines a client may send at once
     * @param lobby            whether registered clients start in {@link org.tcpkit.chat.Room#LOBBY}
     * @param serverName       the server's name, the prefix of its own messages
     * @param serverInfo       what the server says it is (WHOIS, LINKS, VERSION)
     */
    public record Settings(Duration registrationTime, Duration pingInterval, int floodRate, int floodBurst,
                           boolean lobby, String serverName, String serverInfo) {
        public Settings(Duration registrationTime, Duration pingInterval, int floodRate, int floodBurst,
                        boolean lobby, String serverName) {
            this(registrationTime, pingInterval, floodRate, floodBurst, lobby, serverName, INFO);
        }

        /** Why {@code name} cannot name the server (letters, digits, {@code . -}, 1-63), or null. */
        public static String nameProblem(String name) {
            return name.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}") ? null
                    : "a server name has 1 to 63 letters, digits, dots and dashes, and starts with a letter or digit";
        }

        /** Why {@code info} cannot describe the server (1 to 100 printable characters), or null. */
        public static String infoProblem(String info) {
            return info.length() <= 100 && !info.isBlank() && info.codePoints().noneMatch(
                    c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) ? null
                    : "a server's description has 1 to 100 printable characters";
        }
    }

    private final Chat chat;
    /**
     * The door of the clients that asked for each spelling of the chat's lines: one per combination of the
     * capabilities that choose it that some client asked for (a few in practice: most clients ask for the same).
     */
    private final java.util.Map<IrcDoor.Spelling, IrcDoor> doors = new ConcurrentHashMap<>();
    private final String server;
    private final Settings settings;
    private final AuthSession login;
    /** The accounts a client may log in to with SASL: those of --auth, or of the user file; null for none. */
    private final AuthSession accounts;
    private final Operators operators;
    private final ThreadFactory writers;
    private final Logger log;
    private final Repeats repeats;
    private final Set<Replies> registering = ConcurrentHashMap.newKeySet();

    /**
     * @param login with {@code --auth}: the accounts, checked against {@code PASS} (the nickname is the account);
     *              null to let people pick a nickname
     */
    public IrcSession(Chat chat, Settings settings, AuthSession login, ThreadFactory writers, Logger log) {
        this(chat, settings, login, null, writers, log);
    }

    /**
     * @param operators who may become IRC operators ({@code OPER}), or null for nobody
     */
    public IrcSession(Chat chat, Settings settings, AuthSession login, Operators operators, ThreadFactory writers,
                      Logger log) {
        this(chat, settings, login, login, operators, writers, log);
    }

    /**
     * @param accounts without {@code --auth} ({@code login} null), the user file's accounts, which a client may
     *                 log in to with SASL as it registers (its nickname stays its own); null for none
     */
    public IrcSession(Chat chat, Settings settings, AuthSession login, AuthSession accounts, Operators operators,
                      ThreadFactory writers, Logger log) {
        this.accounts = login != null ? login : accounts;
        this.operators = operators;
        this.chat = chat;
        this.settings = settings;
        this.server = settings.serverName();
        this.login = login;
        this.writers = writers;
        this.log = log;
        this.repeats = new Repeats(log);
    }

    /**
     * Tells everyone still registering that the server is shutting down (the chat tells its members), and
     * waits up to {@code millis} in all for that to go out.
     */
    public void goodbye(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (Replies replies : registering) {
            replies.error("Closing link: server shutting down");
        }
        for (Replies replies : registering) {
            replies.flush(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    @Override
    public byte[] refusal(String why) {
        return IrcText.line("ERROR :" + why);
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        Outbox outbox = Outbox.open(connection, writers, log, repeats, chat.limits().stall());
        if (outbox == null) {
            byte[] error = refusal("The server cannot take more people right now; try again later.");
            connection.write(error, 0, error.length);
            return DisconnectReason.PROTOCOL;
        }
        Replies replies = new Replies(chat, server, outbox, connection);
        FloodGate flood = new FloodGate(settings.floodRate(), settings.floodBurst());
        PacedLines lines = new PacedLines(flood, connection, connection.input(), MAX_TAGGED_LINE,
                warning -> replies.raw(":" + server + " NOTICE " + replies.nick() + " :" + warning));
        Capabilities caps = new Capabilities(accounts != null, login != null);
        IrcRegistration registration = new IrcRegistration(this, connection, replies, lines, flood, outbox, caps);
        Member member;
        registering.add(replies);
        try {
            member = registration.run();
        } catch (IOException | RuntimeException e) {
            outbox.abort();
            throw e;
        } finally {
            registering.remove(replies);
            registration.wipe();
        }
        if (member == null) {
            outbox.finish(FLUSH_MILLIS);
            return registration.ending();
        }
        return talk(member, replies, lines, caps);
    }

    /** The chat this door opens on. */
    Chat chat() {
        return chat;
    }

    Settings settings() {
        return settings;
    }

    /** With {@code --auth}: the accounts, whose password a client must give; else null. */
    AuthSession login() {
        return login;
    }

    /** The accounts a client may log in to with SASL, or null for none. */
    AuthSession accounts() {
        return accounts;
    }

    Logger log() {
        return log;
    }

    /** The door of the clients that asked for this spelling of the chat's lines. */
    IrcDoor door(IrcDoor.Spelling spelling) {
        return doors.computeIfAbsent(spelling, s -> new IrcDoor(server, s));
    }

    /** The client has registered: it counts as a member (LUSERS) from now on, no longer as registering. */
    void registered(Replies replies) {
        registering.remove(replies);
    }

    /** Commands until the client leaves; then out of the chat. */
    private DisconnectReason talk(Member member, Replies replies, PacedLines lines, Capabilities caps) {
        Chat.Departure seen = Chat.Departure.LOST;
        DisconnectReason ending;
        try {
            seen = commands(member, replies, lines, caps);
        } catch (PacedLines.FloodedException e) {
            log.warn("chat kick: {} from {} for flooding: {}", member.nick(), member.connection().peer(),
                    e.getMessage());
            replies.error("Closing link: flooding");
            seen = new Chat.Departure("kicked for flooding", DisconnectReason.PROTOCOL, true);
        } catch (IOException e) {
            seen = Chat.Departure.LOST;
        } finally {
            ending = chat.depart(member, seen);
        }
        return ending;
    }

    /**
     * Reads and acts on the client's commands, and PINGs it when it goes quiet; returns why it left
     * ({@link Chat.Departure#LOST} at the end of input).
     */
    private Chat.Departure commands(Member member, Replies replies, PacedLines lines, Capabilities caps)
            throws IOException, PacedLines.FloodedException {
        IrcCommands commands = new IrcCommands(chat, replies, caps, member, login != null, operators, registering::size,
                settings.serverInfo(),
                log, this::door);
        long ping = settings.pingInterval().toMillis();
        boolean pinged = false;
        while (true) {
            LineReader.Line line = lines.next(ping);
            if (line == PacedLines.QUIET) {
                if (pinged) {
                    log.info("chat ping timeout: {} from {} answered no PING for {} s", member.nick(),
                            member.connection().peer(), 2 * ping / 1000);
                    replies.error("Closing link: ping timeout");
                    return new Chat.Departure("ping timeout", DisconnectReason.TIMEOUT, true);
                }
                replies.raw("PING :" + server);
                pinged = true;
                continue;
            }
            if (line == null) {
                return Chat.Departure.LOST;
            }
            pinged = false;
            IrcMessage message = readable(line, replies);
            Chat.Departure quit = message == null ? null : labeled(message, member, replies, caps, commands);
            if (quit != null) {
                return quit;
            }
        }
    }

    /**
     * Acts on a message, as the answer to its label when it has one and the client asked for
     * {@code labeled-response} ({@link Labeled}); returns how the session ends when it does.
     */
    private Chat.Departure labeled(IrcMessage message, Member member, Replies replies, Capabilities caps,
                                   IrcCommands commands) {
        String label = caps.has(Capabilities.LABELED_RESPONSE) ? message.label() : null;
        if (label == null) {
            return commands.handle(message);
        }
        Labeled answer = new Labeled(label, caps.has(Capabilities.BATCH), server, replies.batchId());
        Chat.Departure quit;
        try (org.tcpkit.chat.Answer open = org.tcpkit.chat.Answer.open(member, answer)) {
            quit = commands.handle(message);
        }
        byte[] end = answer.end();
        if (end != null) {
            replies.send(end);
        }
        return quit;
    }

    /** The message on a line, or null (with a reply) when the line cannot be read or has no command. */
    static IrcMessage readable(LineReader.Line line, Replies replies) {
        if (!line.ok()) {
            if (line.tooLong()) {
                replies.reply(Numeric.ERR_INPUTTOOLONG);
            } else {
                replies.raw(":" + replies.server() + " FAIL * INVALID_UTF8 :Your line was not UTF-8 and was ignored; "
                        + "this server speaks UTF-8 only");
            }
            return null;
        }
        String text = line.text();
        // Most lines have no tags and are short enough in characters to be short enough in bytes.
        if (text.length() * 3 > MAX_LINE || text.startsWith("@")) {
            int tags = text.startsWith("@") ? Math.max(text.indexOf(' '), 0) : 0;
            int rest = tags;
            while (rest < text.length() && text.charAt(rest) == ' ') {
                rest++;
            }
            if (tags > 0 && IrcText.utf8(text.substring(1, tags)) > org.tcpkit.chat.ClientTags.MAX_BYTES
                    || IrcText.utf8(text.substring(rest)) > MAX_LINE) {
                replies.reply(Numeric.ERR_INPUTTOOLONG);
                return null;
            }
        }
        return IrcMessage.parse(text);
    }

    /** USER's user name as shown in prefixes: {@code ~} (no ident check), then up to 10 safe characters. */
    static String userName(String given) {
        StringBuilder out = new StringBuilder("~");
        given.codePoints().filter(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
                .limit(10).forEach(out::appendCodePoint);
        return out.length() > 1 ? out.toString() : "~user";
    }

    /** The version the jar was built as, as IRC's 002, 004 and VERSION name it. */
    static String version() {
        return "tcpkit-" + org.tcpkit.Version.NUMBER;
    }
}
