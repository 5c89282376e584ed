package org.tcpkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted client: its socket, its printable address, and why the server closed it, if it did.
 *
 * <p>Writes go through {@link #write} so the server can see a write that has been blocked too long (a client
 * that stopped reading) and close the connection, which a socket read timeout alone would never do.
 */
public final class Connection implements AutoCloseable {
    private final Socket socket;
    private final String peer;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicReference<DisconnectReason> closedBy = new AtomicReference<>();
    private volatile long writingSinceNanos;

    Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.peer = Peers.format(socket.getRemoteSocketAddress());
        this.in = socket.getInputStream();
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

    /** The socket's input stream, unbuffered. */
    public InputStream input() {
        return in;
    }

    /** The socket's output stream, unbuffered; prefer {@link #write} so stalled writes are noticed. */
    public OutputStream output() {
        return out;
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

    /** Whether a write has been blocked for longer than {@code limitNanos}, measured at {@code nowNanos}. */
    boolean writeStalled(long nowNanos, long limitNanos) {
        long since = writingSinceNanos;
        return since != 0L && nowNanos - since > limitNanos;
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
