package org.tcpkit.chat.irc;

import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;
import org.tcpkit.net.DisconnectReason;

/**
 * The commands of a registered IRC client, each answered as RFC 2812 and modern.ircdocs.horse say: JOIN,
 * PART, PRIVMSG, NOTICE, NICK, TOPIC, MODE (enough for clients' join sync, and operator and voice), AWAY,
 * OPER, KILL, PING, QUIT; the questions (NAMES, LIST, WHO, ...) go to {@link IrcQueries}; {@code 421} for the
 * rest. Text from a client loses IRC formatting and every
 * control or invisible character before anyone sees it.
 */
final class IrcCommands {
    /** The longest away message, in characters. */
    static final int AWAY_LENGTH = Member.MAX_AWAY;
    /** Targets one PRIVMSG, NOTICE, JOIN or PART may name. */
    static final int MAX_TARGETS = 10;

    private final Chat chat;
    private final Replies replies;
    private final Capabilities caps;
    private final Member member;
    private final boolean accounts;
    private final Operators operators;
    private final IrcQueries queries;
    private final Logger log;

    IrcCommands(Chat chat, Replies replies, Capabilities caps, Member member, boolean accounts,
                Operators operators, Logger log) {
        this.operators = operators;
        this.queries = new IrcQueries(chat, replies, caps, member);
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
        this.accounts = accounts;
        this.log = log;
    }

    /** Acts on one message; returns how the session ends when it does. */
    Chat.Departure handle(IrcMessage message) {
        switch (message.command()) {
            case "PRIVMSG" -> speak(message, Speech.MESSAGE);
            case "NOTICE" -> speak(message, Speech.NOTICE);
            case "JOIN" -> join(message);
            case "PART" -> part(message);
            case "NICK" -> nick(message);
            case "TOPIC" -> topic(message);
            case "NAMES" -> queries.names(message);
            case "LIST" -> queries.list(message);
            case "WHO" -> queries.who(message);
            case "WHOIS" -> queries.whois(message);
            case "MODE" -> mode(message);
            case "PING" -> pong(message, replies);
            case "PONG" -> {
            }
            case "CAP" -> Capabilities.handle(message, replies, caps, open -> { });
            case "USER", "PASS" -> replies.numeric("462", "You may not reregister");
            case "MOTD" -> IrcQueries.motd(replies);
            case "LUSERS" -> IrcQueries.lusers(replies, chat.size(), chat.roomCount());
            case "VERSION" -> replies.numeric("351", IrcSession.version(), replies.server(), "tcpkit chat");
            case "AWAY" -> away(message);
            case "ISON" -> queries.ison(message);
            case "OPER" -> oper(message);
            case "KILL" -> kill(message);
            case "USERHOST" -> queries.userhost(message);
            case "QUIT" -> {
                String text = IrcText.clean(message.count() > 0 ? message.param(0) : "");
                String reason = text.isBlank() ? "quit" : "quit: " + text;
                replies.error("Closing link: " + member.host() + " (" + IrcDoor.capitalized(reason) + ")");
                return new Chat.Departure(reason, DisconnectReason.EXIT, true);
            }
            default -> replies.numeric("421", message.command(), "Unknown command");
        }
        return null;
    }

