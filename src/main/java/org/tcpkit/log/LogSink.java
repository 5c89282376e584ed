package org.tcpkit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The byte sink behind the event log: appends to a file through a buffer that a background thread flushes
 * every few hundred milliseconds, and optionally copies every byte to the terminal's standard error.
 *
 * <p>slf4j-simple ends every event with a {@code flush()}; forwarding that to the file would cost one
 * system call per event under slf4j-simple's global lock, so {@link #flush()} here only wakes the flusher.
 * {@link #close()} and {@link #sync()} write everything out.
 */
final class LogSink extends OutputStream {
    /** How often buffered events reach the file, at the latest. */
    static final long FLUSH_INTERVAL_MILLIS = 200;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream file;
    private final OutputStream mirror;
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int count;
    private boolean closed;

    /**
     * @param file   the log file's stream, owned and closed by this sink
     * @param mirror a stream that receives a copy of every byte, or null; not closed by this sink
     */
    LogSink(OutputStream file, OutputStream mirror) {
        this.file = file;
        this.mirror = mirror;
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

    private void drain() throws IOException {
        if (count > 0) {
            file.write(buffer, 0, count);
            count = 0;
        }
    }
}
