package org.tcpkit.echo;

import java.io.IOException;

/** The server ended the connection while the program was waiting for the user. */
public final class ServerEnded extends IOException {
    private static final long serialVersionUID = 1L;

    public ServerEnded() {
        super("the server closed the connection");
    }

    /**
     * What to tell the user: the server's own words when its last line was {@code bye: REASON} (or any last
     * line it sent unasked), else that it closed the connection.
     */
    public static String why(EchoClient client) {
        String last = "";
        try {
            for (String line : client.unreadText().split("\n")) {
                if (!line.isBlank()) {
                    last = line.strip();
                }
            }
        } catch (IOException e) {
            // Nothing more can be read: no reason to give.
        }
        if (last.startsWith("bye: ")) {
            return client.server() + " closed the connection: " + last.substring(5);
        }
        return "the server at " + client.server() + " closed the connection" + (last.isEmpty() ? ""
                : ": " + org.tcpkit.net.LogText.escape(last));
    }
}
