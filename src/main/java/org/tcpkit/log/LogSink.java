package org.tcpkit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The byte sink behind the event log: stamps every line with the local time, appends it to a file through a
 * buffer that a background thread flushes every few hundred milliseconds, and optionally copies every byte
 * to the terminal's standard error.
 *
 * <p>slf4j-simple ends every event with a {@code flush()}; forwarding that to the file would cost one
 * system call per event under slf4j-simple's global lock, so {@link #flush()} here only leaves the bytes for
 * the flusher. The time stamp is written here rather than by slf4j-simple, whose {@code SimpleDateFormat}
 * runs under a lock of its own and was the largest part of the cost of an event; here the date and time down
 * to the second are formatted once a second and only the milliseconds per line.
 * {@link #close()} and {@link #sync()} write everything out.
 */
final class LogSink extends OutputStream {
    /** How often buffered events reach the file, at the latest. */
    static final long FLUSH_INTERVAL_MILLIS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.");

    private final OutputStream file;
    private final OutputStream mirror;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final LongSupplier clock;
    private final ZoneId zone;
    private final byte[] stamp = new byte[24];
    private long stampSecond = Long.MIN_VALUE;
    private int count;
    private boolean atLineStart = true;
    private boolean closed;

    /**
     * @param file   the log file's stream, owned and closed by this sink
     * @param mirror a stream that receives a copy of every byte, or null; not closed by this sink
     */
    LogSink(OutputStream file, OutputStream mirror) {
        this(file, mirror, System::currentTimeMillis, ZoneId.systemDefault());
    }

    LogSink(OutputStream file, OutputStream mirror, LongSupplier clock, ZoneId zone) {
        this.file = file;
        this.mirror = mirror;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            int end = offset + length;
            int from = offset;
            while (from < end) {
                if (atLineStart) {
                    emit(timeStamp(), 0, stamp.length);
                    atLineStart = false;
                }
                int to = from;
                while (to < end && bytes[to] != '\n') {
                    to++;
                }
                if (to < end) {
                    to++;
                    atLineStart = true;
                }
                emit(bytes, from, to - from);
                from = to;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deliberately cheap: the periodic flusher and {@link #sync()} move the bytes to the file. */
    @Override
    public void flush() {
        // The flusher thread writes the buffer out within FLUSH_INTERVAL_MILLIS.
    }
    /** Writes every buffered byte to the file now. */
    void sync() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                drain();
                file.flush();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            drain();
            closed = true;
            file.close();
        } finally {
            lock.unlock();
        }
    }

    private void emit(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - count) {
            drain();
        }
        if (length >= buffer.length) {
            file.write(bytes, offset, length);
        } else {
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }
        if (mirror != null) {
            mirror.write(bytes, offset, length);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS } for now: the part down to the second is formatted once a second. */
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
        int milli = (int) Math.floorMod(millis, 1000);
        stamp[20] = (byte) ('0' + milli / 100);
        stamp[21] = (byte) ('0' + milli / 10 % 10);
        stamp[22] = (byte) ('0' + milli % 10);
        return stamp;
    }

    private void drain() throws IOException {
        if (count > 0) {
            file.write(buffer, 0, count);
            count = 0;
        }
    }
}
