package org.tcpkit.chat.irc;

import java.util.List;
import org.slf4j.Logger;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;
import org.tcpkit.net.DisconnectReason;

/**
 * The commands of a registered IRC client, each declared in {@link CommandTable} and answered as RFC 2812 and
 * modern.ircdocs.horse say: JOIN, PART, NICK, TOPIC, AWAY, SETNAME, OPER, KILL, WALLOPS, CHGHOST, PING, QUIT;
 * PRIVMSG, NOTICE and TAGMSG go to {@link IrcSpeech}, MODE, KICK and INVITE to {@link IrcModeration},
 * CHATHISTORY to {@link IrcHistory}, the questions (NAMES, LIST, WHO, WHOIS, WHOWAS, MONITOR, ...) to
 * {@link IrcQueries}. Text from a client loses IRC formatting and every control or invisible character before
 * anyone sees it.
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
    private final IrcModeration moderation;
    private final IrcHistory history;
    private final IrcSpeech speech;
    private final Logger log;
    /** What the server says it is. */
    private final String info;
    /** The door of each spelling of the chat's lines, for a client that changes its capabilities. */
    private final java.util.function.Function<IrcDoor.Spelling, IrcDoor> doors;
    /** How many connections to the door have not registered yet. */
    private final java.util.function.IntSupplier unregistered;

    IrcCommands(Chat chat, Replies replies, Capabilities caps, Member member, boolean accounts,
                Operators operators, java.util.function.IntSupplier unregistered, String info, Logger log,
                java.util.function.Function<IrcDoor.Spelling, IrcDoor> doors) {
        this.doors = doors;
        this.info = info;
        this.unregistered = unregistered;
        this.operators = operators;
        this.queries = new IrcQueries(chat, replies, caps, member, info);
        this.moderation = new IrcModeration(chat, replies, member);
        this.history = new IrcHistory(chat, replies, caps, member);
        this.speech = new IrcSpeech(chat, replies, caps, member);
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
        this.accounts = accounts;
        this.log = log;
    }

    /** Acts on one message; returns how the session ends when it does. */
    Chat.Departure handle(IrcMessage message) {
        CommandTable.Row row = CommandTable.admit(message, replies, true);
        if (row == null) {
            return null;
        }
        if (row.cost() > 1) {
            member.flood().charge(row.cost() - 1);
        }
        switch (message.command()) {
            case "PRIVMSG" -> speech.speak(message, Speech.MESSAGE);
            case "NOTICE" -> speech.speak(message, Speech.NOTICE);
            case "TAGMSG" -> speech.tagmsg(message);
            case "CHATHISTORY" -> history.handle(message);
            case "JOIN" -> join(message);
            case "PART" -> part(message);
            case "NICK" -> nick(message);
            case "TOPIC" -> topic(message);
            case "NAMES" -> queries.names(message);
            case "LIST" -> queries.list(message);
            case "WHO" -> queries.who(message);
            case "WHOIS" -> queries.whois(message);
            case "MODE" -> moderation.mode(message);
            case "PING" -> pong(message, replies);
            case "PONG" -> {
            }
            case "CAP" -> {
                Capabilities.handle(message, replies, caps, open -> { });
                IrcDoor.Spelling spelling = caps.spelling();
                if (!spelling.equals(((IrcDoor) member.door()).spelling())) {
                    chat.redoor(member, doors.apply(spelling));
                }
            }
            case "USER", "PASS" -> replies.reply(Numeric.ERR_ALREADYREGISTERED);
            // A member's account is chosen as it registers and never changes after.
            case "AUTHENTICATE" -> replies.numeric(Numeric.ERR_ALREADYREGISTERED,
                    "You may not reregister: log in with SASL as you connect");
            case "REGISTER" -> Enrolling.afterConnecting(message, replies, caps, member);
            case "MOTD" -> IrcQueries.motd(replies);
            case "LUSERS" -> IrcQueries.lusers(replies, chat, 0, unregistered.getAsInt());
            case "TIME" -> IrcQueries.time(replies);
            case "INFO" -> IrcQueries.info(replies);
            case "WHOWAS" -> queries.whowas(message);
            case "VERSION" -> replies.numeric(Numeric.RPL_VERSION, IrcSession.version(), replies.server(), info);
            case "LINKS" -> {
                // Servers sharing a Redis log are one chat, not IRC server links: the server names itself only.
                replies.numeric(Numeric.RPL_LINKS, replies.server(), replies.server(), "0 " + info);
                replies.reply(Numeric.RPL_ENDOFLINKS, "*");
            }
            case "AWAY" -> away(message);
            case "SETNAME" -> setname(message);
            case "KICK" -> moderation.kick(message);
            case "INVITE" -> moderation.invite(message);
            case "ISON" -> queries.ison(message);
            case "MONITOR" -> queries.monitor(message);
            case "OPER" -> oper(message);
            case "KILL" -> kill(message);
            case "CHGHOST" -> chghost(message);
            case "WALLOPS" -> {
                if (!member.serverOperator()) {
                    replies.reply(Numeric.ERR_NOPRIVILEGES);
                } else {
                    chat.operators().wallops(member, IrcText.clean(message.param(0)));
                }
            }
            case "USERHOST" -> queries.userhost(message);
            case "QUIT" -> {
                String text = IrcText.clean(message.count() > 0 ? message.param(0) : "");
                String reason = text.isBlank() ? "quit" : "quit: " + text;
                replies.error("Closing link: " + member.host() + " (" + IrcDoor.capitalized(reason) + ")");
                return new Chat.Departure(reason, DisconnectReason.EXIT, true);
            }
            default -> throw new IllegalStateException(message.command() + " has a row but no method");
        }
        return null;
    }

    /** PING's answer, before registration as after: PONG with the client's token, or 409 without one. */
    static void pong(IrcMessage message, Replies replies) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.reply(Numeric.ERR_NOORIGIN);
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
            replies.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return null;
        }
        String asked = message.param(0);
        String nick = Nicks.normalize(asked);
        String problem = Nicks.problem(nick);
        if (problem == null && !nick.equals(asked)) {
            problem = "here that nickname would read " + nick;
        }
        if (problem != null) {
            replies.numeric(Numeric.ERR_ERRONEUSNICKNAME, asked, "Erroneous nickname: " + problem);
            return null;
        }
        Member holder = chat.member(nick);
        if (holder != null && holder != self) {
            replies.reply(Numeric.ERR_NICKNAMEINUSE, nick);
            return null;
        }
        return nick;
    }

    private void nick(IrcMessage message) {
        if (message.count() > 0 && message.param(0).equals(member.nick())) {
            return;
        }
        if (accounts) {
            replies.numeric(Numeric.ERR_ERRONEUSNICKNAME, message.count() > 0 ? message.param(0) : "*",
                    "In this chat your nickname is your account name");
            return;
        }
        String nick = acceptableNick(message, replies, chat, member);
        if (nick != null && !chat.rename(member, nick)) {
            replies.reply(Numeric.ERR_NICKNAMEINUSE, nick);
        }
    }

    private void join(IrcMessage message) {
        if (message.param(0).equals("0")) {
            for (Room room : member.rooms()) {
                chat.part(member, room.name(), "Left all channels");
            }
            return;
        }
        List<String> names = targets(message.param(0));
        String[] keys = message.count() > 1 ? message.param(1).split(",") : new String[0];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String key = i < keys.length ? keys[i] : null;
            Chat.JoinRefusal refusal = chat.join(member, name, key, false,
                    room -> IrcQueries.joined(replies, caps, member, room));
            if (refusal == null || refusal == Chat.JoinRefusal.ALREADY_THERE) {
                continue;
            }
            switch (refusal) {
                case BAD_NAME -> replies.numeric(name.startsWith("#") ? Numeric.ERR_BADCHANNAME : Numeric.ERR_NOSUCHCHANNEL, name,
                        "Cannot join channel: " + chat.roomProblem(name));
                case TOO_MANY_ROOMS -> replies.numeric(Numeric.ERR_TOOMANYCHANNELS, name, "Cannot join channel: the server has "
                        + chat.limits().maxRooms() + " channels already");
                case INVITE_ONLY -> replies.reply(Numeric.ERR_INVITEONLYCHAN, name);
                case BAD_KEY -> replies.reply(Numeric.ERR_BADCHANNELKEY, name);
                case FULL -> replies.reply(Numeric.ERR_CHANNELISFULL, name);
                case BANNED -> replies.reply(Numeric.ERR_BANNEDFROMCHAN, name);
                default -> replies.reply(Numeric.ERR_TOOMANYCHANNELS, name);
            }
        }
    }

    private void part(IrcMessage message) {
        String reason = message.count() > 1 ? IrcText.clean(message.param(1)) : null;
        for (String name : targets(message.param(0))) {
            Chat.PartRefusal refusal = chat.part(member, name, reason);
            if (refusal == Chat.PartRefusal.NO_SUCH_ROOM) {
                replies.reply(Numeric.ERR_NOSUCHCHANNEL, name);
            } else if (refusal == Chat.PartRefusal.NOT_THERE) {
                replies.reply(Numeric.ERR_NOTONCHANNEL, name);
            }
        }
    }

    /**
     * CHGHOST nick user host, by a server operator: the member is shown as {@code nick!user@host} from now on, on
     * every server; clients that asked for {@code chghost} are told.
     */
    private void chghost(IrcMessage message) {
        if (!member.serverOperator()) {
            replies.reply(Numeric.ERR_NOPRIVILEGES);
            return;
        }
        Member target = chat.member(message.param(0));
        String user = message.param(1);
        String host = message.param(2);
        if (target == null) {
            replies.reply(Numeric.ERR_NOSUCHNICK, message.param(0));
        } else if (!Member.USER.matcher(user).matches() || !Member.HOST.matcher(host).matches()
                || host.startsWith(":")) {
            replies.raw(":" + replies.server() + " FAIL CHGHOST INVALID_PARAMS " + target.nick()
                    + " :A user name has 1 to 11 letters, digits, ~ . _ -; a host 1 to 64 letters, digits, . : % _ -");
        } else {
            chat.operators().showAs(member, target, user, host);
        }
    }

    private void topic(IrcMessage message) {
        Room room = chat.room(message.param(0));
        if (room == null) {
            replies.reply(Numeric.ERR_NOSUCHCHANNEL, message.param(0));
        } else if (!member.isIn(room)) {
            replies.reply(Numeric.ERR_NOTONCHANNEL, room.name());
        } else if (message.count() < 2) {
            IrcQueries.topicReply(replies, room);
        } else if (room.topicLocked() && !room.isOperator(member) && !member.serverOperator()) {
            replies.reply(Numeric.ERR_CHANOPRIVSNEEDED, room.name());
        } else {
            chat.topic(member, room, IrcText.clean(message.param(1)));
        }
    }

    /** SETNAME :real name, for clients that asked for {@code setname}: told to those who share a room, and back. */
    private void setname(IrcMessage message) {
        if (!caps.has(Capabilities.SETNAME)) {
            replies.reply(Numeric.ERR_UNKNOWNCOMMAND, "SETNAME");
            return;
        }
        if (message.count() < 1) {
            replies.reply(Numeric.ERR_NEEDMOREPARAMS, "SETNAME");
            return;
        }
        String realName = IrcText.clean(message.param(0)).strip();
        if (realName.isEmpty()) {
            replies.raw(":" + replies.server() + " FAIL SETNAME INVALID_REALNAME :A real name cannot be empty");
            return;
        }
        chat.realName(member, realName);
    }

    private void away(IrcMessage message) {
        String text = message.count() > 0 ? IrcText.clean(message.param(0)) : "";
        if (text.isBlank()) {
            chat.away(member, null);
            replies.reply(Numeric.RPL_UNAWAY);
        } else {
            chat.away(member, text.codePointCount(0, text.length()) > AWAY_LENGTH
                    ? text.substring(0, text.offsetByCodePoints(0, AWAY_LENGTH)) : text);
            replies.reply(Numeric.RPL_NOWAWAY);
        }
    }

    private void oper(IrcMessage message) {
        String name = message.param(0);
        if (operators == null || !operators.listed(name)) {
            log.info("chat oper refused: {} from {} asked to be operator {}, which is not listed", member.nick(),
                    member.connection().peer(), org.tcpkit.net.Preview.ofText(name));
            replies.reply(Numeric.ERR_NOOPERHOST);
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
            replies.numeric(Numeric.ERR_PASSWDMISMATCH, verdict == org.tcpkit.auth.AuthSession.Verdict.REFUSED ? "Password incorrect"
                    : "Too many attempts are waiting; try again in a minute");
            return;
        }
        member.serverOperator(true);
        chat.flagsChanged(member);
        log.info("chat oper: {} from {} is an operator now (account {})", member.nick(), member.connection().peer(),
                name);
        replies.reply(Numeric.RPL_YOUREOPER);
        replies.raw(":" + member.nick() + " MODE " + member.nick() + " :+o");
    }

    private void kill(IrcMessage message) {
        if (!member.serverOperator()) {
            replies.reply(Numeric.ERR_NOPRIVILEGES);
            return;
        }
        Member target = chat.member(message.param(0));
        if (target == null) {
            replies.reply(Numeric.ERR_NOSUCHNICK, message.param(0));
            return;
        }
        chat.operators().kill(member, target, message.count() > 1 ? IrcText.clean(message.param(1)) : "");
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
