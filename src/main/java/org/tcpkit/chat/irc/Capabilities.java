package org.tcpkit.chat.irc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * IRCv3 capability negotiation ({@code CAP}, ircv3.net) for one client, and the capabilities it has enabled.
 * Offered: {@code multi-prefix} (rooms have no prefixes, so it changes nothing) and {@code userhost-in-names}
 * (NAMES lists {@code nick!user@host}). A {@code REQ} is taken whole or refused whole ({@code NAK}). Before
 * registration, {@code LS} or {@code REQ} holds registration until {@code END}, as clients expect.
 */
final class Capabilities {
    static final String MULTI_PREFIX = "multi-prefix";
    static final String USERHOST_IN_NAMES = "userhost-in-names";
    private static final List<String> OFFERED = List.of(MULTI_PREFIX, USERHOST_IN_NAMES);

    private final Set<String> enabled = new LinkedHashSet<>();

    /** Whether the client enabled {@code capability}. */
    synchronized boolean has(String capability) {
        return enabled.contains(capability);
    }

    /**
     * @param open told true when negotiation opens and false when it ends (registration waits in between)
     */
    static void handle(IrcMessage message, Replies replies, Capabilities caps, Consumer<Boolean> open) {
        String sub = message.param(0);
        String prefix = ":" + replies.server() + " CAP " + replies.nick() + " ";
        switch (sub.toUpperCase(Locale.ROOT)) {
            case "LS" -> {
                open.accept(true);
                replies.raw(prefix + "LS :" + String.join(" ", OFFERED));
            }
            case "LIST" -> replies.raw(prefix + "LIST :" + caps.list());
            case "REQ" -> {
                open.accept(true);
                String asked = message.param(1) == null ? "" : message.param(1).strip();
                replies.raw(prefix + (caps.request(asked) ? "ACK :" : "NAK :") + asked);
            }
            case "END" -> open.accept(false);
            default -> replies.reply(Numeric.ERR_INVALIDCAPCMD, sub);
        }
    }

    private synchronized String list() {
        return String.join(" ", enabled);
    }

    /** Applies a whole request ({@code cap} enables, {@code -cap} disables) if every name in it is offered. */
    private synchronized boolean request(String asked) {
        if (asked.isEmpty()) {
            return false;
        }
        String[] names = asked.split(" +");
        for (String name : names) {
            if (!OFFERED.contains(name.startsWith("-") ? name.substring(1) : name)) {
                return false;
            }
        }
        for (String name : names) {
            if (name.startsWith("-")) {
                enabled.remove(name.substring(1));
            } else {
                enabled.add(name);
            }
        }
        return true;
    }
}
