package org.tcpkit.chat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Wildcards;

/**
 * The IRC door's answers about the chat, which change nothing: the welcome burst and MOTD, a room's view on
 * joining, NAMES, LIST, WHO, WHOIS, ISON and USERHOST, with the numerics RFC 2812 and modern.ircdocs.horse
 * give them.
 */
final class IrcQueries {
    /** The most 352 replies one WHO by mask gets. */
    static final int MAX_WHO = 500;
    /** When this server (the process) started, for 003. */
    private static final String STARTED = java.time.ZonedDateTime.ofInstant(ProcessHandle.current().info()
            .startInstant().orElseGet(java.time.Instant::now), java.time.ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);

    private final Chat chat;
    private final Replies replies;
    private final Capabilities caps;
    private final Member member;
    /** The fields the WHO being answered asked for ({@code WHO mask %fields}), or null for plain 352s. */
    private Whox whox;

    /** What the server says it is (WHOIS's 312). */
    private final String info;

    IrcQueries(Chat chat, Replies replies, Capabilities caps, Member member, String info) {
        this.info = info;
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
    }

    /** The welcome burst: 001 to 005, then the message of the day. */
    static void welcome(Replies replies, Chat chat, Member member) {
        String server = replies.server();
        replies.nick(member.nick());
        replies.numeric(Numeric.RPL_WELCOME, "Welcome to the tcpkit chat, " + IrcDoor.prefix(member));
        replies.numeric(Numeric.RPL_YOURHOST, "Your host is " + server + ", running version " + IrcSession.version());
        replies.numeric(Numeric.RPL_CREATED, "This server was created " + STARTED);
        replies.plain(Numeric.RPL_MYINFO, server, IrcSession.version(), "iow", "beIiklmnostv", "beIklov");
        replies.numeric(Numeric.RPL_ISUPPORT, "AWAYLEN=" + IrcCommands.AWAY_LENGTH, "CASEMAPPING=ascii", "CHANLIMIT=#:"
                + chat.limits().maxRoomsPerMember(), "CHANMODES=beI,k,l,imnst", "EXCEPTS=e", "INVEX=I", "CHANNELLEN=" + chat.limits().maxRoomName(),
                "CHANTYPES=#", "MAXTARGETS=" + IrcCommands.MAX_TARGETS, "MODES=1", "are supported by this server");
        replies.numeric(Numeric.RPL_ISUPPORT, "NETWORK=" + IrcSession.NAME, "NICKLEN=" + Nicks.MAX_LENGTH, "PREFIX=(ov)@+",
                "TARGMAX=JOIN:,PART:,PRIVMSG:" + IrcCommands.MAX_TARGETS + ",NOTICE:" + IrcCommands.MAX_TARGETS,
                "TOPICLEN=" + Room.MAX_TOPIC, "UTF8ONLY", "WHOX", "MONITOR=" + org.tcpkit.chat.Watchers.MOST, "CHATHISTORY=" + IrcHistory.MOST,
                "MSGREFTYPES=msgid,timestamp", "are supported by this server");
        lusers(replies, chat, 1, 0);
        motd(replies);
    }

    /** The joiner's own view of a room it joined: the JOIN, the topic, the names. */
    static void joined(Replies replies, Capabilities caps, Member member, Room room) {
        replies.raw(":" + IrcDoor.prefix(member) + " JOIN " + room.name() + (caps.has(Capabilities.EXTENDED_JOIN)
                ? " " + IrcDoor.account(member) + " :" + member.realName() : ""));
        if (room.topic() != null) {
            topicReply(replies, room);
        }
        names(replies, caps, room, other -> true);
    }

    static void motd(Replies replies) {
        replies.numeric(Numeric.RPL_MOTDSTART, "- " + replies.server() + " Message of the day -");
        for (String line : List.of("Everyone here shares one chat with people on the line protocol (netcat, "
                        + "client.jar): same rooms, same nicknames.",
                "Everyone starts in " + Room.LOBBY + "; /join any room, /list shows them.",
                "Colours and formatting are taken out of messages, so that everyone sees the same text.")) {
            replies.numeric(Numeric.RPL_MOTD, "- " + line);
        }
        replies.reply(Numeric.RPL_ENDOFMOTD);
    }

