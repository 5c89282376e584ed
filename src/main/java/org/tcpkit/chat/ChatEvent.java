package org.tcpkit.chat;

import java.util.List;

/**
 * What happens in the chat: the entries of its {@link ChatLog}. Members are named by
 * nickname and rooms by name; every server applies each event to its own copy of the chat in the order the log
 * gives, so every server sees every room's events in one order.
 */
public sealed interface ChatEvent {
    /**
     * A member came into the chat on server {@code server}; {@code lobby}: it starts in the lobby; {@code account}:
     * the account it logged in as, or null.
     */
    record Arrived(String nick, String user, String realName, String host, String server, boolean lobby,
                   String account) implements ChatEvent {
        public Arrived(String nick, String user, String realName, String host, String server, boolean lobby) {
            this(nick, user, realName, host, server, lobby, null);
        }
    }

    /** A member left the chat. */
    record Left(String nick, String reason) implements ChatEvent {
    }

    /**
     * A member joined a room; {@code move}: it left the room its lines went to (a line member); {@code key}: the
     * key it gave for a room that has one ({@code +k}), checked on every server, or null.
     */
    record Joined(String nick, String room, boolean move, String key) implements ChatEvent {
        public Joined(String nick, String room, boolean move) {
            this(nick, room, move, null);
        }
    }

    /** A member left a room but stays in the chat; {@code reason} may be null. */
    record Parted(String nick, String room, String reason) implements ChatEvent {
    }

    /** A member changed its nickname. */
    record Renamed(String nick, String to) implements ChatEvent {
    }

    /**
     * A message, action, notice or tag message said in a room.
     *
     * @param tags the client-only tags it came with, as IRC writes them ({@code +typing=active;+draft/react=x},
     *             escaped), empty for none; passed on to clients that asked for {@code message-tags}
     */
    record Said(String nick, String room, Speech speech, String text, String tags) implements ChatEvent {
        public Said(String nick, String room, Speech speech, String text) {
            this(nick, room, speech, text, "");
        }
    }

    /** A private message to a nickname; {@code tags} as for {@link Said}. */
    record Told(String nick, String to, Speech speech, String text, String tags) implements ChatEvent {
        public Told(String nick, String to, Speech speech, String text) {
            this(nick, to, speech, text, "");
        }
    }

    /** A room's topic set ({@code text} empty: cleared), at {@code at} seconds since the epoch. */
    record TopicSet(String nick, String room, String text, long at) implements ChatEvent {
    }

    /** An operator's ({@code o}) or voice ({@code v}) status given or taken in a room. */
    record StatusSet(String nick, String room, String target, char status, boolean give) implements ChatEvent {
    }

    /**
     * A room's operator changed its modes: {@code changes} is a run of signs and letters of {@link Room#MODES}
     * ({@code +i+t-k}), and {@code args} the key of each {@code +k} and the limit of each {@code +l}, in turn.
     */
    record RoomMode(String nick, String room, String changes, List<String> args) implements ChatEvent {
    }

    /** A room's operator put {@code target} out of the room, saying why ({@code reason} may be empty). */
    record Kicked(String nick, String room, String target, String reason) implements ChatEvent {
    }

    /** A member of a room invited {@code target} into it. */
    record Invited(String nick, String room, String target) implements ChatEvent {
    }

    /** A member's away message (null: here), invisibility and server operator's status. */
    record Flags(String nick, String away, boolean invisible, boolean operator) implements ChatEvent {
    }

    /** A member changed its real name (IRC's SETNAME). */
    record RealName(String nick, String realName) implements ChatEvent {
    }

    /**
     * A server operator ({@code nick}) changed the user name and host {@code target} is shown with (IRC's
     * CHGHOST), on every server.
     */
    record HostSet(String nick, String target, String user, String host) implements ChatEvent {
    }

    /** A server operator's message to everyone with user mode {@code +w}, on every server. */
    record Wallops(String nick, String text) implements ChatEvent {
    }

    /** A server operator disconnects a member of another server. */
    record Killed(String nick, String target, String reason) implements ChatEvent {
    }

    /**
     * Server {@code server} asks for the members the others have ({@link Here}): every other server's when it
     * (re)joined ({@code want} null), or server {@code want}'s alone when its view of that one went wrong.
     */
    record Hello(String server, String want) implements ChatEvent {
    }

    /**
     * Server {@code server} is alive and has {@code members} members, whose names, rooms and flags hash to
     * {@code digest}: a server whose view of it hashes otherwise asks it for a {@link Here}.
     */
    record Beat(String server, int members, String digest) implements ChatEvent {
    }

    /** Everyone on server {@code server} and the topics of their rooms, in full: it replaces what was known. */
    record Here(String server, List<Present> members, List<RoomTopic> topics) implements ChatEvent {
    }

    /** A server went away (shut down, or stopped answering): its members leave with {@code reason}. */
    record Gone(String server, String reason) implements ChatEvent {
    }

    /**
     * One member in a {@link Here}.
     *
     * @param rooms   its rooms, each marked {@code @} when it is an operator there and {@code +} when voiced
     * @param account the account it logged in as, or null
     */
    record Present(String nick, String user, String realName, String host, String away, boolean invisible,
                   boolean operator, List<String> rooms, String account) {
        public Present(String nick, String user, String realName, String host, String away, boolean invisible,
                       boolean operator, List<String> rooms) {
            this(nick, user, realName, host, away, invisible, operator, rooms, null);
        }
    }

    /** A room's topic in a {@link Here}. */
    record RoomTopic(String room, String text, String by, long at) {
    }
}
