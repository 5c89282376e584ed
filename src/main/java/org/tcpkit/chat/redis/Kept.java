package org.tcpkit.chat.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Entry;

/**
 * This server's events applied while it could not reach the shared log, oldest first, to append once it can:
 * bounded ({@link #MOST}); what is beyond is counted, for the members to be told. Those that turn out to have
 * made it into the log before the link broke are let go as they are read back.
 */
final class Kept {
    /** Events kept at most; beyond, they do not reach the other servers. */
    static final int MOST = 10_000;

    /** What {@link #drain} did: how many went out, and how many could not be kept since the last drain. */
    record Drained(int sent, long lost) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lost;

    /** Keeps one of this server's entries, in the order this server numbered them. */
    synchronized void keep(Entry entry) {
        if (entries.size() >= MOST) {
            lost++;
        } else if (entries.isEmpty() || entries.peekLast().seq() < entry.seq()) {
            entries.addLast(entry);
        } else {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.add(entry);
            sorted.sort(Comparator.comparingLong(Entry::seq));
            entries.clear();
            entries.addAll(sorted);
        }
    }

    /** The entry numbered {@code seq} was found in the log: it is not sent again. */
    synchronized void found(long seq) {
        if (!entries.isEmpty()) {
            entries.removeIf(entry -> entry.seq() == seq);
        }
    }

    /**
     * This server says again who is on it (it starts afresh): of what it kept, only the lines (messages and
     * private messages) still mean something to the others; changes of members and rooms are in what it says.
     */
    synchronized void keepOnlyLines() {
        entries.removeIf(entry -> !(entry.event() instanceof ChatEvent.Said)
                && !(entry.event() instanceof ChatEvent.Told));
    }

    /** Hands every kept entry, oldest first, to {@code send} (false: it could not go), and starts over. */
    synchronized Drained drain(Predicate<Entry> send) {
        int sent = 0;
        for (Entry entry = entries.pollFirst(); entry != null; entry = entries.pollFirst()) {
            if (send.test(entry)) {
                sent++;
            } else {
                lost++;
            }
        }
        Drained drained = new Drained(sent, lost);
        lost = 0;
        return drained;
    }
}
