package org.tcpkit.chat.irc;

import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Door;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;

/**
 * How IRC spells the chat's events: messages as PRIVMSG from {@code nick!user@host}, actions as CTCP ACTION,
 * joins, leaves, quits, nick and topic changes as JOIN, PART, QUIT, NICK and TOPIC, and the server's own
 * lines as NOTICE (see docs/PROTOCOL.md). An IRC client shows its own messages itself, so it gets no echo.
 */
final class IrcDoor implements Door {
    /**
     * What a client's capabilities change in how the chat's lines are spelled for it: {@code time}
     * ({@code server-time}) tags each line with when the log took it; {@code echo} ({@code echo-message}) sends a
     * sender its own lines; {@code awayNotify} ({@code away-notify}) tells of members going away and coming back;
     * {@code inviteNotify} ({@code invite-notify}) of invitations into a room; {@code extendedJoin}
     * ({@code extended-join}) gives a JOIN the member's account and real name; {@code accountTag}
     * ({@code account-tag}) tags lines with their sender's account; {@code setname} tells of real names changed;
     * {@code messageTags} ({@code message-tags}) tags lines with their id in the log ({@code msgid}) and the
     * client-only tags they came with, and passes on tag messages (TAGMSG); {@code chghost} tells of members shown
     * with another user name or host. Clients that asked for the same
     * get the same door, and each room spells a line once for each door its members came through.
     */
    record Spelling(boolean time, boolean echo, boolean awayNotify, boolean inviteNotify, boolean extendedJoin,
                    boolean accountTag, boolean setname, boolean messageTags, boolean chghost) {
    }

    private final String server;
    private final Spelling spelling;

    /** @param server the server's name, the prefix of its own lines */
    IrcDoor(String server, Spelling spelling) {
        this.server = server;
        this.spelling = spelling;
    }

    /** The account of {@code member} as IRCv3 writes it: the account it logged in as, or {@code *} for none. */
    static String account(Member member) {
        return member.account() == null ? "*" : member.account();
    }

    Spelling spelling() {
        return spelling;
    }

    /**
     * The lines of {@code lines} with the tags of {@code entry} in front of each, as this door's clients asked
     * ({@code @msgid=a1-7;time=2026-12-02T14:02:11.250Z }): the lines as they are when they asked for none.
     * A line cut in several for IRC gives each piece an id of its own, the first the line's.
     *
     * @param account the sender's account, or null
     */
    private byte[] tagged(byte[] lines, Entry entry, String account) {
        boolean withAccount = spelling.accountTag() && account != null;
        if (lines == null || !spelling.time() && !withAccount && !spelling.messageTags()) {
            return lines;
        }
        StringBuilder common = new StringBuilder();
        if (spelling.messageTags()) {
            String client = entry.event() instanceof ChatEvent.Said said ? said.tags()
                    : entry.event() instanceof ChatEvent.Told told ? told.tags() : "";
            common.append(client);
        }
        if (withAccount) {
            common.append(common.length() == 0 ? "" : ";").append("account=").append(account);
        }
        if (spelling.time()) {
            common.append(common.length() == 0 ? "" : ";").append("time=").append(IrcText.time(entry.time()));
        }
        String id = spelling.messageTags() ? (common.length() == 0 ? "" : ";") + "msgid=" + entry.id() : null;
        return eachLine(lines, piece -> common + (id == null ? "" : id + (piece == 0 ? "" : "/" + (piece + 1))));
    }

    /**
     * A line from a member other than a message (JOIN, PART, MODE, ...), tagged as this door's clients asked:
     * with the member's account ({@code account-tag}) and the time it is spelled ({@code server-time}).
     */
    private byte[] by(Member who, byte[] lines) {
        boolean withAccount = spelling.accountTag() && who.account() != null;
        if (lines == null || !withAccount && !spelling.time()) {
            return lines;
        }
        String tags = (withAccount ? "account=" + who.account() : "")
                + (spelling.time() ? (withAccount ? ";" : "") + "time=" + IrcText.time(System.currentTimeMillis()) : "");
        return eachLine(lines, piece -> tags);
    }

