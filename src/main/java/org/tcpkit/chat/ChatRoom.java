package org.tcpkit.chat;

import org.slf4j.Logger;

/** The chat (its nicknames and rooms) to hand to {@link ChatSession}s, and to tell everyone when the server
 * shuts down. */
public final class ChatRoom {
    final Chat chat;

    public ChatRoom(Logger log) {
        this.chat = new Chat(log);
    }

    /** A chat with at most {@code maxRooms} rooms at once, for tests of that bound. */
    ChatRoom(Logger log, int maxRooms) {
        this.chat = new Chat(log, maxRooms);
    }

    /** Sends everyone {@code * server shutting down} and waits (at most {@code millis}) for it to go out. */
    public void shutDown(long millis) {
        chat.shutDown(millis);
    }

    /** How many people are in the chat, in all rooms. */
    public int size() {
        return chat.size();
    }
}
