package org.tcpkit.chat;

import java.time.Duration;

/**
 * The chat's bounds: on rooms, on what each room keeps of its past, and how long a member may take nothing
 * before it counts as stopped.
 *
 * @param maxRooms          rooms that may exist at once, the lobby included
 * @param maxRoomsPerMember rooms one member may be in at once (an IRC member can be in several)
 * @param maxRoomName       the longest room name, in characters, the {@code #} included
 * @param stall             how long a member's socket may take nothing, with more than {@link Outbox#LIMIT_BYTES}
 *                          waiting for it, before it is dropped as too slow
 * @param historyLines      lines each room keeps (messages, actions, notices); 0 keeps none
 * @param historyAge        how long a kept line is kept
 * @param historyOnJoin     of those, how many a member is given as it joins the room
 */
public record ChatLimits(int maxRooms, int maxRoomsPerMember, int maxRoomName, Duration stall, int historyLines,
                         Duration historyAge, int historyOnJoin) {
    /** How long a member may take nothing before it counts as stopped, by default. */
    public static final Duration STALL = Duration.ofSeconds(5);
    /** Lines a room keeps by default. */
    public static final int HISTORY_LINES = 100;
    /** How long a room keeps them by default. */
    public static final Duration HISTORY_AGE = Duration.ofHours(24);
    /** Lines given to a member joining a room, by default. */
    public static final int HISTORY_ON_JOIN = 20;
    /** The defaults: 1000 rooms, 20 per member, names of up to 32 characters, 5 s, 100 lines of 24 h, 20 on joining. */
    public static final ChatLimits DEFAULT = new ChatLimits(1000, 20, Room.MAX_NAME);

    /** These bounds on rooms, and the defaults for the rest. */
    public ChatLimits(int maxRooms, int maxRoomsPerMember, int maxRoomName) {
        this(maxRooms, maxRoomsPerMember, maxRoomName, STALL, HISTORY_LINES, HISTORY_AGE, HISTORY_ON_JOIN);
    }

    /** These limits with another stall time (tests that see a member dropped need not wait 5 s). */
    public ChatLimits withStall(Duration other) {
        return new ChatLimits(maxRooms, maxRoomsPerMember, maxRoomName, other, historyLines, historyAge,
                historyOnJoin);
    }

    /** These limits with another history: {@code lines} kept per room (0: none), for {@code age}, {@code onJoin} given. */
    public ChatLimits withHistory(int lines, Duration age, int onJoin) {
        return new ChatLimits(maxRooms, maxRoomsPerMember, maxRoomName, stall, lines, age, onJoin);
    }
}