    /** Each of the CRLF-ended lines in {@code lines} with {@code @TAGS } in front, the tags of its place among them. */
    private static byte[] eachLine(byte[] lines, java.util.function.IntFunction<String> tags) {
        String text = new String(lines, java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 64);
        int start = 0;
        int piece = 0;
        while (start < text.length()) {
            int end = text.indexOf("\r\n", start);
            end = end < 0 ? text.length() : end + 2;
            out.append('@').append(tags.apply(piece++)).append(' ').append(text, start, end);
            start = end;
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * One line of {@code room}'s history as a CHATHISTORY reply gives it, tagged as a live line is (its time
     * and id included), or null for a kind of line this door's clients do not hear.
     */
    byte[] replayed(Entry entry) {
        if (!(entry.event() instanceof ChatEvent.Said said)) {
            return null;
        }
        return tagged(speak(said.nick(), said.room(), said.speech(), said.text()), entry, null);
    }

    /** A line said earlier than it arrives, marked in its text for clients that get no time tags. */
    private String marked(Entry entry, String text) {
        return entry.late() && !spelling.time() ? past(entry.time()) + text : text;
    }

    String server() {
        return server;
    }

    /** {@code nick!user@host}, how IRC names a member. */
    static String prefix(Member member) {
        return member.nick() + "!" + member.user() + "@" + member.host();
    }

    @Override
    public byte[] said(Member from, Room room, Speech speech, String text, Entry entry) {
        return tagged(speak(prefix(from), room.name(), speech, marked(entry, text)), entry, from.account());
    }

    /** What IRC clients without message times are shown of a line said earlier: {@code [2026-12-02T14:02:11Z] }. */
    static String past(long time) {
        return time == 0 ? "" : "[" + java.time.Instant.ofEpochMilli(time)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] ";
    }

    @Override
    public byte[] echo(Member from, Room room, Speech speech, String text, Entry entry) {
        return spelling.echo() ? said(from, room, speech, text, entry) : null;
    }

    @Override
    public byte[] told(Member from, Member to, Speech speech, String text, Entry entry) {
        return tagged(speak(prefix(from), to.nick(), speech, marked(entry, text)), entry, from.account());
    }

    /**
     * A notice that the replay begins, each line from its sender with its time in front (clients without
     * message times would show it as said now), and a notice that it ends.
     */
    @Override
    public byte[] history(Member to, Room room, java.util.List<Entry> lines, String kept) {
        if (lines.isEmpty()) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(notice(to, room.name() + " keeps " + kept + "; " + (lines.size() == 1 ? "the last one"
                : "the last " + lines.size()) + ", each with the time it was said:"));
        for (Entry entry : lines) {
            ChatEvent.Said said = (ChatEvent.Said) entry.event();
            String text = spelling.time() ? said.text() : past(entry.time()) + said.text();
            out.writeBytes(tagged(speak(said.nick(), room.name(), said.speech(), text), entry, null));
        }
        out.writeBytes(notice(to, "End of the lines said before you joined " + room.name() + "."));
        return out.toByteArray();
    }

    @Override
    public byte[] toldEcho(Member from, Member to, Speech speech, String text, Entry entry) {
        return spelling.echo() ? tagged(speak(prefix(from), to.nick(), speech, text), entry, from.account()) : null;
    }

    @Override
    public byte[] joined(Member who, Room room) {
        String join = ":" + prefix(who) + " JOIN " + room.name()
                + (spelling.extendedJoin() ? " " + account(who) + " :" + who.realName() : "");
        return by(who, spelling.awayNotify() && who.away() != null ? IrcText.lines(join, ":" + prefix(who)
                + " AWAY :" + who.away()) : IrcText.line(join));
    }

    @Override
    public byte[] away(Member who) {
        if (!spelling.awayNotify()) {
            return null;
        }
        return by(who, IrcText.line(":" + prefix(who) + " AWAY" + (who.away() == null ? "" : " :" + who.away())));
    }

    @Override
    public byte[] realName(Member who) {
        return spelling.setname() ? by(who, IrcText.line(":" + prefix(who) + " SETNAME :" + who.realName())) : null;
    }

    @Override
    public byte[] hostChanged(Member who, String oldUser, String oldHost) {
        return spelling.chghost() ? by(who, IrcText.line(":" + who.nick() + "!" + oldUser + "@" + oldHost + " CHGHOST "
                + who.user() + " " + who.host())) : null;
    }

    @Override
    public byte[] wallops(Member from, String text) {
        return by(from, IrcText.split(":" + prefix(from) + " WALLOPS :", text, ""));
    }

    @Override
    public byte[] presence(Member to, Member who, String nick, boolean online) {
        return IrcText.line(":" + server + (online ? " 730 " : " 731 ") + to.nick() + " :"
                + (online ? prefix(who) : nick));
    }

    @Override
    public byte[] invitedNotice(Member by, Member to, Room room) {
        return spelling.inviteNotify() ? invited(by, to, room) : null;
    }

