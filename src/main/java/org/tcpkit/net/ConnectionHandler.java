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
}
