package org.tcpkit.chat;

import org.slf4j.event.Level;
import org.tcpkit.log.Repeats;
import org.tcpkit.net.Connection;

/**
 * What an {@link Outbox} does once more than {@link Outbox#LIMIT_BYTES} wait for its member: drops a member
 * that stopped reading (its socket took nothing for the stall time) or that more than {@link Outbox#MOST_BYTES}
 * wait for; keeps the lines of one that still reads while the server is behind, and logs that once until its
 * writer catches up (summarized across the door's members when it happens again and again).
 */
final class Overflow {
    private final Connection connection;
    /** Where overloads are logged, one line per window for all the outboxes of a door. */
    private final Repeats repeats;
    /** How long a write may be blocked, its client reading nothing, before the client counts as stopped. */
    private final long stallNanos;
    private volatile String why;
    private volatile String detail;
    /** Whether more than {@link Outbox#LIMIT_BYTES} waited for this member since its writer last caught up. */
    private volatile boolean behind;

    Overflow(Connection connection, Repeats repeats, long stallNanos) {
        this.connection = connection;
        this.repeats = repeats;
        this.stallNanos = stallNanos;
    }

    /** Why the member is dropped ({@code dropped as too slow}), or null while its lines are taken. */
    String why() {
        return why;
    }

    /** Why the member is dropped, in figures, for the log; null while its lines are taken. */
    String detail() {
        return detail;
    }

    /** With {@code waiting} bytes over {@link Outbox#LIMIT_BYTES}: whether to refuse the line and drop the member. */
    boolean refuses(long waiting) {
        String reason = null;
        long blocked = connection.writeBlockedNanos(System.nanoTime());
        if (blocked > stallNanos) {
            reason = "dropped as too slow";
            detail = "it took nothing for " + blocked / 1_000_000 + " ms, with " + waiting / 1024 + " KiB waiting";
        } else if (waiting > Outbox.MOST_BYTES) {
            reason = "dropped as too far behind";
            detail = "more than " + Outbox.MOST_BYTES / (1024 * 1024) + " MiB waited for it, though it reads";
        } else if (!behind) {
            behind = true;
            repeats.log(Level.WARN, "chat overload: the server is behind", "chat overload: the server is behind: "
                    + "{} KiB wait for {}, which still reads; its lines are kept, up to {} MiB", waiting / 1024,
                    connection.peer(), Outbox.MOST_BYTES / (1024 * 1024));
        }
        if (reason != null) {
            why = reason;
            return true;
        }
        return false;
    }

    /** Whether an overload was logged and the writer has not caught up since. */
    boolean behind() {
        return behind;
    }

    /** The writer caught up: the next overload is logged again. */
    void caughtUp() {
        behind = false;
    }
}
