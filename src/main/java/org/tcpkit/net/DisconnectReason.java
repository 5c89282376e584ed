package org.tcpkit.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

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

    /** Whether {@code e} only says the input ended or the socket was closed, as a close by the server causes. */
    static boolean onlyEnded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || t instanceof ClosedChannelException || message.contains("socket closed")
                    || message.contains("socket is closed") || message.contains("terminated the handshake")) {
                return true;
            }
        }
        return false;
    }

    /** Why a session ended, from the failure its input or output met. */
    static DisconnectReason of(IOException e) {
        if (e instanceof ClosedChannelException) {
            // A socket channel closed by another thread (the watchdog, stop()) while this one was blocked.
            return CLOSED;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketException && (message.contains("reset") || message.contains("broken pipe")
                || message.contains("connection abort"))) {
            return RESET;
        }
        if (message.contains("socket closed") || message.contains("socket is closed")) {
            return CLOSED;
        }
        return ERROR;
    }
}
