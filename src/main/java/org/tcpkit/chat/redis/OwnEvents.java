package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Local;

/**
 * This server's own events on their way through the shared log: each numbered, sent, and applied here when it
 * comes back in the log's order; or, the link being down, applied at once and kept ({@link Kept}) to append once
 * linked. Whichever way it goes, an event is applied here once.
 */
final class OwnEvents {
    /** One event on its way through the log, with what applying it needs here. */
    private record Waiting(Entry entry, Local local) {
    }

    private final String id;
    private final Publisher publisher;
    private final Logger log;
    private final AtomicLong seq = new AtomicLong();
    private final Map<Long, Waiting> pending = new ConcurrentHashMap<>();
    private final Kept kept = new Kept();
    private volatile ChatLog.Link link;

    OwnEvents(String id, Publisher publisher, Logger log) {
        this.id = id;
        this.publisher = publisher;
        this.log = log;
    }

    /** Where events are applied; set once, before the first event. */
    void start(ChatLog.Link link) {
        this.link = link;
    }

    /** The next of this server's events, numbered. */
    Entry entry(ChatEvent event) {
        long n = seq.incrementAndGet();
        return new Entry(id + "-" + n, System.currentTimeMillis(), id, n, event, false);
    }

    /** Sends an entry, to be applied as it comes back; false when it cannot go. */
    boolean send(Entry entry, Local local) {
        pending.put(entry.seq(), new Waiting(entry, local));
        if (publisher.offer(entry)) {
            return true;
        }
        pending.remove(entry.seq());
        return false;
    }

    /** Applies an entry here at once, the link being down, and keeps it to append later. */
    Object here(Entry entry, Local local) {
        kept.keep(entry);
        return applyOnce(entry, local);
    }

    /** Applies an entry with its {@link Local}, unless that was done already. */
    Object applyOnce(Entry entry, Local local) {
        if (!local.take()) {
            return null;
        }
        try {
            Object result = link.apply(entry, local);
            local.done(result);
            return result;
        } catch (RuntimeException e) {
            local.failed(e);
            throw e;
        }
    }

    /** One of this server's numbered entries read back from the log: applied where it waits, or let go. */
    void cameBack(Entry entry) {
        Waiting waiting = pending.remove(entry.seq());
        kept.found(entry.seq());
        if (waiting != null) {
            applyOnce(waiting.entry(), waiting.local());
        }
    }

    /**
     * The link is lost: what was on its way is applied here, in order, and kept whether or not it was applied
     * already: unless it is found in the log on catching up, it goes out again once linked.
     */
    void linkLost() {
        List<Long> numbers = new ArrayList<>(pending.keySet());
        Collections.sort(numbers);
        for (Long number : numbers) {
            Waiting w = pending.remove(number);
            if (w != null) {
                kept.keep(w.entry());
                try {
                    applyOnce(w.entry(), w.local());
                } catch (RuntimeException e) {
                    log.warn("chat relay: applying {} here failed: {}", w.entry().event().getClass().getSimpleName(),
                            e.toString());
                }
            }
        }
    }

    /** Of what was kept, only the lines still mean something to servers told anew who is on this one. */
    void keepOnlyLines() {
        kept.keepOnlyLines();
    }

    /** Appends the entries kept while the link was down, in order; says how many could not be kept. */
    void sendKept() {
        // Said while the link was down: it reaches the others late, with the time it was said.
        Kept.Drained drained = kept.drain(entry -> publisher.offer(entry.late(true)));
        if (drained.sent() > 0) {
            log.info("chat relay: {} events of this server's from while the link was down go to the others now",
                    drained.sent());
        }
        if (drained.lost() > 0) {
            log.warn("chat relay: {} events of this server's from while the link was down could not be kept for the "
                    + "others", drained.lost());
            link.unsent(drained.lost());
        }
    }
}
