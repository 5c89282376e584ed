package org.tcpkit.chat;

/**
 * The chat's bounds on rooms.
 *
 * @param maxRooms          rooms that may exist at once, the lobby included
 * @param maxRoomsPerMember rooms one member may be in at once (an IRC member can be in several)
 * @param maxRoomName       the longest room name, in characters, the {@code #} included
 */
public record ChatLimits(int maxRooms, int maxRoomsPerMember, int maxRoomName) {
    /** The defaults: 1000 rooms, 20 per member, names of up to 32 characters. */
    public static final ChatLimits DEFAULT = new ChatLimits(1000, 20, Room.MAX_NAME);
}
