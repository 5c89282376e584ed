package org.tcpkit.chat.line;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.tcpkit.log.Repeats;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.Dialogue;
import org.tcpkit.auth.Greetings;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatText;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Outbox;
import org.tcpkit.chat.PacedLines;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LineReader;

/**
 * The chat's line door: one participant from netcat or client.jar. The join dialogue (a nickname, or a login with {@code --auth}), then lines from the
 * client become messages or commands until it quits, goes quiet for too long, floods, falls too far behind
 * or disconnects.
 */
public final class LineSession implements ConnectionHandler {
    /** The longest chat line, in bytes (UTF-8), line break excluded. */
    public static final int MAX_LINE = 1000;
    /** Invalid or taken nicknames tolerated before the server gives up on a client. */
    static final int MAX_TRIES = 3;
    /** Lines {@code /history} gives without a number. */
    static final int DEFAULT_HISTORY = 100;
    static final String HELP = "* Commands: /join #ROOM (go to a room, made if new), /rooms (the rooms), "
            + "/who (who is in your room), /topic [TEXT] (see or set the room's topic), "
            + "/msg NICK TEXT (private message, any room), /history [N] (the room's last N lines), "
            + "/nick NEW (rename), /me ACTION, /quit [REASON] or exit (leave), /help; for a room's operators: "
            + "/kick NICK [REASON], /invite NICK, /mode [CHANGE] (+i invite-only, +k KEY, +l N, +m moderated, "
            + "+s secret, +t topic by operators, +o/+v NICK). "
            + "Start a line with // to send a line that starts with /.";

    /** The commands that act on the member's room. */
    private static final java.util.Set<String> IN_A_ROOM = java.util.Set.of("/who", "/topic", "/me", "/history",
            "/kick", "/invite", "/mode");
    /** What a member in no room (put out of its room by an operator) is told. */
    static final String NO_ROOM = "! You are in no room now; /join one (/rooms lists them).";