    /** PING's answer, before registration as after: PONG with the client's token, or 409 without one. */
    static void pong(IrcMessage message, Replies replies) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.numeric("409", "No origin specified");
        } else {
            replies.raw(":" + replies.server() + " PONG " + replies.server() + " :" + message.param(0));
        }
    }

    /**
     * The nickname asked for by NICK, normalized, or null after the reply saying why not (431, 432, 433).
     *
     * @param self the member asking, which may take its own nickname in another case; null while registering
     */
    static String acceptableNick(IrcMessage message, Replies replies, Chat chat, Member self) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.numeric("431", "No nickname given");
            return null;
        }
        String asked = message.param(0);
        String nick = Nicks.normalize(asked);
        String problem = Nicks.problem(nick);
        if (problem == null && !nick.equals(asked)) {
            problem = "here that nickname would read " + nick;
        }
        if (problem != null) {
            replies.numeric("432", asked, "Erroneous nickname: " + problem);
            return null;
        }
        Member holder = chat.member(nick);
        if (holder != null && holder != self) {
            replies.numeric("433", nick, "Nickname is already in use");
            return null;
        }
        return nick;
    }

    private void nick(IrcMessage message) {
        if (message.count() > 0 && message.param(0).equals(member.nick())) {
            return;
        }
        if (accounts) {
            replies.numeric("432", message.count() > 0 ? message.param(0) : "*",
                    "In this chat your nickname is your account name");
            return;
        }
        String nick = acceptableNick(message, replies, chat, member);
        if (nick != null && !chat.rename(member, nick)) {
            replies.numeric("433", nick, "Nickname is already in use");
        }
    }

    private void join(IrcMessage message) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.numeric("461", "JOIN", "Not enough parameters");
            return;
        }
        if (message.param(0).equals("0")) {
            for (Room room : member.rooms()) {
                chat.part(member, room.name(), "Left all channels");
            }
            return;
        }
        for (String name : targets(message.param(0))) {
            Chat.JoinRefusal refusal = chat.join(member, name, false, room -> IrcQueries.joined(replies, caps, member, room));
            if (refusal == null || refusal == Chat.JoinRefusal.ALREADY_THERE) {
                continue;
            }
            switch (refusal) {
                case BAD_NAME -> replies.numeric(name.startsWith("#") ? "479" : "403", name,
                        "Cannot join channel: " + chat.roomProblem(name));
                case TOO_MANY_ROOMS -> replies.numeric("405", name, "Cannot join channel: the server has "
                        + chat.limits().maxRooms() + " channels already");
                default -> replies.numeric("405", name, "You have joined too many channels");
            }
        }
    }

    private void part(IrcMessage message) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.numeric("461", "PART", "Not enough parameters");
            return;
        }
        String reason = message.count() > 1 ? IrcText.clean(message.param(1)) : null;
        for (String name : targets(message.param(0))) {
            Chat.PartRefusal refusal = chat.part(member, name, reason);
            if (refusal == Chat.PartRefusal.NO_SUCH_ROOM) {
                replies.numeric("403", name, "No such channel");
            } else if (refusal == Chat.PartRefusal.NOT_THERE) {
                replies.numeric("442", name, "You're not on that channel");
            }
        }
    }

    private void speak(IrcMessage message, Speech speech) {
        boolean answer = speech != Speech.NOTICE;
        if (message.count() < 1 || message.param(0).isEmpty()) {
            if (answer) {
                replies.numeric("411", "No recipient given (" + message.command() + ")");
            }
            return;
        }
        if (message.count() < 2 || message.param(1).isEmpty()) {
            if (answer) {
                replies.numeric("412", "No text to send");
            }
            return;
        }
        String text = message.param(1);
        if (text.charAt(0) == IrcText.CTCP) {
            String ctcp = text.substring(1, text.endsWith("" + IrcText.CTCP) && text.length() > 1
                    ? text.length() - 1 : text.length());
            if (speech != Speech.MESSAGE || !ctcp.toUpperCase(Locale.ROOT).startsWith("ACTION ")) {
                return;
            }
            speech = Speech.ACTION;
            text = ctcp.substring("ACTION ".length());
        }
        text = IrcText.clean(text);
        if (text.isBlank()) {
            return;
        }
        List<String> targets = targets(message.param(0));
        // Each target past the first costs a line of the flood rate, as if sent alone.
        member.flood().charge(targets.size() - 1);
        for (String target : targets) {
            if (target.startsWith("#")) {
                Room room = chat.room(target);
                if (room == null) {
                    if (answer) {
                        replies.numeric("403", target, "No such channel");
                    }
                } else if (!chat.say(member, room, speech, text) && answer) {
                    replies.numeric("404", room.name(), "Cannot send to channel (you are not in it)");
                }
            } else {
                Member to = chat.tell(member, target, speech, text);
                if (to == null && answer) {
                    replies.numeric("401", target, "No such nick/channel");
                } else if (to != null && answer && to.away() != null) {
                    replies.numeric("301", to.nick(), to.away());
                }
            }
        }
    }

    private void topic(IrcMessage message) {
        if (message.count() < 1) {
            replies.numeric("461", "TOPIC", "Not enough parameters");
            return;
        }
        Room room = chat.room(message.param(0));
        if (room == null) {
            replies.numeric("403", message.param(0), "No such channel");
        } else if (!member.isIn(room)) {
            replies.numeric("442", room.name(), "You're not on that channel");
        } else if (message.count() < 2) {
            IrcQueries.topicReply(replies, room);
        } else {
            chat.topic(member, room, IrcText.clean(message.param(1)));
        }
    }

    private void away(IrcMessage message) {
        String text = message.count() > 0 ? IrcText.clean(message.param(0)) : "";
        if (text.isBlank()) {
            member.away(null);
            replies.numeric("305", "You are no longer marked as being away");
        } else {
            member.away(text.codePointCount(0, text.length()) > AWAY_LENGTH
                    ? text.substring(0, text.offsetByCodePoints(0, AWAY_LENGTH)) : text);
            replies.numeric("306", "You have been marked as being away");
        }
        chat.flagsChanged(member);
    }

    private void mode(IrcMessage message) {
        if (message.count() < 1) {
            replies.numeric("461", "MODE", "Not enough parameters");
            return;
        }
        String target = message.param(0);
        if (!target.startsWith("#")) {
            userMode(message, target);
            return;
        }
        Room room = chat.room(target);
        if (room == null) {
            replies.numeric("403", target, "No such channel");
            return;
        }
        String change = message.count() > 1 ? message.param(1) : "";
        if (change.matches("[+-][ov]") && message.count() > 2) {
            status(room, message.param(2), change.charAt(1), change.charAt(0) == '+');
            return;
        }
        switch (change) {
            case "" -> {
                replies.numeric("324", room.name(), "+n");
                replies.raw(":" + replies.server() + " 329 " + replies.nick() + " " + room.name() + " " + room.created());
            }
            case "b", "+b" -> replies.numeric("368", room.name(), "End of channel ban list");
            case "e", "+e" -> replies.numeric("349", room.name(), "End of channel exception list");
            case "I", "+I" -> replies.numeric("347", room.name(), "End of channel invite list");
            default -> replies.numeric("472", change, "is not a mode that can be changed here (only +o, -o, +v and -v)");
        }
    }

    private void userMode(IrcMessage message, String target) {
        if (!Nicks.fold(target).equals(Nicks.fold(member.nick()))) {
            replies.numeric(chat.member(target) == null ? "401" : "502", target,
                    chat.member(target) == null ? "No such nick/channel" : "Cannot change mode for other users");
            return;
        }
        boolean invisible = member.invisible();
        if (message.count() < 2) {
            replies.numeric("221", invisible ? "+i" : "+");
            return;
        }
        String change = message.param(1);
        boolean adding = true;
        boolean unknown = false;
        StringBuilder applied = new StringBuilder();
        for (char c : change.toCharArray()) {
            if (c == '+' || c == '-') {
                adding = c == '+';
            } else if (c == 'i') {
                if (invisible != adding) {
                    invisible = adding;
                    member.invisible(adding);
                    chat.flagsChanged(member);
                    applied.append(adding ? "+i" : "-i");
                }
            } else {
                unknown = true;
            }
        }
        if (applied.length() > 0) {
            replies.raw(":" + member.nick() + " MODE " + member.nick() + " :" + applied);
        }
        if (unknown) {
            replies.numeric("501", "Unknown MODE flag");
        }
    }

    private void status(Room room, String nick, char status, boolean give) {
        Member target = chat.member(nick);
        if (target == null) {
            replies.numeric("401", nick, "No such nick/channel");
            return;
        }
        Chat.OperatorRefusal refusal = chat.status(member, room, target, status, give);
        if (refusal == Chat.OperatorRefusal.NOT_IN_ROOM) {
            replies.numeric("442", room.name(), "You're not on that channel");
        } else if (refusal == Chat.OperatorRefusal.NOT_OPERATOR) {
            replies.numeric("482", room.name(), "You're not channel operator");
        } else if (refusal == Chat.OperatorRefusal.TARGET_NOT_IN_ROOM) {
            replies.numeric("441", target.nick(), room.name(), "They aren't on that channel");
        }
    }

    private void oper(IrcMessage message) {
        if (message.count() < 2) {
            replies.numeric("461", "OPER", "Not enough parameters");
            return;
        }
        String name = message.param(0);
        if (operators == null || !operators.listed(name)) {
            log.info("chat oper refused: {} from {} asked to be operator {}, which is not listed", member.nick(),
                    member.connection().peer(), org.tcpkit.net.Preview.ofText(name));
            replies.numeric("491", "No O-lines for your host");
            return;
        }
        char[] password = message.param(1).toCharArray();
        org.tcpkit.auth.AuthSession.Verdict verdict;
        try {
            verdict = operators.check(name, password, member.connection());
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (verdict != org.tcpkit.auth.AuthSession.Verdict.ACCEPTED) {
            replies.numeric("464", verdict == org.tcpkit.auth.AuthSession.Verdict.REFUSED ? "Password incorrect"
                    : "Too many attempts are waiting; try again in a minute");
            return;
        }
        member.serverOperator(true);
        chat.flagsChanged(member);
        log.info("chat oper: {} from {} is an operator now (account {})", member.nick(), member.connection().peer(),
                name);
        replies.numeric("381", "You are now an IRC operator");
        replies.raw(":" + member.nick() + " MODE " + member.nick() + " :+o");
    }

    private void kill(IrcMessage message) {
        if (message.count() < 1) {
            replies.numeric("461", "KILL", "Not enough parameters");
            return;
        }
        if (!member.serverOperator()) {
            replies.numeric("481", "Permission Denied- You're not an IRC operator");
            return;
        }
        Member target = chat.member(message.param(0));
        if (target == null) {
            replies.numeric("401", message.param(0), "No such nick/channel");
            return;
        }
        chat.kill(member, target, message.count() > 1 ? IrcText.clean(message.param(1)) : "");
    }

    /**
     * The comma-separated targets of a command, each once however it is spelled (as room names or nicknames
     * compare), at most {@link #MAX_TARGETS}.
     */
    static List<String> targets(String list) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> targets = new java.util.ArrayList<>();
        for (String target : list.split(",")) {
            if (targets.size() == MAX_TARGETS) {
                break;
            }
            if (!target.isEmpty() && seen.add(target.startsWith("#") ? Room.fold(target) : Nicks.fold(target))) {
                targets.add(target);
            }
        }
        return targets;
    }

}
