package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tcpkit.chat.ChatEvent;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What this server sends to the others, published by one thread of its own, in order, many at a time on one
 * connection (a pipeline), so that a member's line never waits on Redis: a Redis that is slow, paused or gone
 * holds up this thread only, and once a command takes longer than the relay's timeout the link counts as
 * lost and every member's change is applied here. Each message is numbered and signed here, in the order it
 * goes out, so the others can tell a replayed one.
 */
final class Publisher {
    /** Events that may wait to go out; beyond them, an event is applied on this server alone. */
    static final int MAX_WAITING = 20_000;
    /** Events sent in one pipeline at most. */
    private static final int BATCH = 512;

    /** One event on its way, from the link it was queued on ({@code epoch}). */
    private record Outgoing(long epoch, long seq, ChatEvent event) {
    }

    /** Put last in the queue by {@link #close}: the thread stops there. */
    private static final Outgoing STOP = new Outgoing(-1, 0, null);

    private final RedisClient client;
    private final String channel;
    private final String id;
    private final EventCodec codec;
    private final Consumer<JedisException> failed;
    private final ArrayBlockingQueue<Outgoing> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final Thread thread;
    private volatile long epoch;
    private volatile boolean closed;
    private long number;

    /**
     * @param failed told when a publication fails: the link is to be counted lost
     */
    Publisher(RedisClient client, String channel, String id, EventCodec codec, Consumer<JedisException> failed) {
        this.client = client;
        this.channel = channel;
        this.id = id;
        this.codec = codec;
        this.failed = failed;
        this.thread = new Thread(this::run, "chat-relay-publisher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code event} (this server's number {@code seq}, 0 for a note); false when too many wait. */
    boolean offer(long seq, ChatEvent event) {
        return !closed && waiting.offer(new Outgoing(epoch, seq, event));
    }

    /**
     * Drops what waits: the link was lost, and the chat applies those events here instead. Whatever was queued
     * before is never sent, even on the next link.
     */
    void reset() {
        epoch++;
        waiting.clear();
    }

    /** Sends what waits (for up to {@code millis}), then stops the thread. */
    void close(long millis) {
        if (closed) {
            return;
        }
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

    /** Publishes {@code event} (a note) at once on the calling thread, once {@link #close} has stopped the thread. */
    void sendNow(ChatEvent event) {
        send(List.of(new Outgoing(epoch, 0, event)));
    }

    private void run() {
        List<Outgoing> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                Outgoing first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
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
        long now = System.currentTimeMillis();
        long current = epoch;
        try (Pipeline pipeline = client.pipelined()) {
            for (Outgoing out : batch) {
                if (out.epoch() == current) {
                    pipeline.publish(channel, codec.encode(new EventCodec.Envelope(id, ++number, now, out.seq(),
                            out.event())));
                }
            }
            pipeline.sync();
        }
    }
}
