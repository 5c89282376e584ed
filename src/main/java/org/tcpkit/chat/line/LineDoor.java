package org.tcpkit.chat.line;

import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Door;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;

/**
 * How the line protocol spells the chat's events: one line of text each, {@code <nick> text} for a message,
 * {@code * nick text} for an action and for joins and leaves, {@code *nick* text} for a private message, and
 * {@code = TIME } in front of a line said earlier than it arrives (a room's history, a line late after an
 * outage; see docs/PROTOCOL.md). A line member is in one room at a time, so events name no room. Tag messages
 * (IRC's TAGMSG: a typing notice, a reaction) carry no text and are not shown.
 */
final class LineDoor implements Door {
    static final LineDoor INSTANCE = new LineDoor();

    private LineDoor() {
    }

    @Override
    public byte[] said(Member from, Room room, Speech speech, String text, Entry entry) {
        if (speech == Speech.TAG) {
            return null;
        }
        return Member.line(past(entry.late() ? entry.time() : 0) + saying(from.nick(), speech, text));
    }

    /** A line of a room as the line protocol writes it: {@code <bob> hi}, {@code * bob waves}, {@code -bob- hi}. */
    private static String saying(String nick, Speech speech, String text) {
        return switch (speech) {
            case MESSAGE -> "<" + nick + "> " + text;
            case ACTION -> "* " + nick + " " + text;
            case NOTICE -> "-" + nick + "- " + text;
            case TAG -> throw new IllegalArgumentException("a tag message has no text to show");
        };
    }

    /** The mark of a line said earlier than it arrives: {@code = 2026-12-02T14:02:11Z }; nothing for one said now. */
    private static String past(long time) {
        return time == 0 ? "" : "= " + java.time.Instant.ofEpochMilli(time).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " ";
    }

    @Override
    public byte[] echo(Member from, Room room, Speech speech, String text, Entry entry) {
        if (speech == Speech.TAG) {
            return null;
        }
        return speech == Speech.MESSAGE ? Member.line("<" + from.nick() + " (you)> " + text)
                : Member.line(saying(from.nick(), speech, text));
    }

    @Override
    public byte[] told(Member from, Member to, Speech speech, String text, Entry entry) {
        if (speech == Speech.TAG) {
            return null;
        }
        return Member.line(past(entry.late() ? entry.time() : 0) + switch (speech) {
            case MESSAGE -> "*" + from.nick() + "* " + text;
            case ACTION -> "*" + from.nick() + "* * " + from.nick() + " " + text;
            case NOTICE, TAG -> "-" + from.nick() + "- " + text;
        });
    }

    @Override
    public byte[] toldEcho(Member from, Member to, Speech speech, String text, Entry entry) {
        // To itself, the line it gets as addressee is its copy.
        if (speech == Speech.TAG || from == to) {
            return null;
        }
        return Member.line(switch (speech) {
            case MESSAGE -> "-> *" + to.nick() + "* " + text;
            case ACTION -> "-> *" + to.nick() + "* * " + from.nick() + " " + text;
            case NOTICE, TAG -> "-> -" + to.nick() + "- " + text;
        });
    }

    @Override
    public byte[] history(Member to, Room room, java.util.List<Entry> lines, String kept) {
        if (lines.isEmpty()) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(Member.line("* " + room.name() + " keeps " + kept + "; " + (lines.size() == 1 ? "the last one"
                : "the last " + lines.size()) + ":"));
        for (Entry entry : lines) {
            ChatEvent.Said said = (ChatEvent.Said) entry.event();
            out.writeBytes(Member.line(past(entry.time()) + saying(said.nick(), said.speech(), said.text())));
        }
        return out.toByteArray();
    }

    @Override
    public byte[] joined(Member who, Room room) {
        return Member.line("* " + who.nick() + " joined");
    }

