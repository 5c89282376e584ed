package org.tcpkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted client: its socket, its printable address, and why the server closed it, if it did.
 *
 * <p>Reads through {@link #input()} and writes through {@link #write} are timed, so the server's watchdog can
 * close a connection that has been idle, or blocked writing to a client that stopped reading, for too long.
 * The idle timeout is kept this way rather than with {@code SO_TIMEOUT}: a socket read with a timeout on a
 * platform thread costs a failed non-blocking read and a poll before each real read, three system calls
 * instead of one.
 */
public final class Connection implements AutoCloseable {
    private final Socket socket;
    private final String peer;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicReference<DisconnectReason> closedBy = new AtomicReference<>();
    private volatile long writingSinceNanos;
    private volatile long lastActivityNanos = System.nanoTime();

    Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.peer = Peers.format(socket.getRemoteSocketAddress());
        this.in = new ActivityInput(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** The client's address as {@code ip:port}. */
    public String peer() {
        return peer;
    }

    /** The underlying socket, for its addresses and options. */
    public Socket socket() {
        return socket;
    }

    /** The socket's input stream, unbuffered; every read that returns counts as activity. */
    public InputStream input() {
        return in;
    }

    /** Writes bytes to the client, marking the connection as writing until they are handed to the kernel. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        writingSinceNanos = System.nanoTime() | 1L;
        try {
            out.write(bytes, offset, length);
        } finally {
            writingSinceNanos = 0L;
        }
    }

    /**
     * Whether, at {@code nowNanos}, a write has been blocked, or nothing has been read while not writing,
     * for longer than {@code limitNanos}.
     */
    boolean idleFor(long nowNanos, long limitNanos) {
        long since = writingSinceNanos;
        if (since != 0L) {
            return nowNanos - since > limitNanos;
        }
        return nowNanos - lastActivityNanos > limitNanos;
    }

    /** The socket's input, noting the time whenever a read returns. */
    private final class ActivityInput extends InputStream {
        private final InputStream raw;

        ActivityInput(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            int b = raw.read();
            lastActivityNanos = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = raw.read(bytes, offset, length);
            lastActivityNanos = System.nanoTime();
            return n;
        }

        @Override
        public int available() throws IOException {
            return raw.available();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /** The reason the server closed this connection, or null if it has not. */
    public DisconnectReason closedBy() {
        return closedBy.get();
    }

    /** Closes the socket, remembering {@code reason} unless another reason was recorded first. */
    public void closeFor(DisconnectReason reason) {
        closedBy.compareAndSet(null, reason);
        closeQuietly();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that is already broken has nothing left to report.
        }
    }
}
