package org.tcpkit.chat;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.tcpkit.log.Repeats;
import org.tcpkit.net.Connection;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.LogText;

/**
 * One member's outbound queue and the thread that drains it to the socket. Enqueuing never blocks and never
 * touches the socket: a line is pushed onto a lock-free stack (one compare-and-set, no lock that a preempted
 * thread could hold), and the writer takes the whole stack at once, puts it back in order and writes it.
 * Fanning a line out to a room costs one push per member; the writer pays once per batch, not per line.
 *
 * <p>Wake-ups: a line for an idle writer wakes it; after each write the writer lingers ({@link #LINGER_NANOS})
 * while lines gather, and lines queued meanwhile wake nobody. A writer woken again soon after it went idle
 * lingers twice as long next time, up to {@link #MOST_LINGER_NANOS}, and back to the start after a quiet spell.
 * Under load a member then costs one wake-up and one system call per linger, whatever the number of lines,
 * instead of one per line, and whoever delivers (a sender, or the relay's one reader) seldom pays for a
 * wake-up; an idle member's first line goes out at once.
 *
 * <p>Who is dropped: a member that stopped reading, not one the server is slow to serve. When more than
 * {@link #LIMIT_BYTES} wait and its socket has refused bytes for {@link #STALL_NANOS} (a write blocked that
 * long), {@link #offer} refuses and the room drops it, as IRC does with its sendq. A member that keeps reading
 * while the server falls behind keeps its lines, up to {@link #MOST_BYTES}, the bound on memory; the overload
 * shows in the log. An idle member's outbox keeps at most a 4 KiB buffer.
 */