    @Override
    public byte[] left(Member who, Room room, String reason, Room to) {
        if (to != null) {
            return Member.line("* " + who.nick() + " left for " + to.name());
        }
        return Member.line("* " + who.nick() + " left the room"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
    }

    @Override
    public byte[] quit(Member who, String reason) {
        return Member.line("* " + who.nick() + " left (" + reason + ")");
    }

    @Override
    public byte[] renamed(String old, Member who) {
        return Member.line("* " + old + " is now known as " + who.nick());
    }

    @Override
    public byte[] topic(Member who, Room room) {
        Room.Topic topic = room.topic();
        return Member.line(topic == null ? "* " + who.nick() + " cleared the topic"
                : "* " + who.nick() + " set the topic: " + topic.text());
    }

    @Override
    public byte[] status(Member by, Room room, Member target, char status, boolean given) {
        String what = status == 'o' ? "operator status" : "voice";
        return Member.line("* " + by.nick() + (given ? " gave " + target.nick() + " " + what + " in "
                : " took the " + what + " of " + target.nick() + " in ") + room.name());
    }

    @Override
    public byte[] mode(Member by, Room room, String changes, java.util.List<String> args) {
        String r = room.name();
        java.util.List<String> said = new java.util.ArrayList<>();
        int next = 0;
        for (int i = 0; i + 1 < changes.length(); i += 2) {
            String change = changes.substring(i, i + 2);
            String arg = Room.takesArg(change.charAt(1), change.charAt(0) == '+') ? args.get(next++) : null;
            said.add(switch (change) {
                case "+i" -> "made " + r + " invite-only: only those invited may join";
                case "-i" -> "opened " + r + " to everyone";
                case "+k" -> "set a key on " + r + ": joining takes it (/join " + r + " KEY)";
                case "-k" -> "took the key off " + r;
                case "+l" -> "limited " + r + " to " + arg + " members";
                case "-l" -> "took the member limit off " + r;
                case "+m" -> "made " + r + " moderated: only its operators and voiced members speak";
                case "-m" -> "ended the moderation of " + r;
                case "+b" -> "banned " + arg + " from " + r;
                case "-b" -> "lifted the ban on " + arg + " in " + r;
                case "+e" -> "let " + arg + " into " + r + " though banned";
                case "-e" -> "took " + arg + " off the ban exceptions of " + r;
                case "+I" -> "let " + arg + " join " + r + " without an invitation";
                case "-I" -> "took " + arg + " off the invite exceptions of " + r;
                case "+n" -> "let only the members of " + r + " send it lines";
                case "-n" -> "let anyone send lines to " + r;
                case "+s" -> "made " + r + " secret: it is left out of /rooms";
                case "-s" -> "made " + r + " public";
                case "+t" -> "let only the operators of " + r + " set its topic";
                case "-t" -> "let everyone in " + r + " set its topic";
                default -> "set " + change + " on " + r;
            });
        }
        return Member.line("* " + by.nick() + " " + String.join("; ", said));
    }

    @Override
    public byte[] kicked(Member by, Room room, Member target, String reason) {
        String why = reason.isBlank() ? "" : " (" + reason + ")";
        return Member.line("* " + by.nick() + " put " + target.nick() + " out of " + room.name() + why);
    }

    @Override
    public byte[] invited(Member by, Member to, Room room) {
        return Member.line("* " + by.nick() + " invites you to " + room.name() + ": /join " + room.name());
    }

    @Override
    public byte[] unsaid(Member from, String name, Room room) {
        if (from.current() == null) {
            return Member.line(LineSession.NO_ROOM);
        }
        if (room != null && from.isIn(room) && room.moderated()) {
            return Member.line(LineSession.moderated(room));
        }
        return Member.line("! You are in " + from.current().name() + " now; your line for " + name
                + " was not said.");
    }

    @Override
    public byte[] notice(Member to, String text) {
        return Member.line(text);
    }

    @Override
    public byte[] closing() {
        return Member.line("* server shutting down");
    }
}
