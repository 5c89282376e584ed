package org.tcpkit.chat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.tcpkit.net.Connection;

/** Someone in the room: nickname, connection, outbox and flood gate. */
final class Member {
    final Connection connection;
    final Outbox outbox;
    final FloodGate flood;
    /** Why the server is removing this member (too slow, flooding), when it decided that itself. */
    final AtomicReference<String> removal = new AtomicReference<>();
    /** The rooms the member is in (changed under {@link Chat}'s lock). */
    final java.util.Set<Room> rooms = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Where the member's lines and actions go (a line member is in exactly this room). */
    volatile Room current;
    private volatile String nick;

    Member(String nick, Connection connection, Outbox outbox, FloodGate flood) {
        this.nick = nick;
        this.flood = flood;
        this.connection = connection;
        this.outbox = outbox;
    }

    String nick() {
        return nick;
    }

    void rename(String newNick) {
        this.nick = newNick;
    }

    /** Encodes one line for the wire. */
    static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
