package org.tcpkit.net;

import java.io.IOException;

/** Serves one connection from start to end on the connection's own thread. */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * Talks to the client until the session is over.
     *
     * @return why the session ended normally (the client sent exit, closed, and so on)
     * @throws IOException on a failure the server classifies and logs (reset, timeout, shutdown, error)
     */
    DisconnectReason serve(Connection connection) throws IOException;

    /**
     * The bytes sent to a plaintext client that is refused before its session starts (server full, too many
     * connections from its address), or null to close without a word, as an echo server must.
     *
     * @param why a sentence saying why, such as "The server is full."
     */
    default byte[] refusal(String why) {
        return null;
    }

    /**
     * With TLS: the bytes sent, in plaintext, to a client whose first byte ({@code first}) shows it does not
     * speak TLS (a browser asking for {@code http://} on an HTTPS port), after which the connection closes; or
     * null (the default) to go on with the handshake, which fails with a TLS alert, as a TLS client expects.
     * Asked only of handlers that say {@link #answersPlaintextOnTls()}.
     */
    default byte[] plaintextOnTls(int first, Connection connection) {
        return null;
    }

    /** Whether the server reads a TLS client's first byte before the handshake, for {@link #plaintextOnTls}. */
    default boolean answersPlaintextOnTls() {
        return false;
    }

    /**
     * Whether this handler reads and writes through {@link Connection#channel()} when the connection has one:
     * the server then accepts plain (not TLS) connections through a socket channel. Handlers that only use
     * the streams keep the JDK's plain sockets.
     */
    default boolean usesChannels() {
        return false;
    }
}
