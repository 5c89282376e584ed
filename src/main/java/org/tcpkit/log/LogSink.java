package org.tcpkit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The byte sink behind the event log. A thread that logs only stamps the line with the local time and copies
 * it into a memory buffer; a flusher thread ({@link #runFlusher()}) takes the buffer's whole lines every few
 * hundred milliseconds, or at once when it is half full, and writes them to the {@link LogFile} (and the
 * terminal with {@code -v}) outside the lock. So a slow or full disk never stalls a connection thread: when
 * the buffer is full, further events are dropped and counted, and so are the lines of a write that failed.
 * Once writing works again, one line says how many events were lost and why, ahead of the next events.
 *
 * <p>Every line is also made safe here, whatever its source: control bytes other than tab (a CR or an ESC
 * that slipped through) are written as {@code \xNN}, and a line is cut at {@link #MAX_LINE} bytes.
 *
 * <p>slf4j-simple ends every event with a {@code flush()}; here that does nothing. The time stamp is written
 * here rather than by slf4j-simple, whose {@code SimpleDateFormat} runs under a lock of its own and was the
 * largest part of the cost of an event; the date and time down to the second are formatted once a second.
 */
final class LogSink extends OutputStream {
    /** How often buffered events reach the file, at the latest. */
    static final long FLUSH_INTERVAL_MILLIS = 200;
    /** The memory buffer events are copied into; a second one is being written meanwhile. */
    static final int BUFFER_BYTES = 1024 * 1024;
    /** The longest line written; the rest of a longer line is replaced by an ellipsis. */
    static final int MAX_LINE = 16 * 1024;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.");
    private static final DateTimeFormatter MILLI = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CUT = "\u2026".getBytes(StandardCharsets.UTF_8);

    private final LogFile file;
    private final OutputStream mirror;
    private final LongSupplier clock;
    private final ZoneId zone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition halfFull = lock.newCondition();
    /** Held while a buffer is written out, so buffers are swapped and written one at a time, in order. */
    private final Object io = new Object();
    /**
     * The start of each line: {@code yyyy-MM-dd HH:mm:ss.SSS [PID] }, the process id telling apart the lines of
     * two programs that share one file (two servers started in one folder, say).
     */
    private final byte[] stamp;
    private byte[] front = new byte[BUFFER_BYTES];
    private byte[] back = new byte[BUFFER_BYTES];
    private int count;
    private long stampSecond = Long.MIN_VALUE;
    private boolean atLineStart = true;
    private boolean droppingLine;
    private boolean lineCut;
    private int lineLength;
    private boolean closed;
    /** Events dropped because the buffer was full (under {@code lock}). */
    private long overflowed;
    /** Events lost because writing failed, and why (under {@code io}). */
    private long failed;
    private String failure;

    /**
     * @param file   the log file, owned and closed by this sink; null for none
     * @param mirror a stream that receives a copy of every line, or null; not closed by this sink
     */
    LogSink(LogFile file, OutputStream mirror) {
        this(file, mirror, System::currentTimeMillis, ZoneId.systemDefault());
    }

    LogSink(LogFile file, OutputStream mirror, LongSupplier clock, ZoneId zone) {
        byte[] process = ("[" + ProcessHandle.current().pid() + "] ").getBytes(StandardCharsets.US_ASCII);
        this.stamp = java.util.Arrays.copyOf(new byte[24], 24 + process.length);
        System.arraycopy(process, 0, stamp, 24, process.length);
        this.file = file;
        this.mirror = mirror;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                byte b = bytes[i];
                if (atLineStart) {
                    startLine();
                }
                if (b == '\n') {
                    endLine();
                } else if (!droppingLine) {
                    if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                        put(new byte[] {'\\', 'x', HEX[(b >> 4) & 0xf], HEX[b & 0xf]}, 4);
                    } else {
                        put(b);
                    }
                }
            }
            if (count > BUFFER_BYTES / 2) {
                halfFull.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deliberately cheap: the flusher moves the bytes to the file. */
    @Override
    public void flush() {
        // The flusher thread writes the buffer out within FLUSH_INTERVAL_MILLIS.
    }

    /** Writes out, until {@link #close()}, what was logged: every interval, or when the buffer is half full. */
    void runFlusher() {
        while (true) {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (count <= BUFFER_BYTES / 2) {
                    halfFull.await(FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            writeOut(false);
        }
    }

    /** Writes every whole line logged so far to the file now. */
    void sync() {
        writeOut(false);
    }

    /** Writes out everything, a line in progress included, and closes the file; later events are dropped. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!atLineStart) {
                endLine();
            }
            closed = true;
            halfFull.signalAll();
        } finally {
            lock.unlock();
        }
        writeOut(true);
        if (file != null) {
            synchronized (io) {
                file.close();
            }
        }
    }

    /** How many events have been lost so far and not yet reported in the file. */
    long unreported() {
        synchronized (io) {
            lock.lock();
            try {
                return overflowed + failed;
            } finally {
                lock.unlock();
            }
        }
    }

    private void startLine() {
        atLineStart = false;
        lineLength = 0;
        lineCut = false;
        // Room for the longest line, or the line is dropped whole: never half an event.
        droppingLine = BUFFER_BYTES - count < MAX_LINE + stamp.length + CUT.length + 1;
        if (droppingLine) {
            overflowed++;
            halfFull.signal();
            return;
        }
        byte[] time = timeStamp();
        System.arraycopy(time, 0, front, count, time.length);
        count += time.length;
    }

    private void endLine() {
        if (atLineStart) {
            startLine();
        }
        if (!droppingLine) {
            if (lineCut) {
                System.arraycopy(CUT, 0, front, count, CUT.length);
                count += CUT.length;
            }
            front[count++] = '\n';
        }
        atLineStart = true;
        droppingLine = false;
    }

    private void put(byte b) {
        if (lineLength < MAX_LINE) {
            front[count++] = b;
            lineLength++;
        } else {
            lineCut = true;
        }
    }

    private void put(byte[] bytes, int length) {
        if (lineLength + length <= MAX_LINE) {
            System.arraycopy(bytes, 0, front, count, length);
            count += length;
            lineLength += length;
        } else {
            lineCut = true;
        }
    }

    /**
     * Swaps the buffers under the lock and writes the taken one outside it: whole lines only, unless
     * {@code everything}. A report of lost events goes first; when a write fails, its lines are counted.
     */
    private void writeOut(boolean everything) {
        synchronized (io) {
            byte[] taken;
            int length;
            long dropped;
            lock.lock();
            try {
                int whole = everything || atLineStart ? count : lastLineEnd(front, count);
                taken = front;
                length = whole;
                front = back;
                count -= whole;
                System.arraycopy(taken, whole, front, 0, count);
                back = taken;
                dropped = overflowed;
                overflowed = 0;
            } finally {
                lock.unlock();
            }
            if (dropped > 0) {
                failed += dropped;
                if (failure == null) {
                    failure = "events came faster than the log file could take them";
                }
            }
            if (failed > 0 && !report()) {
                failed += lines(taken, length);
                return;
            }
            write(taken, length);
        }
    }

    /** Writes the line that reports lost events; true when it was written (or there is no file). */
    private boolean report() {
        String time = LocalDateTime.ofInstant(Instant.ofEpochMilli(clock.getAsLong()), zone).format(MILLI);
        byte[] line = (time + " [" + ProcessHandle.current().pid() + "] WARN log - " + failed
                + " event(s) were not logged: " + failure + "\n").getBytes(StandardCharsets.UTF_8);
        if (file != null) {
            try {
                file.append(line, 0, line.length);
            } catch (IOException e) {
                return false;
            }
        }
        mirror(line, line.length);
        failed = 0;
        failure = null;
        return true;
    }

    private void write(byte[] bytes, int length) {
        if (length == 0) {
            return;
        }
        if (file != null) {
            try {
                file.append(bytes, 0, length);
            } catch (IOException e) {
                failed += lines(bytes, length);
                failure = "cannot write the log file (" + e.getMessage() + ")";
            }
        }
        mirror(bytes, length);
    }

    private void mirror(byte[] bytes, int length) {
        if (mirror != null) {
            try {
                mirror.write(bytes, 0, length);
                mirror.flush();
            } catch (IOException e) {
                // The terminal went away; the file still gets every event.
            }
        }
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss.SSS [PID] } for now: the part down to the second is formatted once a second.
     */
    private byte[] timeStamp() {
        long millis = clock.getAsLong();
        long second = Math.floorDiv(millis, 1000);
        if (second != stampSecond) {
            String text = LocalDateTime.ofInstant(Instant.ofEpochSecond(second), zone).format(SECOND);
            byte[] prefix = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, stamp, 0, 20);
            stamp[23] = ' ';
            stampSecond = second;
        }
        int milli = Math.floorMod(millis, 1000);
        stamp[20] = (byte) ('0' + milli / 100);
        stamp[21] = (byte) ('0' + milli / 10 % 10);
        stamp[22] = (byte) ('0' + milli % 10);
        return stamp;
    }

    private static int lastLineEnd(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static long lines(byte[] bytes, int length) {
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
