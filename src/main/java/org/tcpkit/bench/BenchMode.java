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
    CHAT
}
