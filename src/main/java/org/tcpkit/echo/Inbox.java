package org.tcpkit.echo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the server sends, read by a thread of its own into a bounded buffer. The program's main thread can
 * then wait for the user and still learn at once that the server closed the connection (the end is
 * reported to a listener), and a read can wait with a deadline without a socket timeout.
 */
final class Inbox {
    private static final int CAPACITY = 64 * 1024;

    private final InputStream source;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final byte[] buffer = new byte[CAPACITY];
    private int head;
    private int count;
    private boolean ended;
    private IOException failure;
    private volatile Runnable onEnd = () -> { };

    Inbox(InputStream source) {
        this.source = source;
    }

    /** Starts the reader thread. */
    void start(String name) {
        Thread reader = new Thread(this::fill, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code listener} on the reader thread when the server ends the connection (at once if it has). */
    void onEnd(Runnable listener) {
        lock.lock();
        try {
            onEnd = listener;
            if (!ended) {
                return;
            }
        } finally {
            lock.unlock();
        }
        listener.run();
    }

    /** Waits up to {@code nanos} for bytes or the end; true when there are bytes to read. */
    boolean await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (count == 0 && !ended && left > 0) {
                left = changed.awaitNanos(left);
            }
            return count > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Takes whatever has arrived, without waiting, as text. */
    String drainText() {
        lock.lock();
        try {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = buffer[(head + i) % CAPACITY];
            }
            head = (head + count) % CAPACITY;
            count = 0;
            changed.signalAll();
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /** The first bytes that have arrived, without taking them (at most {@code max}). */
    byte[] peek(int max) {
        lock.lock();
        try {
            byte[] bytes = new byte[Math.min(max, count)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = buffer[(head + i) % CAPACITY];
            }
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads up to {@code length} bytes, waiting at most {@code timeoutNanos} (0: as long as it takes).
     *
     * @return the count read, or -1 at the end of the stream
     * @throws SocketTimeoutException when nothing arrives in time
     */
    int read(byte[] bytes, int offset, int length, long timeoutNanos) throws IOException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (count == 0 && !ended) {
                if (timeoutNanos == 0) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                    changed.awaitNanos(left);
                }
            }
            if (count == 0) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int n = Math.min(length, Math.min(count, CAPACITY - head));
            System.arraycopy(buffer, head, bytes, offset, n);
            head = (head + n) % CAPACITY;
            count -= n;
            changed.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } finally {
            lock.unlock();
        }
    }

    private void fill() {
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                int n = source.read(chunk);
                if (n < 0) {
                    break;
                }
                put(chunk, n);
            }
            end(null);
        } catch (IOException e) {
            end(e);
        } catch (InterruptedException e) {
            end(new EOFException("interrupted"));
        }
    }

    private void put(byte[] chunk, int n) throws InterruptedException {
        int from = 0;
        lock.lock();
        try {
            while (from < n) {
                while (count == CAPACITY) {
                    changed.await();
                }
                int tail = (head + count) % CAPACITY;
                int room = Math.min(CAPACITY - count, CAPACITY - tail);
                int take = Math.min(room, n - from);
                System.arraycopy(chunk, from, buffer, tail, take);
                count += take;
                from += take;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void end(IOException cause) {
        Runnable listener;
        lock.lock();
        try {
            ended = true;
            failure = cause;
            changed.signalAll();
            listener = onEnd;
        } finally {
            lock.unlock();
        }
        listener.run();
    }
}
