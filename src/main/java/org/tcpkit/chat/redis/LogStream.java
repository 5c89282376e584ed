package org.tcpkit.chat.redis;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Entry;
import org.tcpkit.net.LogText;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The shared log's stream as a reader sees it: its epoch (a new one means Redis lost what it held), whether it
 * was trimmed past a place, its newest entries, and each entry turned into an {@link Entry} this server
 * believes ({@link Intake}), or counted and logged when it does not.
 */
final class LogStream {
    /** Entries read back, at start, for the rooms' recent lines. */
    static final int HISTORY_READ = 10_000;

    private final RedisSettings settings;
    private final EventCodec codec;
    private final Intake intake;
    private final Logger log;
    private final AtomicLong badMessages = new AtomicLong();

    LogStream(RedisSettings settings, EventCodec codec, Intake intake, Logger log) {
        this.settings = settings;
        this.codec = codec;
        this.intake = intake;
        this.log = log;
    }

    /** The log's epoch, made when there is none (the first server, or Redis restarted empty). */
    String epoch(Jedis jedis) {
        String made = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        jedis.set(settings.epoch(), made, redis.clients.jedis.params.SetParams.setParams().nx());
        return jedis.get(settings.epoch());
    }

    /**
     * Whether the stream may have dropped entries after {@code from} that this server never read: it was trimmed
     * (or deleted) and the entry this server read last is no longer in it while newer ones were added. Trimming
     * goes by whole nodes, so this errs on the side of a resynchronisation, never of a silent loss.
     */
    boolean trimmedPast(Jedis jedis, StreamEntryID from) {
        redis.clients.jedis.resps.StreamInfo info;
        try {
            info = jedis.xinfoStream(settings.log());
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            // No stream, though this server read entries from it: it was deleted.
            return from.compareTo(new StreamEntryID(0, 0)) > 0;
        }
        Map<String, Object> fields = info.getStreamInfo();
        Object added = fields.get("entries-added");
        if (added != null && added.toString().equals(String.valueOf(info.getLength()))) {
            return false;
        }
        List<StreamEntry> at = jedis.xrange(settings.log(), from, (StreamEntryID) null, 1);
        if (!at.isEmpty() && at.get(0).getID().equals(from)) {
            return false;
        }
        StreamEntryID newest = info.getLastGeneratedId();
        return newest != null && newest.compareTo(from) > 0;
    }

    /** The stream's newest entries, newest first, at most {@link #HISTORY_READ}. */
    List<StreamEntry> newest(Jedis jedis) {
        return jedis.xrevrange(settings.log(), (StreamEntryID) null, (StreamEntryID) null, HISTORY_READ);
    }

    /**
     * One entry as this server believes it, or null (counted and logged) when it does not.
     *
     * @param late whether it reaches this server late (it was added while this server could not read)
     * @param past whether it is read from the past (catching up, or the rooms' history): checked for what the
     *             stream said then, not for how things are now
     */
    Entry decode(StreamEntry raw, boolean late, boolean past) {
        String message = raw.getFields().get(Publisher.FIELD);
        if (message == null) {
            ignored("an entry with no event");
            return null;
        }
        EventCodec.Envelope envelope;
        try {
            envelope = codec.decode(message);
        } catch (IllegalArgumentException e) {
            ignored(e.getMessage());
            return null;
        }
        StringBuilder why = new StringBuilder();
        ChatEvent event = intake.admit(envelope, raw.getID().getTime(), past, why);
        if (event == null) {
            ignored(why.toString());
            return null;
        }
        return new Entry(envelope.from() + "-" + envelope.seq(), envelope.at(), envelope.from(), envelope.seq(), event,
                late || envelope.late());
    }

    private void ignored(String why) {
        long bad = badMessages.incrementAndGet();
        if (bad <= 10 || Long.bitCount(bad) == 1) {
            log.warn("chat relay: ignored an entry of {} ({} so far): {}", settings.log(), bad, LogText.escape(why));
        }
    }
}
