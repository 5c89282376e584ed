package org.tcpkit.bench;

/** What load the bench puts on a server. */
public enum BenchMode {
    /** One message in flight per connection: send, wait for the whole echo, send the next. */
    PINGPONG,
    /** A window of bytes in flight per connection, refilled as echoes come back. */
    BULK,
    /** Open every connection at once, then echo one message on each. */
    HOLD,
    /** Join a chat server as many members and broadcast at a fixed total rate; delivery latency per line. */
    CHAT,
    /** The same through IRC: members of {@code #bench} on the chat's IRC door or any IRC server. */
    IRC;

    /** Whether members join a chat and broadcast (the line protocol or IRC). */
    public boolean chat() {
        return this == CHAT || this == IRC;
    }
}
