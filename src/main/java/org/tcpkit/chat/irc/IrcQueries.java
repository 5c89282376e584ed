package org.tcpkit.chat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;

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

    IrcQueries(Chat chat, Replies replies, Capabilities caps, Member member) {
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
    }

    /** The welcome burst: 001 to 005, then the message of the day. */
    static void welcome(Replies replies, Chat chat, Member member) {
        String server = replies.server();
        replies.nick(member.nick());
        replies.numeric("001", "Welcome to the tcpkit chat, " + IrcDoor.prefix(member));
        replies.numeric("002", "Your host is " + server + ", running version " + IrcSession.version());
        replies.numeric("003", "This server was created " + STARTED);
        replies.raw(":" + server + " 004 " + member.nick() + " " + server + " " + IrcSession.version() + " i no ov");
        replies.numeric("005", "AWAYLEN=" + IrcCommands.AWAY_LENGTH, "CASEMAPPING=ascii", "CHANLIMIT=#:"
                + chat.limits().maxRoomsPerMember(), "CHANMODES=,,,n", "CHANNELLEN=" + chat.limits().maxRoomName(),
                "CHANTYPES=#", "MAXTARGETS=" + IrcCommands.MAX_TARGETS, "MODES=1", "are supported by this server");
        replies.numeric("005", "NETWORK=" + IrcSession.NAME, "NICKLEN=" + Nicks.MAX_LENGTH, "PREFIX=(ov)@+",
                "TARGMAX=JOIN:,PART:,PRIVMSG:" + IrcCommands.MAX_TARGETS + ",NOTICE:" + IrcCommands.MAX_TARGETS,
                "TOPICLEN=" + Room.MAX_TOPIC, "UTF8ONLY", "are supported by this server");
        lusers(replies, chat.size() + 1, chat.roomCount());
        motd(replies);
    }

    /** The joiner's own view of a room it joined: the JOIN, the topic, the names. */
    static void joined(Replies replies, Capabilities caps, Member member, Room room) {
        replies.raw(":" + IrcDoor.prefix(member) + " JOIN " + room.name());
        if (room.topic() != null) {
            topicReply(replies, room);
        }
        names(replies, caps, room, other -> true);
    }

    static void motd(Replies replies) {
        replies.numeric("375", "- " + replies.server() + " Message of the day -");
        for (String line : List.of("Everyone here shares one chat with people on the line protocol (netcat, "
                        + "client.jar): same rooms, same nicknames.",
                "Everyone starts in " + Room.LOBBY + "; /join any room, /list shows them.",
                "Colours and formatting are taken out of messages, so that everyone sees the same text.")) {
            replies.numeric("372", "- " + line);
        }
        replies.numeric("376", "End of /MOTD command.");
    }

    /** 251, 254, 255: how many are in the chat (both doors) and how many rooms there are. */
    static void lusers(Replies replies, int people, int rooms) {
        replies.numeric("251", "There are " + people + " users and 0 invisible on 1 servers");
        replies.numeric("254", "" + rooms, "channels formed");
        replies.numeric("255", "I have " + people + " clients and 0 servers");
    }

    static void topicReply(Replies replies, Room room) {
        Room.Topic topic = room.topic();
        if (topic == null) {
            replies.numeric("331", room.name(), "No topic is set");
        } else {
            replies.numeric("332", room.name(), topic.text());
            replies.raw(":" + replies.server() + " 333 " + replies.nick() + " " + room.name() + " " + topic.by() + " "
                    + topic.at());
        }
    }

    void names(IrcMessage message) {
        if (message.count() < 1 || message.param(0).isEmpty()) {
            replies.numeric("366", "*", "End of /NAMES list");
            return;
        }
        for (String name : IrcCommands.targets(message.param(0))) {
            Room room = chat.room(name);
            if (room == null) {
                replies.numeric("366", name, "End of /NAMES list");
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
        for (String line : IrcText.words(":" + replies.server() + " 353 " + replies.nick() + " = " + room.name()
                + " :", names)) {
            replies.raw(line);
        }
        replies.numeric("366", room.name(), "End of /NAMES list");
    }

    void list(IrcMessage message) {
        replies.numeric("321", "Channel", "Users  Name");
        List<Room> rooms = chat.rooms();
        if (message.count() > 0 && !message.param(0).isEmpty()) {
            rooms = IrcCommands.targets(message.param(0)).stream().map(chat::room).filter(r -> r != null).toList();
        }
        for (Room room : rooms) {
            Room.Topic topic = room.topic();
            replies.numeric("322", room.name(), "" + room.size(), topic == null ? "" : topic.text());
        }
        replies.numeric("323", "End of /LIST");
    }

    /**
     * WHO #room lists the room; WHO nick that member (with the first room it is in); WHO with {@code *} or
     * {@code ?} everyone whose nickname, user, host or real name matches ({@link Wildcards}). Invisible
     * ({@code +i}) members are left out of a room's list asked from outside it, and out of a search by mask
     * unless they share a room with the one asking. At most {@link #MAX_WHO} replies.
     */
    void who(IrcMessage message) {
        String mask = message.count() > 0 && !message.param(0).isEmpty() ? message.param(0) : "*";
        if (mask.startsWith("#")) {
            Room room = chat.room(mask);
            if (room != null) {
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
        replies.numeric("315", mask, "End of WHO list");
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
        replies.numeric("352", room == null ? "*" : room.name(), other.user(), other.host(), replies.server(),
                other.nick(), (other.away() == null ? "H" : "G") + (other.serverOperator() ? "*" : "")
                        + (room == null ? "" : IrcDoor.prefixes(room, other, caps.has(Capabilities.MULTI_PREFIX))),
                "0 " + other.realName());
    }

    void whois(IrcMessage message) {
        if (message.count() < 1) {
            replies.numeric("431", "No nickname given");
            return;
        }
        String nick = message.param(message.count() - 1);
        Member other = chat.member(nick);
        if (other == null) {
            replies.numeric("401", nick, "No such nick/channel");
        } else {
            replies.numeric("311", other.nick(), other.user(), other.host(), "*", other.realName());
            List<String> rooms = new ArrayList<>();
            boolean multi = caps.has(Capabilities.MULTI_PREFIX);
            for (Room room : other.rooms()) {
                if (other == member || !other.invisible() || member.isIn(room)) {
                    rooms.add(IrcDoor.prefixes(room, other, multi) + room.name());
                }
            }
            for (String line : IrcText.words(":" + replies.server() + " 319 " + replies.nick() + " " + other.nick()
                    + " :", rooms)) {
                replies.raw(line);
            }
            replies.numeric("312", other.nick(), replies.server(), "tcpkit chat");
            if (other.away() != null) {
                replies.numeric("301", other.nick(), other.away());
            }
            if (other.serverOperator()) {
                replies.numeric("313", other.nick(), "is an IRC operator");
            }
            nick = other.nick();
        }
        replies.numeric("318", nick, "End of /WHOIS list");
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
        replies.numeric("303", online.toString());
    }

    void userhost(IrcMessage message) {
        StringBuilder found = new StringBuilder();
        for (String nick : message.params().subList(0, Math.min(5, message.count()))) {
            Member other = chat.member(nick);
            if (other != null) {
                found.append(found.length() == 0 ? "" : " ").append(other.nick()).append("=+").append(other.user())
                        .append('@').append(other.host());
            }
        }
        replies.numeric("302", found.toString());
    }
}