    @Override
    public byte[] left(Member who, Room room, String reason, Room to) {
        String why = to != null ? "Went to " + to.name() : reason;
        return by(who, IrcText.line(":" + prefix(who) + " PART " + room.name() + (why == null || why.isEmpty() ? ""
                : " :" + why)));
    }

    @Override
    public byte[] quit(Member who, String reason) {
        return by(who, IrcText.line(":" + prefix(who) + " QUIT :" + capitalized(reason)));
    }

    @Override
    public byte[] renamed(String old, Member who) {
        return by(who, IrcText.line(":" + old + "!" + who.user() + "@" + who.host() + " NICK :" + who.nick()));
    }

    @Override
    public byte[] topic(Member who, Room room) {
        Room.Topic topic = room.topic();
        return by(who, IrcText.split(":" + prefix(who) + " TOPIC " + room.name() + " :", topic == null ? ""
                : topic.text(), ""));
    }

    @Override
    public byte[] status(Member by, Room room, Member target, char status, boolean given) {
        return by(by, IrcText.line(":" + prefix(by) + " MODE " + room.name() + (given ? " +" : " -") + status + " "
                + target.nick()));
    }

    @Override
    public byte[] mode(Member by, Room room, String changes, java.util.List<String> args) {
        StringBuilder modes = new StringBuilder();
        char sign = 0;
        for (int i = 0; i + 1 < changes.length(); i += 2) {
            if (changes.charAt(i) != sign) {
                sign = changes.charAt(i);
                modes.append(sign);
            }
            modes.append(changes.charAt(i + 1));
        }
        return by(by, IrcText.line(":" + prefix(by) + " MODE " + room.name() + " " + modes
                + (args.isEmpty() ? "" : " " + String.join(" ", args))));
    }

    @Override
    public byte[] kicked(Member by, Room room, Member target, String reason) {
        return by(by, IrcText.line(":" + prefix(by) + " KICK " + room.name() + " " + target.nick() + " :"
                + (reason.isEmpty() ? by.nick() : reason)));
    }

    @Override
    public byte[] invited(Member by, Member to, Room room) {
        return by(by, IrcText.line(":" + prefix(by) + " INVITE " + to.nick() + " " + room.name()));
    }

    /** The prefixes of {@code member}'s status in {@code room}: all of them, or the highest only. */
    static String prefixes(Room room, Member member, boolean all) {
        boolean operator = room.isOperator(member);
        boolean voiced = room.isVoiced(member);
        if (all) {
            return (operator ? "@" : "") + (voiced ? "+" : "");
        }
        return operator ? "@" : voiced ? "+" : "";
    }

    /** A 403 (the room is gone) or 404, as the member would have had it a moment earlier. */
    @Override
    public byte[] unsaid(Member from, String name, Room room) {
        String head = ":" + server + " ";
        return room == null
                ? IrcText.line(head + Numeric.ERR_NOSUCHCHANNEL.code + " " + from.nick() + " " + name + " :"
                        + Numeric.ERR_NOSUCHCHANNEL.text)
                : IrcText.line(head + Numeric.ERR_CANNOTSENDTOCHAN.code + " " + from.nick() + " " + room.name()
                        + " :" + IrcSpeech.cannotSend(from, room));
    }

    /** A line from the server, without the line protocol's {@code * } or {@code ! } mark in front. */
    @Override
    public byte[] notice(Member to, String text) {
        String plain = text.startsWith("* ") || text.startsWith("! ") ? text.substring(2) : text;
        return IrcText.split(":" + server + " NOTICE " + to.nick() + " :", plain, "");
    }

    @Override
    public byte[] closing() {
        return IrcText.lines(":" + server + " NOTICE * :The server is shutting down; goodbye.",
                "ERROR :Closing link: server shutting down");
    }

    /**
     * A PRIVMSG (an action wrapped in CTCP), NOTICE or TAGMSG from {@code from} ({@code nick!user@host}) to
     * {@code target}; null for a TAGMSG when this door's clients did not ask for message tags.
     */
    private byte[] speak(String from, String target, Speech speech, String text) {
        if (speech == Speech.TAG) {
            return spelling.messageTags() ? IrcText.line(":" + from + " TAGMSG " + target) : null;
        }
        String head = ":" + from + (speech == Speech.NOTICE ? " NOTICE " : " PRIVMSG ") + target + " :";
        return speech == Speech.ACTION ? IrcText.split(head + IrcText.CTCP + "ACTION ", text, "" + IrcText.CTCP)
                : IrcText.split(head, text, "");
    }

    /** A leave reason as IRC clients show one: {@code quit: bye} reads {@code Quit: bye}. */
    static String capitalized(String reason) {
        return reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