    /**
     * LUSERS: 251 to 255, 265 and 266: how many are in the chat (both doors, every server), how many of them
     * are invisible or operators, how many are still registering here, how many rooms, and the most there
     * have been at once.
     *
     * @param arriving 1 while the one asking is arriving (its welcome, before the chat counts it), else 0
     * @param unregistered connections to this door that have not registered yet
     */
    static void lusers(Replies replies, Chat chat, int arriving, int unregistered) {
        Chat.Census census = chat.census();
        int total = census.total() + arriving;
        int invisible = census.invisible();
        int operators = census.operators();
        int local = census.local() + arriving;
        int localPeak = Math.max(census.localPeak(), local);
        int peak = Math.max(census.peak(), total);
        replies.numeric(Numeric.RPL_LUSERCLIENT, "There are " + (total - invisible) + " users and " + invisible
                + " invisible on 1 servers");
        if (operators > 0) {
            replies.reply(Numeric.RPL_LUSEROP, "" + operators);
        }
        if (unregistered > 0) {
            replies.reply(Numeric.RPL_LUSERUNKNOWN, "" + unregistered);
        }
        replies.reply(Numeric.RPL_LUSERCHANNELS, "" + chat.roomCount());
        replies.numeric(Numeric.RPL_LUSERME, "I have " + local + " clients and 0 servers");
        replies.numeric(Numeric.RPL_LOCALUSERS, "" + local, "" + localPeak,
                "Current local users " + local + ", max " + localPeak);
        replies.numeric(Numeric.RPL_GLOBALUSERS, "" + total, "" + peak,
                "Current global users " + total + ", max " + peak);
    }

