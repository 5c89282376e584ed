package org.tcpkit.chat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.tcpkit.log.Repeats;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.Dialogue;
import org.tcpkit.auth.Greetings;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LineReader;

/**
 * One chat participant: the join dialogue (a nickname, or a login with {@code --auth}), then lines from the
 * client become messages or commands until it quits, goes quiet for too long, floods, falls too far behind
 * or disconnects.
 */
public final class ChatSession implements ConnectionHandler {
    /** The longest chat line, in bytes (UTF-8), line break excluded. */
    public static final int MAX_LINE = 1000;
    /** Invalid or taken nicknames tolerated before the server gives up on a client. */
    static final int MAX_TRIES = 3;
    /** The socket send buffer asked of the kernel for each member. */
    static final int SEND_BUFFER = 64 * 1024;
    /** How long a leaving member's last lines may take to be written. */
    private static final long FLUSH_MILLIS = 2_000;
    static final String HELP = "* Commands: /join #ROOM (go to a room, made if new), /rooms (the rooms), "
            + "/who (who is in your room), /msg NICK TEXT (private message, any room), "
            + "/nick NEW (rename), /me ACTION, /quit [REASON] or exit (leave), /help. "
            + "Start a line with // to send a line that starts with /.";

    private final Chat chat;
    private final Duration answerTime;
    private final AuthSession login;
    private final ThreadFactory writers;
    private final int floodRate;
    private final int floodBurst;
    private final Logger log;
    private final Repeats repeats;
    private final org.tcpkit.auth.OpenDialogues dialogues = new org.tcpkit.auth.OpenDialogues();

    /**
     * @param room       the room
     * @param answerTime time to answer each join prompt
     * @param login      with {@code --auth}: the login dialogue whose account name becomes the nickname;
     *                   null to let people pick a nickname
     * @param writers    threads for the members' outboxes
     * @param floodRate  lines a second a member may send, sustained
     * @param floodBurst lines a member may send at once
     * @param log        where events go
     */
    public ChatSession(ChatRoom room, Duration answerTime, AuthSession login, ThreadFactory writers,
                       int floodRate, int floodBurst, Logger log) {
        this.chat = room.chat;
        this.answerTime = answerTime;
        this.login = login;
        this.writers = writers;
        this.floodRate = floodRate;
        this.floodBurst = floodBurst;
        this.log = log;
        this.repeats = new Repeats(log);
    }

    /** Tells everyone still choosing a nickname or logging in that the server is shutting down. */
    public void goodbye() {
        dialogues.goodbye();
    }

    @Override
    public byte[] refusal(String why) {
        return Member.line("bye: " + why);
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        // A modest kernel buffer, so a client that stops reading shows as a full outbox within
        // SEND_BUFFER + Outbox.LIMIT_BYTES rather than after megabytes of autotuned buffer.
        connection.socket().setSendBufferSize(SEND_BUFFER);
        Dialogue dialogue = dialogues.opened(new Dialogue(connection, answerTime));
        Outbox outbox = new Outbox(connection, writers, log);
        if (!outbox.start()) {
            // Out of threads (a task limit, say): this one person is refused, nothing else changes.
            repeats.log(Level.WARN, "chat refused: no writer thread could be started", "chat refused: {}, no "
                    + "writer thread could be started for it", connection.peer());
            dialogue.say("bye", "The server cannot take more people right now; try again later.");
            return DisconnectReason.PROTOCOL;
        }
        Member member;
        try {
            member = join(dialogue, connection, outbox);
        } catch (Dialogue.TimeoutException e) {
            outbox.abort();
            log.info("prompt timeout: {} did not answer within {}", connection.peer(), dialogue.answerTimeText());
            dialogue.timedOut();
            return DisconnectReason.TIMEOUT;
        } catch (IOException | RuntimeException e) {
            outbox.abort();
            throw e;
        } finally {
            dialogues.closed(dialogue);
        }
        if (member == null) {
            outbox.abort();
            return DisconnectReason.PROTOCOL;
        }
        String reason = "connection lost";
        DisconnectReason ending = DisconnectReason.CLOSED;
        boolean flush = false;
        try {
            Quit quit = talk(member, new LineReader(dialogue.remainingInput(), MAX_LINE));
            if (quit != null) {
                reason = quit.reason;
                ending = quit.ending;
                flush = true;
            }
        } catch (IOException e) {
            reason = "connection lost";
        } finally {
            String removal = member.removal.get();
            DisconnectReason closedBy = connection.closedBy();
            if (removal != null) {
                reason = removal;
                ending = DisconnectReason.PROTOCOL;
                flush = false;
            } else if (closedBy == DisconnectReason.TIMEOUT) {
                reason = "timeout";
            } else if (closedBy == DisconnectReason.SHUTDOWN) {
                reason = "server shutting down";
            }
            chat.leave(member, reason);
            if (flush) {
                outbox.finish(FLUSH_MILLIS);
            } else {
                outbox.abort();
            }
        }
        return ending;
    }

