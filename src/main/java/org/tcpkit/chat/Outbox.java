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
 * One member's outbound lines and the thread that writes them to its socket. Two sources feed it: the rooms it
 * is in, whose lines it reads from each room's {@link Feed} (appended once for everyone), and the lines for
 * this member alone (replies, notices, private messages), pushed onto a lock-free stack (one compare-and-set,
 * no lock that a preempted thread could hold). Each line of its own carries where each room's feed stood when
 * it was queued, so the writer sends the room lines said before it first: a member sees its own joins, parts
 * and replies in their place among the room's lines.
 *
 * <p>Wake-ups: a line for an idle writer wakes it; after each write the writer lingers ({@link #LINGER_NANOS})
 * while lines gather, and lines queued meanwhile wake nobody. A writer woken again soon after it went idle
 * lingers twice as long next time, up to {@link #MOST_LINGER_NANOS}, and back to the start after a quiet spell.
 * Under load a member then costs one wake-up and one system call per linger, whatever the number of lines,
 * instead of one per line, and whoever delivers (a sender, or the relay's one reader) seldom pays for a
 * wake-up; an idle member's first line goes out at once.
 *
 * <p>Who is dropped ({@link Overflow}): a member that stopped reading, not one the server is slow to serve. When
 * more than {@link #LIMIT_BYTES} wait and its socket has refused bytes for the stall time ({@link ChatLimits#STALL}:
 * a write blocked that long), the member is refused and the room drops it, as IRC does with its sendq. A member
 * that keeps reading while the server falls behind keeps its lines, up to {@link #MOST_BYTES}, the bound on
 * memory; the overload shows in the log. An idle member's outbox keeps at most a 4 KiB buffer.
 */
public final class Outbox {
    /** Bytes that may wait for a client that has stopped reading before it is dropped as too slow. */
    public static final long LIMIT_BYTES = 256 * 1024;
    /** Bytes that may wait for any client, however it reads: the bound on the memory one member takes. */
    public static final long MOST_BYTES = 4 * 1024 * 1024;
    /** The socket send buffer asked of the kernel for each member. */
    public static final int SEND_BUFFER = 64 * 1024;
    /** How long a writer waits after a write for more lines to send with the next one, at first. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** The longest it waits: lines that keep waking it as soon as it sleeps double its wait up to this. */
    static final long MOST_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(16);
    /** The most written in one system call. */
    private static final int WRITE_BYTES = 64 * 1024;
    /**
     * The most of the rooms' lines taken in one pass, beyond those that must precede the member's own: a member
     * behind takes its lines in passes of this, so its buffer, kept from pass to pass, need not grow larger.
     */
    private static final int PASS_BYTES = 64 * 1024;
    /**
     * The largest buffer a writer keeps for the next lines once it has written it (a member 200 ms behind at
     * 6,000 lines a second had 100 KiB to take: a buffer made for each pass had been most of the allocation).
     */
    private static final int KEEP_BYTES = PASS_BYTES + 4096;
    /** The largest buffer a writer keeps while its member gets nothing... */
    private static final int IDLE_KEEP_BYTES = 4096;
    /** ...for this long: a writer that sleeps between bursts keeps its buffer. */
    private static final long RELEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final byte[] CLOSE = new byte[0];
    private static final Feed.Cursor[] NO_CURSORS = new Feed.Cursor[0];
    private static final long[] NO_MARKS = new long[0];

    private final Connection connection;
    private final Logger log;
    private final Thread writer;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The lines for this member alone queued since the writer last took them, newest first; null when none. */
    private final AtomicReference<Pending> pending = new AtomicReference<>();
    /** Where it reads the lines of the rooms it is in (and of rooms it left, until it has what was said there). */
    private final AtomicReference<Feed.Cursor[]> cursors = new AtomicReference<>(NO_CURSORS);
    /** How many bytes the writer took and has not finished writing. */
    private volatile int writing;
    /** Whether the writer sleeps until a line comes; whoever clears it wakes the writer. */
    private volatile boolean idle;
    /** Whether and why the member is dropped, or the server is behind it. */
    private final Overflow overflow;
    // The writer's own state, touched by its thread only.
    // Every writer lingers: a platform thread's wake-up is a system call, and a virtual thread's, though cheaper,
    // still costs a write per line when lines come faster than it is scheduled (with chatload at 6,000 lines a
    // second on Java 25, lingering virtual writers kept p99 at 0.2-0.6 s, against 1.4-5.3 s).
    private long lingerNanos = LINGER_NANOS;
    private final Batch batch = new Batch();
    /** The lines taken from the stack, put back in the order they were queued. */
    private Pending[] order = new Pending[0];
    /** Where each feed ended when the writer last looked (an array kept from pass to pass). */
    private long[] ends = NO_MARKS;

    /**
     * One line for this member alone, the one queued before it, the bytes and lines of all of them together,
     * and where each feed the member reads stood when it was queued ({@code marks[i]} for {@code at[i]}).
     */
    private record Pending(byte[] line, Pending previous, long bytes, int count, Feed.Cursor[] at, long[] marks) {
    }

    private Outbox(Connection connection, ThreadFactory threads, Logger log, Repeats repeats, long stallNanos) {
        this.connection = connection;
        this.log = log;
        this.overflow = new Overflow(connection, repeats, stallNanos);
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
        return open(connection, threads, log, repeats, ChatLimits.STALL);
    }

    /**
     * {@link #open(Connection, ThreadFactory, Logger, Repeats)}, the member counting as stopped once its socket
     * took nothing for {@code stall}.
     */
    public static Outbox open(Connection connection, ThreadFactory threads, Logger log, Repeats repeats,
                              java.time.Duration stall) throws IOException {
        connection.socket().setSendBufferSize(SEND_BUFFER);
        Outbox outbox = new Outbox(connection, threads, log, repeats, stall.toNanos());
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
     * Queues one line for this member alone, to follow every room line said so far; false (and nothing queued)
     * when the client is to be dropped: it stopped reading with more than {@link #LIMIT_BYTES} waiting, or more
     * than {@link #MOST_BYTES} wait ({@link #overflow()} says which).
     */
    public boolean offer(byte[] line) {
        if (overflow.why() != null) {
            return false;
        }
        Feed.Cursor[] at = cursors.get();
        long[] marks = marks(at);
        long backlog = 0;
        for (int i = 0; i < at.length; i++) {
            backlog += marks[i] - at[i].position();
        }
        Pending top;
        Pending pushed;
        do {
            top = pending.get();
            long queued = (top == null ? 0 : top.bytes) + line.length;
            long waiting = queued + backlog + writing;
            if (waiting > LIMIT_BYTES && overflow.refuses(waiting)) {
                return false;
            }
            pushed = new Pending(line, top, queued, top == null ? 1 : top.count + 1, at, marks);
        } while (!pending.compareAndSet(top, pushed));
        wake();
        return true;
    }

    /**
     * A line was appended to a feed this member reads, which now ends at {@code end}: wakes the writer if it
     * sleeps; false when the client is to be dropped (as {@link #offer}).
     */
    boolean fed(Feed.Cursor cursor, long end) {
        if (overflow.why() != null) {
            return false;
        }
        long waiting = end - cursor.position() + writing;
        if (waiting > LIMIT_BYTES) {
            Pending top = pending.get();
            if (overflow.refuses(waiting + (top == null ? 0 : top.bytes))) {
                return false;
            }
        }
        wake();
        return true;
    }

    private void wake() {
        if (idle) {
            idle = false;
            LockSupport.unpark(writer);
        }
    }

    /**
     * Reads a room's feed from {@code cursor} on (made under the room's write lock: lines queued from now on
     * follow the feed's lines said before them). Its writer lets it go once the member left and has every
     * line said before.
     */
    void read(Feed.Cursor cursor) {
        Feed.Cursor[] now;
        Feed.Cursor[] more;
        do {
            now = cursors.get();
            more = java.util.Arrays.copyOf(now, now.length + 1);
            more[now.length] = cursor;
        } while (!cursors.compareAndSet(now, more));
    }

    /** Why {@link #offer} refused, for the others ({@code dropped as too slow}), or null while it accepts. */
    public String overflow() {
        return overflow.why();
    }

    /** Why {@link #offer} refused, in figures, for the log; null while it accepts. */
    public String overflowDetail() {
        return overflow.detail();
    }

    /** Lets the writer send what is queued, then stops it; waits up to {@code millis} for that. */
    public void finish(long millis) {
        if (!writer.isAlive()) {
            return;
        }
        while (!offerClose()) {
            Thread.onSpinWait();
        }
        idle = false;
        LockSupport.unpark(writer);
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues the end: the writer sends what came before and stops; false when the stack changed meanwhile. */
    private boolean offerClose() {
        Feed.Cursor[] at = cursors.get();
        long[] marks = marks(at);
        Pending top = pending.get();
        return pending.compareAndSet(top, new Pending(CLOSE, top, top == null ? 0 : top.bytes,
                top == null ? 1 : top.count + 1, at, marks));
    }

    /** Where each feed read {@code at} ends now: a line queued now follows what was said there so far. */
    private static long[] marks(Feed.Cursor[] at) {
        long[] marks = at.length == 0 ? NO_MARKS : new long[at.length];
        for (int i = 0; i < at.length; i++) {
            marks[i] = at[i].feed.position();
        }
        return marks;
    }

    /** Stops the writer at once, dropping what is queued. */
    public void abort() {
        writer.interrupt();
    }

    /**
     * The writer: takes every line queued for the member alone at once and, in order, the room lines said
     * before each and the line itself, then the room lines said since; writes them at most {@link #WRITE_BYTES}
     * per system call, so a blocked write always means a client that took nothing for that long.
     */
    private void drain() {
        try {
            while (!Thread.interrupted() && pass()) {
                // Each pass is a method of its own: a loop this long-lived, written inline, runs interpreted after
                // every deoptimization until the JIT compiles it again on the stack (measured on Java 25: 15% of
                // the chat server's CPU in the interpreter under chatload), while a method is simply called again.
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
     * One pass of the writer: sleeps while nothing waits; else takes what waits, writes it, and lingers if
     * nothing more came meanwhile. False once the outbox is closed.
     */
    private boolean pass() throws IOException {
        // Where the feeds end before the member's own lines are taken: a line of its own queued after that
        // taking (left for the next pass) came after these room lines, not after any said while this pass copies.
        Feed.Cursor[] reading = cursors.get();
        long[] upTo = feedEnds(reading);
        Pending taken = pending.getAndSet(null);
        if (taken == null && !hasLines(reading)) {
            long idled = awaitLine();
            lingerNanos = idled < 2 * lingerNanos ? Math.min(2 * lingerNanos, MOST_LINGER_NANOS) : LINGER_NANOS;
            return true;
        }
        long queued = taken == null ? 0 : taken.bytes;
        long backlog = backlog(reading, upTo);
        // The member's own lines taken off the stack count as waiting from now on, or a sender could queue without
        // bound while they are copied; room lines count as waiting by their cursor until it moves past them.
        writing = (int) Math.min(Integer.MAX_VALUE, queued);
        // Room for all of it at once: a buffer grown line by line would be copied again and again.
        batch.reserve(queued + Math.min(PASS_BYTES, backlog));
        boolean close = taken != null && takeQueued(taken);
        writing = batch.size();
        if (!close) {
            for (int i = 0; i < reading.length; i++) {
                reading[i].copy(upTo[i], batch, Math.max(0, PASS_BYTES - batch.size()));
                writing = batch.size();
            }
        }
        for (int offset = 0; offset < batch.size(); offset += WRITE_BYTES) {
            connection.write(batch.bytes(), offset, Math.min(WRITE_BYTES, batch.size() - offset));
        }
        writing = 0;
        if (close) {
            return false;
        }
        letGoOfDone(reading);
        Pending next = pending.get();
        Feed.Cursor[] now = cursors.get();
        if (overflow.behind() && (next == null ? 0 : next.bytes) + backlog(now, feedEnds(now)) < LIMIT_BYTES / 2) {
            overflow.caughtUp();
        }
        batch.clear(KEEP_BYTES);
        if (next == null && !hasLines(now)) {
            LockSupport.parkNanos(this, lingerNanos);
        }
        return true;
    }

    /**
     * Adds the lines queued for the member alone to the batch, oldest first, each after the room lines said
     * before it; true when the close is among them (nothing queued after it is taken).
     */
    private boolean takeQueued(Pending taken) {
        if (order.length < taken.count) {
            order = new Pending[Math.max(taken.count, 2 * order.length)];
        }
        int n = 0;
        for (Pending p = taken; p != null; p = p.previous) {
            order[taken.count - 1 - n++] = p;
        }
        boolean close = false;
        for (int i = 0; i < n && !close; i++) {
            Pending line = order[i];
            for (int c = 0; c < line.at.length; c++) {
                line.at[c].copy(line.marks[c], batch, Long.MAX_VALUE);
            }
            close = line.line == CLOSE;
            batch.add(line.line, 0, line.line.length);
        }
        java.util.Arrays.fill(order, 0, n, null);
        return close;
    }

    /** Where each feed in {@code reading} ends now, in an array the writer keeps from pass to pass. */
    private long[] feedEnds(Feed.Cursor[] reading) {
        if (ends.length < reading.length) {
            ends = new long[reading.length];
        }
        for (int i = 0; i < reading.length; i++) {
            ends[i] = reading[i].feed.position();
        }
        return ends;
    }

    private static boolean hasLines(Feed.Cursor[] reading) {
        for (Feed.Cursor cursor : reading) {
            if (cursor.hasLines()) {
                return true;
            }
        }
        return false;
    }

    /** The room bytes not yet taken by the writer, up to where each feed ended ({@code ends}, by index). */
    private static long backlog(Feed.Cursor[] reading, long[] ends) {
        long bytes = 0;
        for (int i = 0; i < reading.length; i++) {
            bytes += Math.max(0, ends[i] - reading[i].position());
        }
        return bytes;
    }

    /** Forgets the feeds of rooms the member left, once it has every line said there before. */
    private void letGoOfDone(Feed.Cursor[] reading) {
        for (Feed.Cursor cursor : reading) {
            if (cursor.done()) {
                Feed.Cursor[] now;
                Feed.Cursor[] fewer;
                do {
                    now = cursors.get();
                    fewer = java.util.Arrays.stream(now).filter(c -> !c.done()).toArray(Feed.Cursor[]::new);
                } while (!cursors.compareAndSet(now, fewer));
                return;
            }
        }
    }

    /**
     * Nothing to send: says so, and sleeps until a line comes (or the thread is interrupted); returns how long
     * it slept. A large buffer is let go once the member has had nothing for {@link #RELEASE_NANOS}.
     */
    private long awaitLine() {
        long from = System.nanoTime();
        idle = true;
        // A line queued or appended before the flag was seen would wake nobody: look once more after raising it.
        while (idle && pending.get() == null && !hasLines(cursors.get()) && !Thread.currentThread().isInterrupted()) {
            if (batch.capacity() > IDLE_KEEP_BYTES) {
                LockSupport.parkNanos(this, RELEASE_NANOS);
                if (System.nanoTime() - from >= RELEASE_NANOS) {
                    batch.clear(IDLE_KEEP_BYTES);
                }
            } else {
                LockSupport.park(this);
            }
        }
        idle = false;
        return System.nanoTime() - from;
    }
}