    /** TIME: the server's time, as seconds since 1970 and in words (UTC). */
    static void time(Replies replies) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        replies.numeric(Numeric.RPL_TIME, replies.server(), "" + now.toEpochSecond(), "0",
                now.format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME));
    }

    /** INFO: what this server is. */
    static void info(Replies replies) {
        for (String line : List.of(IrcSession.version() + ": the chat of tcpkit, a Java TCP toolkit.",
                "One chat for IRC clients and the line protocol (netcat, client.jar): same rooms, same names.",
                "Started " + STARTED + ".")) {
            replies.numeric(Numeric.RPL_INFO, line);
        }
        replies.reply(Numeric.RPL_ENDOFINFO);
    }

    /**
     * WHOWAS nick[,nick...] [count]: who had each nickname (masks with {@code *} and {@code ?} allowed), most
     * recent first, up to count each (none, 0 or less: all remembered), then 369; 406 for a name nobody had.
     */
    void whowas(IrcMessage message) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return;
        }
        int max = 0;
        if (message.count() > 1) {
            try {
                max = Integer.parseInt(message.param(1).strip());
            } catch (NumberFormatException e) {
                max = 0;
            }
        }
        for (String nick : IrcCommands.targets(message.param(0))) {
            boolean mask = nick.indexOf('*') >= 0 || nick.indexOf('?') >= 0;
            String folded = Nicks.fold(nick);
            List<org.tcpkit.chat.Whowas.Gone> found = chat.whowas(
                    had -> mask ? Wildcards.matches(nick, had) : Nicks.fold(had).equals(folded), max);
            if (found.isEmpty()) {
                replies.reply(Numeric.ERR_WASNOSUCHNICK, nick);
            }
            for (org.tcpkit.chat.Whowas.Gone gone : found) {
                replies.numeric(Numeric.RPL_WHOWASUSER, gone.nick(), gone.user(), gone.host(), "*", gone.realName());
                replies.numeric(Numeric.RPL_WHOISSERVER, gone.nick(), replies.server(),
                        java.time.Instant.ofEpochMilli(gone.at()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString());
            }
        }
        replies.reply(Numeric.RPL_ENDOFWHOWAS, message.param(0));
    }

    static void topicReply(Replies replies, Room room) {
        Room.Topic topic = room.topic();
        if (topic == null) {
            replies.reply(Numeric.RPL_NOTOPIC, room.name());
        } else {
            replies.numeric(Numeric.RPL_TOPIC, room.name(), topic.text());
            replies.plain(Numeric.RPL_TOPICWHOTIME, room.name(), topic.by(), "" + topic.at());
        }
    }

    void names(IrcMessage message) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.reply(Numeric.RPL_ENDOFNAMES, "*");
            return;
        }
        for (String name : IrcCommands.targets(message.param(0))) {
            Room room = chat.room(name);
            if (room == null || room.secret() && !member.isIn(room)) {
                replies.reply(Numeric.RPL_ENDOFNAMES, name);
            } else {
                boolean inside = member.isIn(room);
                names(replies, caps, room, other -> inside || !other.invisible());
            }
        }
    }

    /** 353 lines with every nickname in the room that {@code shown} lets through (as many as fit a line), then 366. */
    private static void names(Replies replies, Capabilities caps, Room room, Predicate<Member> shown) {
        List<Member> members = room.members();
        members.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.nick(), b.nick()));
        List<String> names = new ArrayList<>();
        for (Member other : members) {
            if (shown.test(other)) {
                names.add(IrcDoor.prefixes(room, other, caps.has(Capabilities.MULTI_PREFIX))
                        + (caps.has(Capabilities.USERHOST_IN_NAMES) ? IrcDoor.prefix(other) : other.nick()));
            }
        }
        for (String line : IrcText.words(":" + replies.server() + " 353 " + replies.nick()
                + (room.secret() ? " @ " : " = ") + room.name()
                + " :", names)) {
            replies.raw(line);
        }
        replies.reply(Numeric.RPL_ENDOFNAMES, room.name());
    }

    void list(IrcMessage message) {
        replies.reply(Numeric.RPL_LISTSTART, "Channel");
        List<Room> rooms = chat.rooms();
        if (message.count() > 0 && !message.param(0).isEmpty()) {
            rooms = IrcCommands.targets(message.param(0)).stream().map(chat::room).filter(r -> r != null).toList();
        }
        for (Room room : rooms) {
            // An empty room (the lobby, which is never removed) and a secret one the asker is not in are not listed.
            if (room.size() == 0 || room.secret() && !member.isIn(room)) {
                continue;
            }
            Room.Topic topic = room.topic();
            replies.numeric(Numeric.RPL_LIST, room.name(), "" + room.size(), topic == null ? "" : topic.text());
        }
        replies.reply(Numeric.RPL_LISTEND);
    }

    /**
     * WHO #room lists the room; WHO nick that member (with the first room it is in); WHO with {@code *} or
     * {@code ?} everyone whose nickname, user, host or real name matches ({@link Wildcards}). Invisible
     * ({@code +i}) members are left out of a room's list asked from outside it, and out of a search by mask
     * unless they share a room with the one asking. At most {@link #MAX_WHO} replies.
     */
    void who(IrcMessage message) {
        String mask = message.count() > 0 && !message.param(0).isEmpty() ? message.param(0) : "*";
        whox = message.count() > 1 && message.param(1).startsWith("%") ? Whox.parse(message.param(1)) : null;
        if (mask.startsWith("#")) {
            Room room = chat.room(mask);
            if (room != null && (!room.secret() || member.isIn(room))) {
                boolean inside = member.isIn(room);
                for (Member other : room.members()) {
                    if (inside || !other.invisible()) {
                        whoReply(room, other);
                    }
                }
            }
        } else if (mask.indexOf('*') < 0 && mask.indexOf('?') < 0) {
            Member other = chat.member(mask);
            if (other != null) {
                List<Room> rooms = other.rooms();
                whoReply(rooms.isEmpty() ? null : rooms.get(0), other);
            }
        } else {
            int replied = 0;
            for (Member other : chat.members()) {
                if (replied >= MAX_WHO) {
                    break;
                }
                if (visible(other) && (Wildcards.matches(mask, other.nick()) || Wildcards.matches(mask, other.user())
                        || Wildcards.matches(mask, other.host()) || Wildcards.matches(mask, other.realName()))) {
                    whoReply(null, other);
                    replied++;
                }
            }
        }
        replies.reply(Numeric.RPL_ENDOFWHO, mask);
    }

    /** Whether the one asking may see {@code other} in a list: it is not invisible, or they share a room. */
    private boolean visible(Member other) {
        return !other.invisible() || other == member || sharesRoom(other);
    }

    private boolean sharesRoom(Member other) {
        for (Room room : other.rooms()) {
            if (member.isIn(room)) {
                return true;
            }
        }
        return false;
    }

    /** One 352 line; {@code room} (or null: {@code *}) names where, and its operators get {@code @}. */
    private void whoReply(Room room, Member other) {
        if (whox != null) {
            replies.plain(Numeric.RPL_WHOSPCRPL, whox.fields(room, other, replies.server(),
                    (other.away() == null ? "H" : "G") + (other.serverOperator() ? "*" : "")
                            + (room == null ? "" : IrcDoor.prefixes(room, other, caps.has(Capabilities.MULTI_PREFIX)))));
            return;
        }
        replies.numeric(Numeric.RPL_WHOREPLY, room == null ? "*" : room.name(), other.user(), other.host(), replies.server(),
                other.nick(), (other.away() == null ? "H" : "G") + (other.serverOperator() ? "*" : "")
                        + (room == null ? "" : IrcDoor.prefixes(room, other, caps.has(Capabilities.MULTI_PREFIX))),
                "0 " + other.realName());
    }

    void whois(IrcMessage message) {
        if (message.count() < 1) {
            replies.reply(Numeric.ERR_NONICKNAMEGIVEN);
            return;
        }
        String nick = message.param(message.count() - 1);
        Member other = chat.member(nick);
        if (other == null) {
            replies.reply(Numeric.ERR_NOSUCHNICK, nick);
        } else {
            replies.numeric(Numeric.RPL_WHOISUSER, other.nick(), other.user(), other.host(), "*", other.realName());
            List<String> rooms = new ArrayList<>();
            boolean multi = caps.has(Capabilities.MULTI_PREFIX);
            for (Room room : other.rooms()) {
                if (member.isIn(room) || other == member || !other.invisible() && !room.secret()) {
                    rooms.add(IrcDoor.prefixes(room, other, multi) + room.name());
                }
            }
            for (String line : IrcText.words(":" + replies.server() + " 319 " + replies.nick() + " " + other.nick()
                    + " :", rooms)) {
                replies.raw(line);
            }
            replies.numeric(Numeric.RPL_WHOISSERVER, other.nick(), replies.server(), info);
            if (other.away() != null) {
                replies.numeric(Numeric.RPL_AWAY, other.nick(), other.away());
            }
            if (other.serverOperator()) {
                replies.reply(Numeric.RPL_WHOISOPERATOR, other.nick());
            }
            if (other.account() != null) {
                replies.reply(Numeric.RPL_WHOISACCOUNT, other.nick(), other.account());
            }
            nick = other.nick();
        }
        replies.reply(Numeric.RPL_ENDOFWHOIS, nick);
    }

    /**
     * MONITOR (ircv3.net's monitor): {@code + nick,nick} watches nicknames (730 for those online now, 731 for
     * the others; 734 past {@link org.tcpkit.chat.Watchers#MOST}), {@code - nick,nick} stops, {@code C} clears,
     * {@code L} lists (732, 733), {@code S} says who of them is online. Comings and goings follow as 730/731.
     */
    void monitor(IrcMessage message) {
        org.tcpkit.chat.Watchers watchers = chat.watchers();
        String targets = message.count() > 1 ? message.param(1) : "";
        switch (message.param(0)) {
            case "+" -> {
                List<String> online = new ArrayList<>();
                List<String> offline = new ArrayList<>();
                List<String> asked = new ArrayList<>(List.of(targets.split(",")));
                asked.removeIf(String::isEmpty);
                for (int i = 0; i < asked.size(); i++) {
                    String nick = asked.get(i);
                    if (!watchers.add(member, nick)) {
                        replies.reply(Numeric.ERR_MONLISTFULL, "" + org.tcpkit.chat.Watchers.MOST,
                                String.join(",", asked.subList(i, asked.size())));
                        break;
                    }
                    Member other = chat.member(nick);
                    if (other != null) {
                        online.add(IrcDoor.prefix(other));
                    } else {
                        offline.add(nick);
                    }
                }
                presence(online, offline);
            }
            case "-" -> {
                for (String nick : targets.split(",")) {
                    watchers.remove(member, nick);
                }
            }
            case "C", "c" -> watchers.clear(member);
            case "L", "l" -> {
                for (String line : IrcText.list(":" + replies.server() + " 732 " + replies.nick() + " :",
                        watchers.of(member))) {
                    replies.raw(line);
                }
                replies.reply(Numeric.RPL_ENDOFMONLIST);
            }
            case "S", "s" -> {
                List<String> online = new ArrayList<>();
                List<String> offline = new ArrayList<>();
                for (String nick : watchers.of(member)) {
                    Member other = chat.member(nick);
                    if (other != null) {
                        online.add(IrcDoor.prefix(other));
                    } else {
                        offline.add(nick);
                    }
                }
                presence(online, offline);
            }
            default -> replies.reply(Numeric.ERR_UNKNOWNCOMMAND, "MONITOR " + message.param(0));
        }
    }

    /** 730 with those online, 731 with the others, comma-separated over as many lines as they take. */
    private void presence(List<String> online, List<String> offline) {
        if (!online.isEmpty()) {
            for (String line : IrcText.list(":" + replies.server() + " 730 " + replies.nick() + " :", online)) {
                replies.raw(line);
            }
        }
        if (!offline.isEmpty()) {
            for (String line : IrcText.list(":" + replies.server() + " 731 " + replies.nick() + " :", offline)) {
                replies.raw(line);
            }
        }
    }

    void ison(IrcMessage message) {
        StringBuilder online = new StringBuilder();
        for (String word : message.params()) {
            for (String nick : word.split(" ")) {
                Member other = nick.isEmpty() ? null : chat.member(nick);
                if (other != null) {
                    online.append(online.length() == 0 ? "" : " ").append(other.nick());
                }
            }
        }
        replies.numeric(Numeric.RPL_ISON, online.toString());
    }

    void userhost(IrcMessage message) {
        StringBuilder found = new StringBuilder();
        for (String nick : message.params().subList(0, Math.min(5, message.count()))) {
            Member other = chat.member(nick);
            if (other != null) {
                found.append(found.length() == 0 ? "" : " ").append(other.nick())
                        .append(other.serverOperator() ? "*" : "").append('=').append(other.away() == null ? '+' : '-')
                        .append(other.user()).append('@').append(other.host());
            }
        }
        replies.numeric(Numeric.RPL_USERHOST, found.toString());
    }
}
