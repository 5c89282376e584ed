package org.tcpkit.chat.redis;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Entry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The reader's place in the shared log, and how it goes on from there on each link: the first time after the
 * newest entry, the rooms' recent lines read first; after an outage, from the last entry applied, everything
 * since handed on once, in order, marked late. Used by the reader's thread alone.
 */
final class ReadPlace {
    /** Entries taken by one read. */
    static final int READ_COUNT = 512;

    private final LogStream stream;
    private final String key;
    private final Logger log;
    /** Where each entry read goes, in the log's order. */
    private final Consumer<Entry> take;
    /** The last entry applied (null before the first link). */
    private StreamEntryID last;
    /** The log's life, as {@code NS:epoch} named it when this server last read it. */
    private String epoch;
    /** While catching up after an outage: entries added before this moment (stream time) reach members late. */
    private long lateBefore;
    /** Whether catching up (on linking), and whether the others were found to count this server gone meanwhile. */
    private boolean catchingUp;
    private boolean countedGone;

    ReadPlace(LogStream stream, String key, Logger log, Consumer<Entry> take) {
        this.stream = stream;
        this.key = key;
        this.log = log;
        this.take = take;
    }

    /** Where the next read starts: after the last entry applied. */
    StreamEntryID position() {
        return last == null ? new StreamEntryID(0, 0) : last;
    }

    /**
     * Finds where to go on from and catches up. The first time: after the stream's newest entry, the rooms'
     * recent lines read first. After an outage: after the last entry applied, everything since applied once, in
     * order, marked late; when the stream cannot give all of it (Redis lost what it held: read from its start;
     * or it was trimmed past this server's place: read what is left), the members are told, and every server
     * says again who is on it. Returns whether this server starts afresh and says who is on it.
     */
    boolean catchUp(Jedis jedis, boolean again, ChatLog.Link link, OwnEvents own, BooleanSupplier closed) {
        String now = stream.epoch(jedis);
        String gap = null;
        if (last != null && !epoch.equals(now)) {
            gap = "Redis lost what it held (it was restarted empty, say)";
            last = new StreamEntryID(0, 0);
        } else if (last != null && stream.trimmedPast(jedis, last)) {
            gap = "the shared log no longer holds all the lines said while the link was down";
        }
        epoch = now;
        if (last == null) {
            last = loadHistory(jedis, link);
            // This server says who is on it: of what it kept, only the lines still mean something to the others.
            own.keepOnlyLines();
            lateBefore = 0;
            link.linked(false);
            return true;
        }
        if (gap != null) {
            log.warn("chat relay: {}; the servers say again who is on them", gap);
            link.resynchronised(gap);
        }
        link.linked(again);
        lateBefore = System.currentTimeMillis();
        catchingUp = true;
        countedGone = false;
        try {
            while (!closed.getAsBoolean()) {
                List<Map.Entry<String, List<StreamEntry>>> read = jedis.xread(XReadParams.xReadParams()
                        .count(READ_COUNT), Map.of(key, position()));
                if (read == null || read.isEmpty() || read.get(0).getValue().isEmpty()) {
                    break;
                }
                apply(read);
            }
        } finally {
            catchingUp = false;
        }
        log.info("chat relay: caught up with the shared log after the outage");
        boolean fresh = gap != null || countedGone;
        if (fresh) {
            own.keepOnlyLines();
        }
        return fresh;
    }

    /**
     * The others counted this server gone: true when that is noted for the catching up in progress, which then
     * has this server say who is on it; false when it is to say so now.
     */
    boolean goneWhileCatchingUp() {
        if (catchingUp) {
            countedGone = true;
        }
        return catchingUp;
    }

    /** Hands on entries read, in order, and moves the place past them. */
    void apply(List<Map.Entry<String, List<StreamEntry>>> read) {
        if (read == null) {
            return;
        }
        for (Map.Entry<String, List<StreamEntry>> entries : read) {
            for (StreamEntry raw : entries.getValue()) {
                last = raw.getID();
                boolean late = lateBefore > 0 && raw.getID().getTime() < lateBefore;
                Entry entry = stream.decode(raw, late, late);
                if (entry != null) {
                    take.accept(entry);
                }
            }
        }
    }

    /**
     * Reads the stream's newest entries for the lines said in the rooms, kept as their history; returns the
     * newest entry's id (where reading goes on).
     */
    private StreamEntryID loadHistory(Jedis jedis, ChatLog.Link link) {
        List<StreamEntry> newest = stream.newest(jedis);
        if (newest.isEmpty()) {
            return new StreamEntryID(0, 0);
        }
        for (int i = newest.size() - 1; i >= 0; i--) {
            Entry entry = stream.decode(newest.get(i), false, true);
            if (entry != null && entry.event() instanceof ChatEvent.Said) {
                link.remember(entry);
            }
        }
        return newest.get(0).getID();
    }
}
