package org.tcpkit.chat;

import org.slf4j.Logger;

/** A chat room to hand to {@link ChatSession}s, and to tell everyone when the server shuts down. */
public final class ChatRoom {
    final Room room;

    public ChatRoom(Logger log) {
        this.room = new Room(log);
    }

    /** Sends everyone {@code * server shutting down} and waits (at most {@code millis}) for it to go out. */
    public void shutDown(long millis) {
        room.shutDown(millis);
    }

    /** How many people are in the room. */
    public int size() {
        return room.size();
    }
}
