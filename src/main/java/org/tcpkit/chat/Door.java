package org.tcpkit.chat;

/**
 * How one kind of client hears what happens in the chat: each front door (the line protocol, IRC) spells the
 * chat's events in its own protocol. The chat calls these while it holds its locks, so they only build bytes;
 * what one door makes of an event is made once and given to all of that door's members.
 */
public interface Door {
    /** The door of members on other servers: nothing is delivered to them here. */
    Door ELSEWHERE = new Elsewhere();
    /**
     * A message, action or notice said in {@code room}, for the other members there.
     *
     * @param entry where the log put it: its id and time, and whether it reaches this server late (after an
     *              outage of the shared log), when the door marks it as a past line
     */
    byte[] said(Member from, Room room, Speech speech, String text, Entry entry);

    /** The sender's own copy of what it said in a room, or null when its client shows that itself. */
    byte[] echo(Member from, Room room, Speech speech, String text, Entry entry);

    /**
     * Why what {@code from} said in the room named {@code name} (now {@code room}, or null when it is gone) was
     * refused as it was applied, for {@code from} alone: it left the room, or the room's modes changed, in the
     * instant after its line was let go; null when the door's clients are not told.
     */
    byte[] unsaid(Member from, String name, Room room);

    /** A private message, for its addressee ({@code entry} as for {@link #said}). */
    byte[] told(Member from, Member to, Speech speech, String text, Entry entry);

    /** The sender's own copy of a private message, or null when its client shows that itself. */
    byte[] toldEcho(Member from, Member to, Speech speech, String text, Entry entry);

    /**
     * Lines said in {@code room} before {@code to} could hear them: its recent lines as it joins, or what it
     * asked for ({@code /history}), oldest first, each with its time and sender, marked as past lines.
     *
     * @param kept what the room keeps, in words ({@code its last 100 lines of the last 24 h}); null when it
     *             keeps none
     */
    byte[] history(Member to, Room room, java.util.List<Entry> lines, String kept);

    /** {@code who} came into {@code room}, for the others there. */
    byte[] joined(Member who, Room room);

    /**
     * {@code who} left {@code room} but stays in the chat, for the others there.
     *
     * @param reason what it said on leaving, or null
     * @param to     the room it went to (a line member moving), or null
     */
    byte[] left(Member who, Room room, String reason, Room to);

    /** {@code who} left the chat, for everyone who shared a room with it, once each. */
    byte[] quit(Member who, String reason);

    /** {@code who} was called {@code old} until now, for everyone who shares a room with it and itself. */
    byte[] renamed(String old, Member who);

    /** {@code who} set the topic of {@code room}, for everyone there. */
    byte[] topic(Member who, Room room);

    /**
     * {@code by} gave {@code target} a status in {@code room} ({@code given}) or took it away: {@code o} an
     * operator's, {@code v} a voice.
     */
    byte[] status(Member by, Room room, Member target, char status, boolean given);

    /**
     * {@code by} changed modes of {@code room}: {@code changes} is a run of signs and letters ({@code +i+t-k})
     * and {@code args} the key and limit given with them, in turn.
     */
    byte[] mode(Member by, Room room, String changes, java.util.List<String> args);

    /** {@code by} put {@code target} out of {@code room} ({@code reason} may be empty), for everyone there and it. */
    byte[] kicked(Member by, Room room, Member target, String reason);

    /** {@code by} invited {@code to} into {@code room}, for {@code to}. */
    byte[] invited(Member by, Member to, Room room);

    /**
     * {@code by} invited {@code to} into {@code room}, for the room's members who could have invited it too,
     * or null for a door whose clients did not ask to hear of it.
     */
    default byte[] invitedNotice(Member by, Member to, Room room) {
        return null;
    }

    /**
     * {@code who} went away or came back ({@link Member#away()}), for everyone who shares a room with it, or
     * null for a door whose clients did not ask to hear of it.
     */
    default byte[] away(Member who) {
        return null;
    }

    /**
     * {@code who} took a nickname {@code to} watches ({@code online}), or gave up {@code nick}; null for a door
     * whose clients cannot watch nicknames.
     */
    default byte[] presence(Member to, Member who, String nick, boolean online) {
        return null;
    }

    /**
     * {@code who} changed its real name, for everyone who shares a room with it and itself; null for a door
     * whose clients did not ask to hear of it.
     */
    default byte[] realName(Member who) {
        return null;
    }

    /**
     * {@code who}, shown until now as {@code oldUser@oldHost}, is shown with another user name and host, for
     * everyone who shares a room with it and itself; null for a door whose clients did not ask to hear of it.
     */
    default byte[] hostChanged(Member who, String oldUser, String oldHost) {
        return null;
    }

    /** A server operator's WALLOPS, for a member with {@code +w}; null for a door that has no such mode. */
    default byte[] wallops(Member from, String text) {
        return null;
    }

    /** A line from the server to {@code to}. */
    byte[] notice(Member to, String text);

    /** The server is shutting down. */
    byte[] closing();
}
