package org.tcpkit.chat.irc;

import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Outbox;
import org.tcpkit.net.Connection;
import org.tcpkit.net.DisconnectReason;

/**
 * What the server says to one IRC client of its own accord: numeric replies ({@code :server 001 nick ...}),
 * notices and errors, through the client's outbox like everything else. A client that lets replies pile up
 * is dropped as too slow, like any member.
 */
final class Replies {
    private final Chat chat;
    private final String server;
    private final Outbox outbox;
    private final Connection connection;
    private volatile Member member;
    private volatile String nick = "*";
    /** How many batches this connection has opened: each one's id is the next number. */
    private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();

    Replies(Chat chat, String server, Outbox outbox, Connection connection) {
        this.chat = chat;
        this.server = server;
        this.outbox = outbox;
        this.connection = connection;
    }

    String server() {
        return server;
    }

    /** The nickname replies are addressed to: {@code *} until the client has one. */
    String nick() {
        return nick;
    }

    void nick(String nick) {
        this.nick = nick;
    }

    /** From now on, replies go through the chat as the member's (which drops a member too far behind). */
    void registered(Member member) {
        this.member = member;
        this.nick = member.nick();
    }

    /** A numeric reply with its usual text ({@link Numeric#text}) as the last parameter. */
    void reply(Numeric numeric, String... params) {
        String[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = numeric.text;
        numeric(numeric, all);
    }

    /**
     * A numeric reply: {@code :server CODE nick params...}, the last parameter sent as trailing and, when it is
     * too long for one line (a long topic, say), split over several replies with the same head.
     */
    void numeric(Numeric numeric, String... params) {
        StringBuilder head = new StringBuilder(":").append(server).append(' ').append(numeric.code).append(' ')
                .append(member != null ? member.nick() : nick);
        for (int i = 0; i < params.length - 1; i++) {
            head.append(' ').append(params[i]);
        }
        if (params.length == 0) {
            send(IrcText.line(head.toString()));
        } else {
            send(IrcText.split(head.append(" :").toString(), params[params.length - 1], ""));
        }
    }

    /** A numeric reply whose parameters all go in the middle, none as trailing ({@code 329}, {@code 333}). */
    void plain(Numeric numeric, String... params) {
        raw(":" + server + " " + numeric.code + " " + (member != null ? member.nick() : nick) + " "
                + String.join(" ", params));
    }

    /** The id of a new batch (IRCv3 {@code batch}): unique on this connection, letters and digits. */
    String batchId() {
        return "b" + Long.toString(batches.incrementAndGet(), 36);
    }

    /** A line exactly as given. */
    void raw(String line) {
        send(IrcText.line(line));
    }

    /** {@code ERROR :text}, which clients show before the server closes the connection. */
    void error(String text) {
        raw("ERROR :" + text);
    }

    /** Lets what is queued go out and stops the writer (the connection is about to close); bounded. */
    void flush(long millis) {
        outbox.finish(millis);
    }

    void send(byte[] bytes) {
        Member registered = member;
        if (registered != null) {
            chat.reply(registered, bytes);
        } else if (!outbox.offer(bytes)) {
            connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }
}
