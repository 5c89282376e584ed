package org.tcpkit.chat.irc;

import java.io.IOException;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.chat.ChatText;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Outbox;
import org.tcpkit.chat.PacedLines;
import org.tcpkit.net.Connection;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LineReader;

/**
 * One client's registration: the commands taken before it is in the chat ({@code CAP}, {@code PASS},
 * {@code AUTHENTICATE}, {@code REGISTER}, {@code NICK}, {@code USER}, {@code PING}, {@code QUIT}), within the door's
 * registration time; then its password checked (with {@code --auth}) and its arrival in the chat with its
 * welcome.
 */
final class IrcRegistration {
    private final IrcSession door;
    private final Connection connection;
    private final Replies replies;
    private final PacedLines lines;
    private final FloodGate flood;
    private final Outbox outbox;
    private final Capabilities caps;
    /** SASL PLAIN against the accounts, when the chat has them; else null. */
    private final Sasl sasl;
    /** REGISTER (IRCv3 account registration) with --auth. */
    private final Enrolling enrolling;
    private String nick;
    private String user;
    private String realName;
    private char[] password;
    private boolean capOpen;
    private DisconnectReason ending = DisconnectReason.CLOSED;

    IrcRegistration(IrcSession door, Connection connection, Replies replies, PacedLines lines, FloodGate flood,
                    Outbox outbox, Capabilities caps) {
        this.door = door;
        this.connection = connection;
        this.replies = replies;
        this.lines = lines;
        this.flood = flood;
        this.outbox = outbox;
        this.caps = caps;
        this.sasl = door.accounts() == null ? null : new Sasl(door.accounts());
        this.enrolling = new Enrolling(door.login());
    }

    /** How the connection ends when {@link #run} gave no member. */
    DisconnectReason ending() {
        return ending;
    }

    /** Forgets the password given, if any. */
    void wipe() {
        PasswordHasher.wipe(password);
    }

    /** Reads registration commands until the client is in the chat (returned) or gone (null). */
    Member run() throws IOException {
        IrcSession.Settings settings = door.settings();
        long deadline = System.nanoTime() + settings.registrationTime().toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                door.log().info("prompt timeout: {} did not register within {} s", connection.peer(),
                        settings.registrationTime().toSeconds());
                replies.error("Closing link: registration timed out");
                ending = DisconnectReason.TIMEOUT;
                return null;
            }
            LineReader.Line line;
            try {
                line = lines.next(left);
            } catch (PacedLines.FloodedException e) {
                replies.error("Closing link: flooding");
                ending = DisconnectReason.PROTOCOL;
                return null;
            }
            if (line == null) {
                return null;
            }
            IrcMessage message = line == PacedLines.QUIET ? null : IrcSession.readable(line, replies);
            if (message == null || CommandTable.admit(message, replies, false) == null) {
                continue;
            }
            if (!take(message)) {
                return null;
            }
            if (nick != null && user != null && !capOpen) {
                Member member = arrive();
                if (member != null || ending != DisconnectReason.CLOSED) {
                    return member;
                }
            }
        }
    }

    /** Acts on one registration command; false when the client quit. */
    private boolean take(IrcMessage message) {
        switch (message.command()) {
            case "CAP" -> Capabilities.handle(message, replies, caps, open -> capOpen = open);
            case "PASS" -> {
                wipe();
                password = message.param(0).toCharArray();
            }
            case "AUTHENTICATE" -> {
                if (sasl == null) {
                    replies.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed: this chat has no accounts");
                } else {
                    sasl.step(message, replies, connection, nick == null ? "*" : nick);
                }
            }
            case "REGISTER" -> enrolling.step(message, replies, connection, nick,
                    sasl != null && sasl.account() != null);
            case "NICK" -> {
                String chosen = IrcCommands.acceptableNick(message, replies, door.chat(), null);
                if (chosen != null) {
                    nick = chosen;
                    replies.nick(chosen);
                }
            }
            case "USER" -> {
                user = IrcSession.userName(message.param(0));
                realName = ChatText.cut(IrcText.clean(message.param(3)), Member.MAX_REAL_NAME_BYTES);
            }
            case "PING" -> IrcCommands.pong(message, replies);
            case "PONG" -> {
            }
            case "QUIT" -> {
                replies.error("Closing link: quit");
                ending = DisconnectReason.EXIT;
                return false;
            }
            default -> throw new IllegalStateException(message.command() + " is taken before registration");
        }
        return true;
    }

    /** Registration done: the password checked (with --auth), then into the chat; null when refused. */
    private Member arrive() {
        AuthSession login = door.login();
        String account = enrolling.account() != null ? enrolling.account() : sasl == null ? null : sasl.account();
        if (account != null && login != null) {
            // Logged in by SASL, or by making the account, where the chat has accounts: the account is the nickname.
            nick = Nicks.normalize(account);
            replies.nick(nick);
        } else if (login != null) {
            if (password == null) {
                replies.numeric(Numeric.ERR_PASSWDMISMATCH,
                        "Password required: give your account's password as the server password");
                replies.error("Closing link: password required");
                ending = DisconnectReason.PROTOCOL;
                return null;
            }
            AuthSession.Verdict verdict = login.verify(nick, password, connection);
            if (verdict != AuthSession.Verdict.ACCEPTED) {
                if (verdict == AuthSession.Verdict.REFUSED) {
                    replies.reply(Numeric.ERR_PASSWDMISMATCH);
                }
                replies.error(verdict == AuthSession.Verdict.REFUSED ? "Closing link: wrong account or password"
                        : "Closing link: too many login attempts are waiting; try again in a minute");
                ending = DisconnectReason.PROTOCOL;
                return null;
            }
            account = nick;
        }
        Member member = new Member(nick, user, realName, door.door(caps.spelling()), connection, outbox, flood);
        member.account(account);
        if (door.chat().arrive(member, door.settings().lobby(), lobby -> {
            // Counted as registered (LUSERS) from the moment it is in, before its welcome goes out.
            door.registered(replies);
            IrcQueries.welcome(replies, door.chat(), member);
            if (lobby != null) {
                IrcQueries.joined(replies, caps, member, lobby);
            }
        })) {
            replies.registered(member);
            return member;
        }
        if (door.chat().closing()) {
            replies.error("Closing link: server shutting down");
            ending = DisconnectReason.SHUTDOWN;
            return null;
        }
        replies.reply(Numeric.ERR_NICKNAMEINUSE, nick);
        nick = null;
        return null;
    }
}
