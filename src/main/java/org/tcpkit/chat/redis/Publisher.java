package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.Map;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Nicks;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What this server appends to the shared log, written by one thread of its own, in order, many at a time on
 * one connection (a pipeline of {@code XADD}s, each trimming the stream to its bound), so that a member's line
 * never waits on Redis: a Redis that is slow, paused or gone holds up this thread only, and once a command
 * takes longer than the log's timeout the link counts as lost and every member's change is applied here. Each
 * entry is numbered and signed here, in the order it goes out, so the others can tell a replayed one. An entry
 * that lets go of a name (a member leaving or renaming) frees it just before, in the same pipeline: whoever reads
 * the entry finds the name free.
 */
final class Publisher {
    /** The field of a stream entry that holds the event. */
    static final String FIELD = "e";
    /** Events that may wait to go out; beyond them, an event is applied on this server alone. */
    static final int MAX_WAITING = 20_000;
    /** Events sent in one pipeline at most. */
    private static final int BATCH = 512;

    /** One entry on its way, from the link it was queued on ({@code epoch}). */
    private record Outgoing(long epoch, Entry entry) {
    }

    /** Put last in the queue by {@link #close}: the thread stops there. */
    private static final Outgoing STOP = new Outgoing(-1, null);

    private final RedisClient client;
    private final RedisSettings settings;
    private final List<String> freeing;
    private final String id;
    private final EventCodec codec;
    private final Consumer<JedisException> failed;
    private final ArrayBlockingQueue<Outgoing> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final Thread thread;
    private volatile long epoch;
    private volatile boolean closed;
    /** Set by {@link #close}: the thread sends what waits and stops, even if the queue is cleared meanwhile. */
    private volatile boolean stopping;
    private long number;

    /**
     * @param failed told when a publication fails: the link is to be counted lost
     */
    Publisher(RedisClient client, RedisSettings settings, String id, EventCodec codec,
              Consumer<JedisException> failed) {
        this.client = client;
        this.settings = settings;
        this.freeing = Keeper.freeing(id, settings);
        this.id = id;
        this.codec = codec;
        this.failed = failed;
        this.thread = new Thread(this::run, "chat-relay-publisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues one of this server's entries (number 0 for a note); false when too many wait. */
    boolean offer(Entry entry) {
        return !closed && waiting.offer(new Outgoing(epoch, entry));
    }

    /**
     * Drops what waits: the link was lost, and the log applies those events here instead (and sends them again
     * once linked, unless they made it). Whatever was queued before is never sent from the queue.
     */
    void reset() {
        epoch++;
        waiting.clear();
        if (stopping) {
            // A link lost while closing: the stop stays in the queue.
            waiting.offer(STOP);
        }
    }

    /** Sends what waits (for up to {@code millis}), then stops the thread. */
    void close(long millis) {
        if (closed) {
            return;
        }
        stopping = true;
        waiting.offer(STOP);
        try {
            thread.join(millis);
            closed = true;
            thread.interrupt();
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
    }

    /** Appends {@code entry} (a note) at once on the calling thread, once {@link #close} has stopped the thread. */
    void sendNow(Entry entry) {
        send(List.of(new Outgoing(epoch, entry)));
    }

    private void run() {
        List<Outgoing> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Outgoing first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, BATCH - 1);
                int stop = batch.indexOf(STOP);
                if (stop >= 0) {
                    send(batch.subList(0, stop));
                    return;
                }
                send(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (JedisException e) {
                failed.accept(e);
            } catch (RuntimeException e) {
                failed.accept(new JedisException("publishing failed: " + e, e));
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Outgoing> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long current = epoch;
        XAddParams trimmed = XAddParams.xAddParams().maxLen(settings.logEntries()).approximateTrimming();
        try (Pipeline pipeline = client.pipelined()) {
            for (Outgoing out : batch) {
                if (out.epoch() == current) {
                    Entry e = out.entry();
                    // One said while the link was down lets go of nothing: its name was let go of here then, and
                    // may be a newcomer's now.
                    String freed = e.late() ? null : Keeper.freedBy(e.event());
                    if (freed != null) {
                        pipeline.eval(Keeper.RELEASE, List.of(settings.nickKey(Nicks.fold(freed))), freeing);
                    }
                    pipeline.xadd(settings.log(), trimmed, Map.of(FIELD, codec.encode(new EventCodec.Envelope(id,
                            ++number, e.time(), e.seq(), e.event(), e.late()))));
                }
            }
            pipeline.sync();
        }
    }
}