public final class Outbox {
    /** Bytes that may wait for a client that has stopped reading before it is dropped as too slow. */
    public static final long LIMIT_BYTES = 256 * 1024;
    /** Bytes that may wait for any client, however it reads: the bound on the memory one member takes. */
    public static final long MOST_BYTES = 4 * 1024 * 1024;
    /** How long a write may be blocked, its client reading nothing, before the client counts as stopped. */
    public static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The socket send buffer asked of the kernel for each member. */
    public static final int SEND_BUFFER = 64 * 1024;
    /** How long a writer waits after a write for more lines to send with the next one, at first. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** The longest it waits: lines that keep waking it as soon as it sleeps double its wait up to this. */
    static final long MOST_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(16);
    /** The most written in one system call. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** The first buffer a writer gathers lines in. */
    private static final int MIN_BUFFER = 256;
    /** The largest buffer a writer keeps for the next lines once it has written it. */
    private static final int KEEP_BYTES = 64 * 1024;
    /** The largest buffer a writer keeps while its member gets nothing. */
    private static final int IDLE_KEEP_BYTES = 4096;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] CLOSE = new byte[0];

    private final Connection connection;
    private final Logger log;
    /** Where overloads are logged, one line per window for all the outboxes of a door. */
    private final Repeats repeats;
    private final Thread writer;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The lines queued since the writer last took them, newest first; null when none. */
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    /** How many bytes the writer took and has not finished writing. */
    private volatile int writing;
    /** Whether the writer sleeps until a line comes; whoever clears it wakes the writer. */
    private volatile boolean idle;
    private volatile String overflow;
    private volatile String overflowDetail;
    /** Whether more than {@link #LIMIT_BYTES} waited for this member since the writer last caught up. */
    private volatile boolean behind;

    /** One queued line, the one queued before it, and the bytes of all of them together. */
    private record Pending(byte[] line, Pending previous, long bytes) {
    }

    private Outbox(Connection connection, ThreadFactory threads, Logger log, Repeats repeats) {
        this.connection = connection;
        this.log = log;
        this.repeats = repeats;
        this.writer = threads.newThread(this::drain);
    }

    /**
     * The outbox of a newly connected member, its writer started; null, and one (summarized) log line, when
     * no thread can be started (a task limit reached): that one person is refused, nothing else changes.
     * The socket gets a modest send buffer, so a client that stops reading shows as a blocked write within
     * {@link #SEND_BUFFER} bytes rather than after megabytes of autotuned buffer.
     */
    public static Outbox open(Connection connection, ThreadFactory threads, Logger log, Repeats repeats)
            throws IOException {
        connection.socket().setSendBufferSize(SEND_BUFFER);
        Outbox outbox = new Outbox(connection, threads, log, repeats);
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

    /**
     * Queues one line; false (and nothing queued) when the client is to be dropped: it stopped reading with
     * more than {@link #LIMIT_BYTES} waiting, or more than {@link #MOST_BYTES} wait ({@link #overflow()} says
     * which).
     */
    public boolean offer(byte[] line) {
        if (overflow != null) {
            return false;
        }
        Pending top;
        Pending pushed;
        do {
            top = pending.get();
            long queued = (top == null ? 0 : top.bytes) + line.length;
            long waiting = queued + writing;
            if (waiting > LIMIT_BYTES && refuses(waiting)) {
                return false;
            }
            pushed = new Pending(line, top, queued);
        } while (!pending.compareAndSet(top, pushed));
        if (idle) {
            idle = false;
            LockSupport.unpark(writer);
        }
        return true;
    }

    /** With more than {@link #LIMIT_BYTES} waiting: whether to refuse the line and drop the member. */
    private boolean refuses(long waiting) {
        String why = null;
        long blocked = connection.writeBlockedNanos(System.nanoTime());
        if (blocked > STALL_NANOS) {
            why = "dropped as too slow";
            overflowDetail = "it took nothing for " + blocked / 1_000_000 + " ms, with " + waiting / 1024
                    + " KiB waiting";
        } else if (waiting > MOST_BYTES) {
            why = "dropped as too far behind";
            overflowDetail = "more than " + MOST_BYTES / (1024 * 1024) + " MiB waited for it, though it reads";
        } else if (!behind) {
            behind = true;
            overloaded(waiting);
        }
        if (why != null) {
            overflow = why;
            return true;
        }
        return false;
    }

    /** Why {@link #offer} refused, for the others ({@code dropped as too slow}), or null while it accepts. */
    public String overflow() {
        return overflow;
    }

    /** Why {@link #offer} refused, in figures, for the log; null while it accepts. */
    public String overflowDetail() {
        return overflowDetail;
    }

    /** Lets the writer send what is queued, then stops it; waits up to {@code millis} for that. */
    public void finish(long millis) {
        if (!writer.isAlive()) {
            return;
        }
        Pending top;
        do {
            top = pending.get();
        } while (!pending.compareAndSet(top, new Pending(CLOSE, top, top == null ? 0 : top.bytes)));
        idle = false;
        LockSupport.unpark(writer);
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

    /**
     * The writer: takes every queued line at once and writes them in order, at most {@link #BATCH_BYTES} per
     * system call, so a blocked write always means a client that took nothing for that long.
     */
    private void drain() {
        // Every writer lingers: a platform thread's wake-up is a system call, and a virtual thread's, though
        // cheaper, still costs a write per line when lines come faster than it is scheduled (with chatload at
        // 6,000 lines a second on Java 25, lingering virtual writers kept p99 at 0.2-0.6 s, against 1.4-5.3 s).
        long lingerNanos = LINGER_NANOS;
        byte[] batch = EMPTY;
        try {
            while (!Thread.interrupted()) {
                Pending taken = pending.getAndSet(null);
                if (taken == null) {
                    if (batch.length > IDLE_KEEP_BYTES) {
                        batch = EMPTY;
                    }
                    long idled = awaitLine();
                    lingerNanos = idled < 2 * lingerNanos ? Math.min(2 * lingerNanos, MOST_LINGER_NANOS)
                            : LINGER_NANOS;
                    continue;
                }
                int size = (int) taken.bytes;
                writing = size;
                if (batch.length < size) {
                    batch = new byte[Math.max(size, Math.min(KEEP_BYTES, Math.max(MIN_BUFFER, 2 * batch.length)))];
                }
                // One pass, newest first: each line goes below the one after it, so the batch ends up in order.
                // Lines queued after a close are laid out above it, and not sent.
                int at = size;
                boolean close = false;
                for (Pending p = taken; p != null; p = p.previous) {
                    if (p.line == CLOSE) {
                        if (!close) {
                            close = true;
                            size = at;
                        }
                        continue;
                    }
                    at -= p.line.length;
                    System.arraycopy(p.line, 0, batch, at, p.line.length);
                }
                for (int offset = 0; offset < size; offset += BATCH_BYTES) {
                    connection.write(batch, offset, Math.min(BATCH_BYTES, size - offset));
                }
                writing = 0;
                if (close) {
                    return;
                }
                Pending next = pending.get();
                if (behind && (next == null ? 0 : next.bytes) < LIMIT_BYTES / 2) {
                    behind = false;
                }
                if (batch.length > KEEP_BYTES) {
                    batch = EMPTY;
                }
                if (next == null) {
                    LockSupport.parkNanos(this, lingerNanos);
                }
            }
        } catch (IOException e) {
            // The connection broke; the reading side sees it too and ends the session.
            connection.abort();
        } catch (RuntimeException e) {
            log.error("chat writer for {} failed: {}", connection.peer(), LogText.escape(e.toString()));
            log.debug("the failure's stack trace", e);
            connection.closeFor(DisconnectReason.ERROR);
        }
    }

    /**
     * Nothing to send: says so, and sleeps until a line comes (or the thread is interrupted); returns how long
     * it slept.
     */
    private long awaitLine() {
        long from = System.nanoTime();
        idle = true;
        // A line pushed before the flag was seen would wake nobody: look once more after raising it.
        while (idle && pending.get() == null && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(this);
        }
        idle = false;
        return System.nanoTime() - from;
    }

    /**
     * A member still reading has more than {@link #LIMIT_BYTES} waiting (once until its writer catches up): the
     * server is behind; logged, and summarized when it happens again and again.
     */
    private void overloaded(long waiting) {
        repeats.log(org.slf4j.event.Level.WARN, "chat overload: the server is behind",
                "chat overload: the server is behind: {} KiB wait for {}, which still reads; its lines are kept, "
                        + "up to {} MiB", waiting / 1024, connection.peer(), MOST_BYTES / (1024 * 1024));
    }
}
