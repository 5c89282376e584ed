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
     * ({@code account-tag}) tags lines with their sender's account; {@code setname} tells of real names changed.
     * Clients that asked for the same
     * get the same door, and each room spells a line once for each door its members came through.
     */
    record Spelling(boolean time, boolean echo, boolean awayNotify, boolean inviteNotify, boolean extendedJoin,
                    boolean accountTag, boolean setname) {
        static final Spelling PLAIN = new Spelling(false, false, false, false, false, false, false);

        boolean tags() {
            return time || accountTag;
        }
    }

    private final String server;
    private final Spelling spelling;
    /** Whether the chat has accounts ({@code --auth}): then every member's account is its nickname. */
    private final boolean accounts;

    /** @param server the server's name, the prefix of its own lines */
    IrcDoor(String server) {
        this(server, Spelling.PLAIN, false);
    }

    IrcDoor(String server, Spelling spelling, boolean accounts) {
        this.server = server;
        this.spelling = spelling;
        this.accounts = accounts;
    }

    /** The account of the member called {@code nick}, as IRCv3 writes it: its nickname, or {@code *} for none. */
    private String account(String nick) {
        return accounts ? nick : "*";
    }

    Spelling spelling() {
        return spelling;
    }

    /**
     * The lines of {@code lines} with the tags of {@code entry} in front of each, as this door's clients asked
     * ({@code @time=2026-12-02T14:02:11.250Z }); the lines as they are when they asked for none.
     */
    private byte[] tagged(byte[] lines, Entry entry, String from) {
        boolean account = spelling.accountTag() && accounts;
        if (!spelling.time() && !account || lines == null) {
            return lines;
        }
        String tags = "@" + (account ? "account=" + from + (spelling.time() ? ";" : "") : "")
                + (spelling.time() ? "time=" + IrcText.time(entry.time()) : "") + " ";
        String text = new String(lines, java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 4 * tags.length());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf("\r\n", start);
            end = end < 0 ? text.length() : end + 2;
            out.append(tags).append(text, start, end);
            start = end;
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
        return tagged(speak(prefix(from), room.name(), speech, marked(entry, text)), entry, from.nick());
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
        return tagged(speak(prefix(from), to.nick(), speech, marked(entry, text)), entry, from.nick());
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
            out.writeBytes(tagged(speak(said.nick(), room.name(), said.speech(), text), entry, said.nick()));
        }
        out.writeBytes(notice(to, "End of the lines said before you joined " + room.name() + "."));
        return out.toByteArray();
    }

    @Override
    public byte[] toldEcho(Member from, Member to, Speech speech, String text, Entry entry) {
        return spelling.echo() ? tagged(speak(prefix(from), to.nick(), speech, text), entry, from.nick()) : null;
    }

    @Override
    public byte[] joined(Member who, Room room) {
        String join = ":" + prefix(who) + " JOIN " + room.name()
                + (spelling.extendedJoin() ? " " + account(who.nick()) + " :" + who.realName() : "");
        return spelling.awayNotify() && who.away() != null ? IrcText.lines(join, ":" + prefix(who) + " AWAY :"
                + who.away()) : IrcText.line(join);
    }

    @Override
    public byte[] away(Member who) {
        if (!spelling.awayNotify()) {
            return null;
        }
        return IrcText.line(":" + prefix(who) + " AWAY" + (who.away() == null ? "" : " :" + who.away()));
    }

    @Override
    public byte[] realName(Member who) {
        return spelling.setname() ? IrcText.line(":" + prefix(who) + " SETNAME :" + who.realName()) : null;
    }

    @Override
    public byte[] wallops(Member from, String text) {
        return IrcText.split(":" + prefix(from) + " WALLOPS :", text, "");
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
        return IrcText.line(":" + prefix(who) + " PART " + room.name() + (why == null || why.isEmpty() ? ""
                : " :" + why));
    }

    @Override
    public byte[] quit(Member who, String reason) {
        return IrcText.line(":" + prefix(who) + " QUIT :" + capitalized(reason));
    }

    @Override
    public byte[] renamed(String old, Member who) {
        return IrcText.line(":" + old + "!" + who.user() + "@" + who.host() + " NICK :" + who.nick());
    }

    @Override
    public byte[] topic(Member who, Room room) {
        Room.Topic topic = room.topic();
        return IrcText.split(":" + prefix(who) + " TOPIC " + room.name() + " :", topic == null ? "" : topic.text(), "");
    }

    @Override
    public byte[] status(Member by, Room room, Member target, char status, boolean given) {
        return IrcText.line(":" + prefix(by) + " MODE " + room.name() + (given ? " +" : " -") + status + " "
                + target.nick());
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
        return IrcText.line(":" + prefix(by) + " MODE " + room.name() + " " + modes
                + (args.isEmpty() ? "" : " " + String.join(" ", args)));
    }

    @Override
    public byte[] kicked(Member by, Room room, Member target, String reason) {
        return IrcText.line(":" + prefix(by) + " KICK " + room.name() + " " + target.nick() + " :"
                + (reason.isEmpty() ? by.nick() : reason));
    }

    @Override
    public byte[] invited(Member by, Member to, Room room) {
        return IrcText.line(":" + prefix(by) + " INVITE " + to.nick() + " " + room.name());
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

    /** A PRIVMSG (an action wrapped in CTCP) or NOTICE from {@code from} ({@code nick!user@host}) to {@code target}. */
    private static byte[] speak(String from, String target, Speech speech, String text) {
        String head = ":" + from + (speech == Speech.NOTICE ? " NOTICE " : " PRIVMSG ") + target + " :";
        return speech == Speech.ACTION ? IrcText.split(head + IrcText.CTCP + "ACTION ", text, "" + IrcText.CTCP)
                : IrcText.split(head, text, "");
    }

    /** A leave reason as IRC clients show one: {@code quit: bye} reads {@code Quit: bye}. */
    static String capitalized(String reason) {
        return reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
