package org.tcpkit.chat.irc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * IRCv3 capability negotiation ({@code CAP}, ircv3.net) for one client, and the capabilities it has enabled.
 * Offered: {@code multi-prefix} (NAMES and WHO give every status, {@code @+}), {@code userhost-in-names}
 * (NAMES lists {@code nick!user@host}), {@code server-time} (the chat's lines carry the time the log took
 * them), {@code echo-message} (a sender gets its own lines, as the others do) and {@code cap-notify}
 * (enabled with {@code CAP LS 302}: the list never changes while the server runs, so nothing is ever
 * announced), {@code away-notify} (members sharing a room going away and back, as AWAY) and
 * {@code invite-notify} (invitations into the client's rooms it could have made itself, as INVITE),
 * {@code extended-join} (a JOIN with the member's account and real name), {@code account-tag} (lines tagged
 * with their sender's account) and {@code account-notify} (a member's account never changes once it is in: it
 * logs in as it registers, or not at all; so no ACCOUNT is ever sent), {@code message-tags} (lines carry their
 * id in the chat's log as {@code msgid} and the client-only tags they came with; TAGMSG), {@code batch} and
 * {@code labeled-response} (the answer to a command sent with {@code @label} is labeled: one line as it is,
 * several in a batch, none as ACK), {@code chghost} (a member shown with another user name or host, as a server
 * operator's CHGHOST sets it), {@code draft/chathistory} (CHATHISTORY over the rooms' history),
 * {@code sasl} (PLAIN, when the chat has accounts) and {@code draft/account-registration} (REGISTER before connecting,
 * with {@code --auth}). A {@code REQ} is taken whole or refused whole ({@code NAK}).
 * Before registration, {@code LS} or {@code REQ} holds registration until {@code END}, as clients expect.
 * {@code server-time}, {@code echo-message}, {@code away-notify}, {@code invite-notify}, {@code extended-join},
 * {@code account-tag}, {@code setname}, {@code message-tags} and {@code chghost} change how the chat is spelled for the client
 * ({@link #spelling}): a change after registration gives the client the door of its new spelling.
 */
final class Capabilities {
    static final String MULTI_PREFIX = "multi-prefix";
    static final String USERHOST_IN_NAMES = "userhost-in-names";
    static final String SERVER_TIME = "server-time";
    static final String ECHO_MESSAGE = "echo-message";
    static final String CAP_NOTIFY = "cap-notify";
    static final String AWAY_NOTIFY = "away-notify";
    static final String INVITE_NOTIFY = "invite-notify";
    static final String SASL = "sasl";
    static final String EXTENDED_JOIN = "extended-join";
    static final String ACCOUNT_TAG = "account-tag";
    static final String ACCOUNT_NOTIFY = "account-notify";
    static final String SETNAME = "setname";
    static final String MESSAGE_TAGS = "message-tags";
    static final String BATCH = "batch";
    static final String LABELED_RESPONSE = "labeled-response";
    static final String CHATHISTORY = "draft/chathistory";
    static final String CHGHOST = "chghost";
    static final String ACCOUNT_REGISTRATION = "draft/account-registration";
    private static final List<String> ALWAYS = List.of(ACCOUNT_NOTIFY, ACCOUNT_TAG, AWAY_NOTIFY, BATCH, CAP_NOTIFY,
            CHATHISTORY, CHGHOST, ECHO_MESSAGE, EXTENDED_JOIN, INVITE_NOTIFY, LABELED_RESPONSE, MESSAGE_TAGS, MULTI_PREFIX,
            SERVER_TIME, SETNAME, USERHOST_IN_NAMES);
    /**
     * What this door offers: {@link #ALWAYS}, {@code sasl} when the chat has accounts, and
     * {@code draft/account-registration} when it asks for them ({@code --auth}).
     */
    private final List<String> offered;
    private final Set<String> enabled = new LinkedHashSet<>();

    /**
     * @param sasl         whether {@code sasl} (PLAIN, against the accounts of {@code --auth}) is offered
     * @param registration whether {@code draft/account-registration} (REGISTER before connecting) is offered
     */
    Capabilities(boolean sasl, boolean registration) {
        List<String> all = new java.util.ArrayList<>(ALWAYS);
        if (sasl) {
            all.add(SASL);
        }
        if (registration) {
            all.add(ACCOUNT_REGISTRATION);
        }
        if (sasl || registration) {
            all.sort(null);
        }
        this.offered = List.copyOf(all);
    }
    /** Whether {@code cap-notify} came with {@code CAP LS 302}: then it cannot be turned off. */
    private boolean notifyImplied;

    /** How the chat's lines are spelled for a client with these capabilities. */
    synchronized IrcDoor.Spelling spelling() {
        return new IrcDoor.Spelling(enabled.contains(SERVER_TIME), enabled.contains(ECHO_MESSAGE),
                enabled.contains(AWAY_NOTIFY), enabled.contains(INVITE_NOTIFY), enabled.contains(EXTENDED_JOIN),
                enabled.contains(ACCOUNT_TAG), enabled.contains(SETNAME), enabled.contains(MESSAGE_TAGS),
                enabled.contains(CHGHOST));
    }

    /** Whether this door offers {@code capability}. */
    boolean offers(String capability) {
        return offered.contains(capability);
    }

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
                if (message.count() > 1 && message.param(1).strip().matches("[0-9]+")
                        && Integer.parseInt(message.param(1).strip()) >= 302) {
                    caps.notifyImplied();
                }
                replies.raw(prefix + "LS :" + caps.listed(caps.notifyImplied));
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

    /** The offered capabilities as LS lists them; from version 302 on, {@code sasl} with its mechanism. */
    private synchronized String listed(boolean v302) {
        List<String> shown = new java.util.ArrayList<>();
        for (String cap : offered) {
            shown.add(!v302 ? cap : cap.equals(SASL) ? "sasl=PLAIN"
                    : cap.equals(ACCOUNT_REGISTRATION) ? ACCOUNT_REGISTRATION + "=before-connect" : cap);
        }
        return String.join(" ", shown);
    }

    /** {@code CAP LS 302} enables {@code cap-notify} as the specification says. */
    private synchronized void notifyImplied() {
        enabled.add(CAP_NOTIFY);
        notifyImplied = true;
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
            String cap = name.startsWith("-") ? name.substring(1) : name;
            if (!offered.contains(cap)) {
                return false;
            }
            if (cap.equals(CAP_NOTIFY) && name.startsWith("-") && notifyImplied) {
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