    /** Why a line member may not speak in {@code room}, which it is in. */
    static String moderated(Room room) {
        return "! " + room.name() + " is moderated: only its operators and voiced members speak.";
    }

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
     * @param chat       the chat
     * @param answerTime time to answer each join prompt
     * @param login      with {@code --auth}: the login dialogue whose account name becomes the nickname;
     *                   null to let people pick a nickname
     * @param writers    threads for the members' outboxes
     * @param floodRate  lines a second a member may send, sustained
     * @param floodBurst lines a member may send at once
     * @param log        where events go
     */
    public LineSession(Chat chat, Duration answerTime, AuthSession login, ThreadFactory writers,
                       int floodRate, int floodBurst, Logger log) {
        this.chat = chat;
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

    /** How many clients are still choosing a nickname or logging in. */
    public int joining() {
        return dialogues.count();
    }

    @Override
    public byte[] refusal(String why) {
        return Member.line("bye: " + why);
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        Dialogue dialogue = dialogues.opened(new Dialogue(connection, answerTime));
        Outbox outbox;
        Member member;
        try {
            outbox = Outbox.open(connection, writers, log, repeats, chat.limits().stall());
            if (outbox == null) {
                dialogue.say("bye", "The server cannot take more people right now; try again later.");
                return DisconnectReason.PROTOCOL;
            }
            try {
                member = join(dialogue, connection, outbox);
            } catch (Dialogue.TimeoutException e) {
                outbox.abort();
                log.info("prompt timeout: {} did not answer within {}", connection.peer(),
                        dialogue.answerTimeText());
                dialogue.timedOut();
                return DisconnectReason.TIMEOUT;
            } catch (IOException | RuntimeException e) {
                outbox.abort();
                throw e;
            }
        } finally {
            dialogues.closed(dialogue);
        }
        if (member == null) {
            outbox.abort();
            return DisconnectReason.PROTOCOL;
        }
        Chat.Departure seen = Chat.Departure.LOST;
        DisconnectReason ending;
        try {
            seen = talk(member, dialogue.remainingInput());
        } catch (IOException e) {
            seen = Chat.Departure.LOST;
        } finally {
            ending = chat.depart(member, seen);
        }
        return ending;
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

    /** Queues the {@code ok:} line that ends the joining dialogue, ahead of everything else for the member. */
    private void welcome(Dialogue dialogue, Member member, Room lobby) {
        dialogue.finish();
        List<String> online = lobby.who();
        String kept = chat.historyKept();
        member.send(Member.line("ok: Welcome to the chat, " + member.nick() + "! Online (" + online.size() + "): "
                + String.join(", ", online) + "." + (kept == null ? "" : " Rooms keep their last " + kept
                + " (/history).") + " Type /help for commands."));
    }

    private Member newMember(String nick, Connection connection, Outbox outbox) {
        return new Member(nick, "line", "line protocol", LineDoor.INSTANCE, connection, outbox, new FloodGate(floodRate, floodBurst));
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
            Member member = newMember(account, connection, outbox);
            member.account(account);
            if (!chat.arrive(member, true, lobby -> welcome(dialogue, member, lobby))) {
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
                Member member = newMember(nick, connection, outbox);
                if (chat.arrive(member, true, lobby -> welcome(dialogue, member, lobby))) {
                    return member;
                }
                problem = "the nickname " + nick + " is taken";
            }
            dialogue.say("error", Greetings.sentence(problem) + (attempt < MAX_TRIES ? " Choose another." : ""));
        }
        dialogue.say("bye", "No usable nickname after " + MAX_TRIES + " tries; goodbye.");
        return null;
    }

    /** Handles the member's lines until it leaves; returns why ({@link Chat.Departure#LOST} at the end of input). */
    private Chat.Departure talk(Member member, java.io.InputStream in) throws IOException {
        PacedLines lines = new PacedLines(member.flood(), member.connection(), in, MAX_LINE,
                warning -> chat.notice(member, "! " + warning));
        while (true) {
            LineReader.Line line;
            try {
                line = lines.next(0);
            } catch (PacedLines.FloodedException e) {
                log.warn("chat kick: {} from {} for flooding: {}", member.nick(), member.connection().peer(),
                        e.getMessage());
                chat.notice(member, "! Disconnected for flooding.");
                return new Chat.Departure("kicked for flooding", DisconnectReason.PROTOCOL, true);
            }
            if (line == null) {
                return Chat.Departure.LOST;
            }
            if (!line.ok()) {
                chat.notice(member, "! " + Greetings.sentence(line.problem()) + " Not sent.");
                continue;
            }
            Chat.Departure quit = handle(member, line.text());
            if (quit != null) {
                chat.notice(member, "* Goodbye, " + member.nick() + ".");
                return quit;
            }
        }
    }

    /** Acts on one line as sent ({@code raw}); what others see of it is neutralized first. */
    private Chat.Departure handle(Member member, String raw) {
        String text = ChatText.neutralize(raw);
        if (text.isBlank()) {
            return null;
        }
        if (text.equals("exit")) {
            return new Chat.Departure("quit", DisconnectReason.EXIT, true);
        }
        if (!text.startsWith("/") || text.startsWith("//")) {
            say(member, Speech.MESSAGE, text.startsWith("//") ? text.substring(1) : text);
            return null;
        }
        int space = text.indexOf(' ');
        String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        if (member.current() == null && IN_A_ROOM.contains(command)) {
            chat.notice(member, NO_ROOM);
            return null;
        }
        switch (command) {
            case "/quit" -> {
                return new Chat.Departure(rest.isEmpty() ? "quit" : "quit: " + rest, DisconnectReason.EXIT, true);
            }
            case "/help" -> chat.notice(member, HELP);
            case "/who" -> {
                Room here = member.current();
                List<String> online = here.who();
                chat.notice(member, "* In " + here.name() + " (" + online.size() + "): " + String.join(", ", online));
            }
            case "/rooms" -> {
                List<String> rooms = new java.util.ArrayList<>();
                for (Room room : chat.rooms()) {
                    if (!room.secret() || member.isIn(room)) {
                        rooms.add(room.name() + " (" + room.size() + ")");
                    }
                }
                chat.notice(member, "* Rooms (" + rooms.size() + "): " + String.join(", ", rooms));
            }
            case "/join" -> join(member, rest);
            case "/topic" -> topic(member, rest);
            case "/me" -> {
                if (rest.isEmpty()) {
                    chat.notice(member, "! Usage: /me ACTION");
                } else {
                    say(member, Speech.ACTION, rest);
                }
            }
            case "/msg" -> {
                int gap = rest.indexOf(' ');
                String text2 = gap < 0 ? "" : rest.substring(gap + 1).strip();
                if (gap < 0 || text2.isEmpty()) {
                    chat.notice(member, "! Usage: /msg NICK TEXT");
                } else if (chat.tell(member, rest.substring(0, gap), Speech.MESSAGE, text2) == null) {
                    chat.notice(member, "! No such user: " + rest.substring(0, gap));
                }
            }
            case "/nick" -> rename(member, raw.substring(Math.min(raw.length(), command.length())));
            case "/history" -> history(member, rest);
            case "/kick" -> LineModeration.kick(chat, member, member.current(), rest);
            case "/invite" -> LineModeration.invite(chat, member, member.current(), rest);
            case "/mode" -> LineModeration.mode(chat, member, member.current(), rest);
            default -> chat.notice(member, "! Unknown command " + command + "; type /help for the list.");
        }
        return null;
    }

    /** A line (or {@code /me}) in the member's room, or why it cannot be said there. */
    private void say(Member member, Speech speech, String text) {
        Room room = member.current();
        if (room == null) {
            chat.notice(member, NO_ROOM);
        } else if (!chat.say(member, room, speech, text) && room.moderated() && member.isIn(room)) {
            chat.notice(member, moderated(room));
        }
    }

    /** {@code /history [N]}: the room's last N lines (all it keeps, up to 100, without N). */
    private void history(Member member, String count) {
        int most = chat.limits().historyLines();
        if (most == 0) {
            chat.notice(member, "! This server keeps no history of its rooms.");
            return;
        }
        int wanted = Math.min(most, DEFAULT_HISTORY);
        if (!count.isEmpty()) {
            wanted = count.matches("\\d{1,9}") ? Integer.parseInt(count) : 0;
            if (wanted < 1 || wanted > most) {
                chat.notice(member, "! Usage: /history [N], N from 1 to " + most + ".");
                return;
            }
        }
        Room room = member.current();
        if (chat.history(member, room, wanted) == 0) {
            chat.notice(member, "* Nothing said in " + room.name() + " in the last " + chat.historyAge()
                    + " is kept.");
        }
    }

    private void join(Member member, String name) {
        if (name.isEmpty()) {
            chat.notice(member, "! Usage: /join #ROOM.");
            return;
        }
        String[] words = name.split(" +", 2);
        String key = words.length > 1 ? words[1] : null;
        name = words[0];
        Chat.JoinRefusal refusal = chat.join(member, name, key, true, room -> {
            List<String> here = room.who();
            Room.Topic topic = room.topic();
            member.send(Member.line("* You are in " + room.name() + " now. Here (" + here.size() + "): "
                    + String.join(", ", here)));
            if (topic != null) {
                member.send(Member.line("* Topic: " + topic.text()));
            }
        });
        if (refusal != null) {
            chat.notice(member, "! " + Greetings.sentence(switch (refusal) {
                case ALREADY_THERE -> "you are in " + member.current().name() + " already";
                case BAD_NAME -> chat.roomProblem(name);
                case TOO_MANY_ROOMS -> "the server has " + chat.limits().maxRooms()
                        + " rooms already; join one of them (/rooms)";
                case MEMBER_IN_TOO_MANY -> "you are in too many rooms";
                case INVITE_ONLY -> name + " is invite-only; one of its members must /invite you";
                case BAD_KEY -> name + " has a key; join with /join " + name + " KEY";
                case FULL -> name + " is full";
                case BANNED -> "you are banned from " + name;
            }));
        }
    }

    private void topic(Member member, String text) {
        Room room = member.current();
        if (text.isEmpty()) {
            Room.Topic topic = room.topic();
            chat.notice(member, topic == null ? "* " + room.name() + " has no topic; set one with /topic TEXT"
                    : "* Topic of " + room.name() + ": " + topic.text() + " (set by " + topic.by() + ")");
        } else {
            chat.topic(member, room, text);
        }
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
