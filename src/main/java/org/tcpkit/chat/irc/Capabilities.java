package org.tcpkit.chat.irc;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * IRCv3 capability negotiation ({@code CAP}, modern.ircdocs.horse and ircv3.net): the server offers none, so
 * {@code LS} and {@code LIST} answer with an empty list and every {@code REQ} is refused with {@code NAK}.
 * Before registration, {@code LS} or {@code REQ} holds registration until {@code END}, as clients expect.
 */
final class Capabilities {
    private Capabilities() {
    }

    /**
     * @param open told true when negotiation opens and false when it ends (registration waits in between)
     */
    static void handle(IrcMessage message, Replies replies, Consumer<Boolean> open) {
        String sub = message.param(0);
        if (sub == null) {
            replies.numeric("461", "CAP", "Not enough parameters");
            return;
        }
        String prefix = ":" + replies.server() + " CAP " + replies.nick() + " ";
        switch (sub.toUpperCase(Locale.ROOT)) {
            case "LS" -> {
                open.accept(true);
                replies.raw(prefix + "LS :");
            }
            case "LIST" -> replies.raw(prefix + "LIST :");
            case "REQ" -> {
                open.accept(true);
                replies.raw(prefix + "NAK :" + (message.param(1) == null ? "" : message.param(1)));
            }
            case "END" -> open.accept(false);
            default -> replies.numeric("410", sub, "Invalid CAP command");
        }
    }
}
