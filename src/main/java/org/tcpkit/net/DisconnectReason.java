package org.tcpkit.net;

/** Why a connection ended, in the words the event log uses. */
public enum DisconnectReason {
    /** The client sent the line {@code exit}. */
    EXIT("client sent exit"),
    /** The client closed its side of the connection. */
    CLOSED("closed by peer"),
    /** The client's side reset the connection or went away while the server was writing. */
    RESET("connection reset by peer"),
    /** Nothing was received, or a write could not proceed, for longer than the idle timeout. */
    TIMEOUT("idle timeout"),
    /** The TLS handshake did not finish within the handshake timeout. */
    HANDSHAKE_TIMEOUT("TLS handshake timeout"),
    /** The TLS handshake failed: not TLS, no common protocol or suite, a malformed message. */
    HANDSHAKE_FAILED("TLS handshake failed"),
    /** The server is shutting down and closed the connection. */
    SHUTDOWN("server shutdown"),
    /** The server ended the session by its rules: too many failed answers, flooding, too slow a reader. */
    PROTOCOL("ended by the server's rules"),
    /** An unexpected input or output failure. */
    ERROR("I/O error");

    private final String description;

    DisconnectReason(String description) {
        this.description = description;
    }

    /** A few words for the event log, such as "closed by peer". */
    public String description() {
        return description;
    }
}
