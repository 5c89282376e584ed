package org.tcpkit.chat;

import java.time.Duration;

/**
 * The chat's bounds on rooms, and how long a member may take nothing before it counts as stopped.
 *
 * @param maxRooms          rooms that may exist at once, the lobby included
 * @param maxRoomsPerMember rooms one member may be in at once (an IRC member can be in several)
 * @param maxRoomName       the longest room name, in characters, the {@code #} included
 * @param stall             how long a member's socket may take nothing, with more than {@link Outbox#LIMIT_BYTES}
 *                          waiting for it, before it is dropped as too slow
 */
public record ChatLimits(int maxRooms, int maxRoomsPerMember, int maxRoomName, Duration stall) {
    /** How long a member may take nothing before it counts as stopped, by default. */
    public static final Duration STALL = Duration.ofSeconds(5);
    /** The defaults: 1000 rooms, 20 per member, names of up to 32 characters, 5 s to count as stopped. */
    public static final ChatLimits DEFAULT = new ChatLimits(1000, 20, Room.MAX_NAME);

    /** These bounds on rooms, and the default {@link #STALL}. */
    public ChatLimits(int maxRooms, int maxRoomsPerMember, int maxRoomName) {
        this(maxRooms, maxRoomsPerMember, maxRoomName, STALL);
    }

    /** These limits with another stall time (tests that see a member dropped need not wait 5 s). */
    public ChatLimits withStall(Duration other) {
        return new ChatLimits(maxRooms, maxRoomsPerMember, maxRoomName, other);
    }
}