    private record Quit(String reason, DisconnectReason ending) {
    }

    /** Why an account name cannot be used in the chat (where it is the nickname), or null when it can. */
    public static String accountProblem(String account) {
        String nick = Nicks.normalize(account);
        String problem = Nicks.problem(nick);
        if (problem == null && !nick.equals(account)) {
            problem = "in the chat that name would read " + nick + "; use that";
        }
        return problem == null ? null : "in the chat the name is your nickname, and " + problem;
    }

    /** The {@code ok:} line that ends the joining dialogue, sent through the outbox ahead of everything else. */
    private static String welcome(String nick, List<String> online) {
        return "ok: Welcome to the chat, " + nick + "! Online (" + online.size() + "): " + String.join(", ", online)
                + ". Type /help for commands.";
    }

    private Member join(Dialogue dialogue, Connection connection, Outbox outbox) throws IOException {
        if (login != null) {
            dialogue.say("info", "tcpkit chat: log in with your account, or register a new one." + login.warning());
            String account = login.authenticate(dialogue, connection);
            if (account == null) {
                return null;
            }
            String problem = Nicks.problem(account);
            if (problem != null) {
                dialogue.say("bye", "The account name " + account + " cannot be a nickname: " + problem + ".");
                return null;
            }
            Member member = new Member(account, connection, outbox, new FloodGate(floodRate, floodBurst));
            if (!chat.join(member, online -> {
                dialogue.finish();
                return welcome(account, online);
            })) {
                log.info("chat refused: {} from {}, {} is in the chat already", account, connection.peer(), account);
                dialogue.say("bye", account + " is in the chat already, from another connection; leave there first.");
                return null;
            }
            return member;
        }
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Dialogue.Answer answer = dialogue.ask("ask", "Nickname? (1-" + Nicks.MAX_LENGTH
                    + " characters, no spaces)");
            if (answer == null) {
                return null;
            }
            String nick = answer.problem() == null ? Nicks.normalize(answer.text()) : null;
            String problem = answer.problem() != null ? answer.problem() : Nicks.problem(nick);
            if (problem == null) {
                Member member = new Member(nick, connection, outbox, new FloodGate(floodRate, floodBurst));
                if (chat.join(member, online -> {
                    dialogue.finish();
                    return welcome(nick, online);
                })) {
                    return member;
                }
                problem = "the nickname " + nick + " is taken";
            }
            dialogue.say("error", Greetings.sentence(problem) + (attempt < MAX_TRIES ? " Choose another." : ""));
        }
        dialogue.say("bye", "No usable nickname after " + MAX_TRIES + " tries; goodbye.");
        return null;
    }

    /**
     * Handles the member's lines until it leaves; returns why, or null when the connection just ended.
     *
     * <p>Lines over the flood rate are held and handled at the rate, never dropped. While a held line waits
     * for its turn the connection is still read (with a timeout of the wait), so a client that gets more
     * than {@link FloodGate#MAX_HELD} lines ahead is seen, and disconnected, at once.
     */
    private Quit talk(Member member, LineReader lines) throws IOException {
        ArrayDeque<LineReader.Line> held = new ArrayDeque<>();
        boolean ended = false;
        boolean told = false;
        while (true) {
            if (held.isEmpty()) {
                if (ended) {
                    return null;
                }
                if (member.flood.rested()) {
                    told = false;
                }
                LineReader.Line line = lines.read();
                if (line == null) {
                    return null;
                }
                held.add(line);
            }
            long wait;
            while ((wait = member.flood.nanosUntilNext()) > 0) {
                if (!told) {
                    told = true;
                    chat.notice(member, "! You are sending more than " + member.flood.rate() + " lines a second: "
                            + "your lines go out at that rate. More than " + FloodGate.MAX_HELD
                            + " waiting disconnects you.");
                }
                if (ended) {
                    pause(wait);
                    continue;
                }
                LineReader.Line more;
                try {
                    more = readWithin(member.connection, lines, wait);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (more == null) {
                    ended = true;
                } else if (held.size() >= FloodGate.MAX_HELD) {
                    log.warn("chat kick: {} from {} for flooding: more than {} lines waiting", member.nick(),
                            member.connection.peer(), FloodGate.MAX_HELD);
                    chat.notice(member, "! Disconnected for flooding.");
                    return new Quit("kicked for flooding", DisconnectReason.PROTOCOL);
                } else {
                    held.add(more);
                }
            }
            member.flood.take();
            LineReader.Line line = held.poll();
            if (!line.ok()) {
                chat.notice(member, "! " + Greetings.sentence(line.problem()) + " Not sent.");
                continue;
            }
            Quit quit = handle(member, line.text());
            if (quit != null) {
                chat.notice(member, "* Goodbye, " + member.nick() + ".");
                return quit;
            }
        }
    }

    /** The next line if one arrives within {@code nanos}; null at the end of the stream. */
    private static LineReader.Line readWithin(Connection connection, LineReader lines, long nanos)
            throws IOException {
        connection.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000)));
        try {
            return lines.read();
        } finally {
            connection.socket().setSoTimeout(0);
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acts on one line as sent ({@code raw}); what others see of it is neutralized first. */
    private Quit handle(Member member, String raw) {
        String text = ChatText.neutralize(raw);
        if (text.isBlank()) {
            return null;
        }
        if (text.equals("exit")) {
            return new Quit("quit", DisconnectReason.EXIT);
        }
        if (!text.startsWith("/")) {
            chat.say(member, text);
            return null;
        }
        if (text.startsWith("//")) {
            chat.say(member, text.substring(1));
            return null;
        }
        int space = text.indexOf(' ');
        String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        switch (command) {
            case "/quit" -> {
                return new Quit(rest.isEmpty() ? "quit" : "quit: " + rest, DisconnectReason.EXIT);
            }
            case "/help" -> chat.notice(member, HELP);
            case "/who" -> {
                Room here = chat.current(member);
                List<String> online = here.who();
                chat.notice(member, "* In " + here.name + " (" + online.size() + "): " + String.join(", ", online));
            }
            case "/rooms" -> {
                List<String> rooms = chat.rooms();
                chat.notice(member, "* Rooms (" + rooms.size() + "): " + String.join(", ", rooms));
            }
            case "/join" -> {
                String problem = rest.isEmpty() ? "Usage: /join #ROOM" : chat.move(member, rest);
                if (problem != null) {
                    chat.notice(member, "! " + Greetings.sentence(problem));
                }
            }
            case "/me" -> {
                if (rest.isEmpty()) {
                    chat.notice(member, "! Usage: /me ACTION");
                } else {
                    chat.act(member, rest);
                }
            }
            case "/msg" -> {
                int gap = rest.indexOf(' ');
                String text2 = gap < 0 ? "" : rest.substring(gap + 1).strip();
                if (gap < 0 || text2.isEmpty()) {
                    chat.notice(member, "! Usage: /msg NICK TEXT");
                } else if (!chat.tell(member, rest.substring(0, gap), text2)) {
                    chat.notice(member, "! No such user: " + rest.substring(0, gap));
                }
            }
            case "/nick" -> rename(member, raw.substring(Math.min(raw.length(), command.length())));
            default -> chat.notice(member, "! Unknown command " + command + "; type /help for the list.");
        }
        return null;
    }

    private void rename(Member member, String requested) {
        if (login != null) {
            chat.notice(member, "! In this chat your nickname is your account name.");
            return;
        }
        String nick = Nicks.normalize(requested);
        String problem = Nicks.problem(nick);
        if (problem != null) {
            chat.notice(member, "! " + Greetings.sentence(problem) + " Usage: /nick NEW");
        } else if (!chat.rename(member, nick)) {
            chat.notice(member, "! " + nick + " is taken.");
        }
    }


}
