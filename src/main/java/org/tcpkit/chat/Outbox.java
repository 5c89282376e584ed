package org.tcpkit.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.tcpkit.net.Connection;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LogText;

/**
 * One member's outbound queue and the thread that drains it to the socket. Enqueuing never blocks and
 * never touches the socket; when more than {@link #LIMIT_BYTES} are waiting (a client that stopped reading),
 * {@link #offer} refuses and the room drops the member, as IRC does with its sendq. An idle member's outbox
 * holds no buffer: the writer's batch starts small and is let go again after a large burst.
 */
public final class Outbox {
    /** Bytes that may wait for one client before it is dropped as too slow. */
    public static final long LIMIT_BYTES = 256 * 1024;
    /** The socket send buffer asked of the kernel for each member. */
    public static final int SEND_BUFFER = 64 * 1024;
    /** The most written in one system call. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** A batch buffer larger than this is not kept between bursts. */
    private static final int KEPT_BATCH_BYTES = 4 * 1024;
    private static final byte[] CLOSE = new byte[0];

    private final Connection connection;
    private final Logger log;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final Thread writer;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean overflowed;

    public Outbox(Connection connection, ThreadFactory threads, Logger log) {
        this.connection = connection;
        this.log = log;
        this.writer = threads.newThread(this::drain);
    }

    /**
     * The outbox of a newly connected member, its writer started; null, and one (summarized) log line, when
     * no thread can be started (a task limit reached): that one person is refused, nothing else changes.
     * The socket gets a modest send buffer, so a client that stops reading shows as a full outbox within
     * {@link #SEND_BUFFER} + {@link #LIMIT_BYTES} rather than after megabytes of autotuned buffer.
     */
    public static Outbox open(Connection connection, ThreadFactory threads, Logger log, org.tcpkit.log.Repeats repeats)
            throws IOException {
        connection.socket().setSendBufferSize(SEND_BUFFER);
        Outbox outbox = new Outbox(connection, threads, log);
        if (outbox.start()) {
            return outbox;
        }
        repeats.log(org.slf4j.event.Level.WARN, "chat refused: no writer thread could be started",
                "chat refused: {}, no writer thread could be started for it", connection.peer());
        return null;
    }

    /**
     * Starts the writer thread; false when no thread can be started (a task limit reached), in which case the
     * member cannot be served.
     */
    public boolean start() {
        if (!started.compareAndSet(false, true)) {
            return true;
        }
        try {
            writer.start();
            return true;
        } catch (OutOfMemoryError | RuntimeException e) {
            return false;
        }
    }

    /** Queues one line; false (and nothing queued) when the client is already too far behind. */
    public boolean offer(byte[] line) {
        if (overflowed) {
            return false;
        }
        if (queued.addAndGet(line.length) > LIMIT_BYTES) {
            queued.addAndGet(-line.length);
            overflowed = true;
            return false;
        }
        queue.add(line);
        return true;
    }

    /** Lets the writer send what is queued, then stops it; waits up to {@code millis} for that. */
    public void finish(long millis) {
        if (!writer.isAlive()) {
            return;
        }
        queue.add(CLOSE);
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer at once, dropping what is queued. */
    public void abort() {
        writer.interrupt();
    }

    private void drain() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(256);
        try {
            while (true) {
                byte[] line = queue.poll(1, TimeUnit.HOURS);
                if (line == null) {
                    continue;
                }
                boolean close = line == CLOSE;
                if (!close) {
                    batch.write(line, 0, line.length);
                }
                byte[] more;
                while (batch.size() < BATCH_BYTES && (more = queue.poll()) != null) {
                    if (more == CLOSE) {
                        close = true;
                        break;
                    }
                    batch.write(more, 0, more.length);
                }
                int size = batch.size();
                if (size > 0) {
                    byte[] bytes = batch.toByteArray();
                    connection.write(bytes, 0, bytes.length);
                    queued.addAndGet(-bytes.length);
                }
                batch = size > KEPT_BATCH_BYTES ? new ByteArrayOutputStream(256) : reset(batch);
                if (close) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The connection broke; the reading side sees it too and ends the session.
            connection.abort();
        } catch (RuntimeException e) {
            log.error("chat writer for {} failed: {}", connection.peer(), LogText.escape(e.toString()));
            log.debug("the failure's stack trace", e);
            connection.closeFor(DisconnectReason.ERROR);
        }
    }

    private static ByteArrayOutputStream reset(ByteArrayOutputStream batch) {
        batch.reset();
        return batch;
    }
}
