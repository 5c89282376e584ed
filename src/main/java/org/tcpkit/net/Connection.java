package org.tcpkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * One accepted client: its socket, its printable address, and why the server closed it, if it did.
 *
 * <p>Reads through {@link #input()} and writes through {@link #write} are timed, so the server's watchdog can
 * close a connection that has been idle, or blocked writing to a client that stopped reading, for too long.
 * The idle timeout is kept this way rather than with {@code SO_TIMEOUT}: a socket read with a timeout on a
 * platform thread costs a failed non-blocking read and a poll before each real read, three system calls
 * instead of one.
 *
 * <p>Closing follows two rules, so that no thread can be stuck behind a client:
 * <ul>
 *   <li>Other threads (the watchdog, {@code stop()}, the chat room) close through {@link #closeFor}, which
 *       touches only the plain TCP socket underneath and never waits: a connection stuck writing is reset
 *       (linger 0); a plain one is closed normally (what was written still goes out, then FIN); a TLS one has
 *       its input shut, so its own thread sees the end of the stream and closes it. A TLS socket's own
 *       {@code close()} sends close_notify under the socket's write lock and may read under its read lock;
 *       called from another thread while the owner is blocked in a write, it would wait forever.</li>
 *   <li>The connection's own thread closes through {@link #close()}, which may send close_notify; while it
 *       does, the connection counts as writing, so a client that reads nothing gets it reset by the
 *       watchdog or by {@code stop()}.</li>
 * </ul>
 */
public final class Connection implements AutoCloseable {
    /** How long a close waits, at most, for a client's unread input to stop before it resets after all. */
    private static final int LINGER_MILLIS = 300;
    /** How much unread input a close drops, at most, before it resets after all. */
    private static final int LINGER_BYTES = 256 * 1024;

    private final Socket raw;
    private final Socket socket;
    private final String peer;
    private final java.net.InetAddress address;
    private final AtomicReference<DisconnectReason> closedBy = new AtomicReference<>();
    private final FirstByte first;
    /** What the server does once the client can see its connection end (frees its place); run once. */
    private final AtomicReference<Runnable> whenEnded = new AtomicReference<>();
    private InputStream in;
    private OutputStream out;
    private volatile long writingSinceNanos;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long handshakeDeadlineNanos;

    /**
     * @param raw    the accepted TCP socket
     * @param socket the socket the session talks through: {@code raw}, or a TLS socket layered over it
     */
    Connection(Socket raw, Socket socket) {
        this(raw, socket, null);
    }

    /**
     * @param first with TLS, for a handler that answers plaintext clients: where a byte read off {@code raw}
     *              before the handshake is put back for it; else null
     */
    Connection(Socket raw, Socket socket, FirstByte first) {
        this.raw = raw;
        this.socket = socket;
        this.first = first;
        this.peer = Peers.format(raw.getRemoteSocketAddress());
        this.address = raw.getInetAddress();
    }

    /**
     * Has {@code action} run once, as soon as the client can see its connection end: when any thread closes or
     * resets the socket, or this connection's own thread begins its close. Set before the connection is shared.
     */
    void whenEnded(Runnable action) {
        whenEnded.set(action);
    }

    /** Runs what was to be done once the connection ends, unless that was done already. */
    void ended() {
        Runnable action = whenEnded.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    /** The client's IP address. */
    public java.net.InetAddress address() {
        return address;
    }

    /** Makes the streams; for TLS, after the handshake. */
    void openStreams() throws IOException {
        this.in = new ActivityInput(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * With TLS, before the handshake: reads the client's first byte off the socket underneath and puts it back
     * for the handshake; -1 when the client left first. It must come by {@code deadlineNanos} or the watchdog
     * closes the connection, as for the handshake.
     */
    int firstByte(long deadlineNanos) throws IOException {
        handshakeDeadlineNanos = deadlineNanos | 1L;
        try {
            int b = raw.getInputStream().read();
            if (b >= 0) {
                first.set(b);
            }
            return b;
        } finally {
            handshakeDeadlineNanos = 0L;
        }
    }

    /** Writes {@code bytes} on the socket underneath, in plaintext, to a client that does not speak TLS. */
    void writePlain(byte[] bytes) throws IOException {
        raw.getOutputStream().write(bytes);
    }

    /** Runs the TLS handshake, which must end by {@code deadlineNanos} or the watchdog closes the connection. */
    void handshake(long deadlineNanos) throws IOException {
        handshakeDeadlineNanos = deadlineNanos | 1L;
        try {
            ((SSLSocket) socket).startHandshake();
        } finally {
            handshakeDeadlineNanos = 0L;
        }
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Speaks through another layer from now on (a WebSocket, after its handshake): {@code over} is given the
     * connection's input and output and makes the layer, whose streams the session then reads and writes. Called
     * on the connection's own thread, before the session reads or writes. The watchdog's clocks stay on the
     * connection underneath.
     *
     * @return the layer {@code over} made
     */
    public <L extends Layer> L layer(java.util.function.BiFunction<InputStream, OutputStream, L> over) {
        L layer = over.apply(in, out);
        this.in = layer.input();
        this.out = layer.output();
        return layer;
    }

    /** Whether this connection speaks TLS. */
    public boolean tls() {
        return socket instanceof SSLSocket;
    }

    /** The client's address as {@code ip:port}. */
    public String peer() {
        return peer;
    }

    /** The socket the session talks through (TLS or plain), for its addresses and options. */
    public Socket socket() {
        return socket;
    }

    /** The socket's input stream, unbuffered; every read that returns counts as activity. */
    public InputStream input() {
        return in;
    }

    /**
     * The socket channel under a plain connection accepted through a channel (see
     * {@link ConnectionHandler#usesChannels()}), or null: with TLS, or when the server uses plain sockets.
     * Read and write it through {@link #read(ByteBuffer)} and {@link #write(ByteBuffer)}, which keep the
     * watchdog's clocks; the streams stay usable too.
     */
    public SocketChannel channel() {
        return tls() ? null : raw.getChannel();
    }

    /** Reads from {@link #channel()} into {@code buffer}, blocking until some bytes arrive; -1 at the end. */
    public int read(ByteBuffer buffer) throws IOException {
        int n = raw.getChannel().read(buffer);
        lastActivityNanos = System.nanoTime();
        return n;
    }

    /** Writes all of {@code buffer} to {@link #channel()}, marking the connection as writing meanwhile. */
    public void write(ByteBuffer buffer) throws IOException {
        SocketChannel channel = raw.getChannel();
        writingSinceNanos = System.nanoTime() | 1L;
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            writingSinceNanos = 0L;
        }
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

    /** How long, at {@code nowNanos}, the write in progress has been blocked; 0 when none is. */
    public long writeBlockedNanos(long nowNanos) {
        long since = writingSinceNanos;
        return since == 0L ? 0L : nowNanos - since;
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

    /** Whether a TLS handshake is under way and past its deadline at {@code nowNanos}. */
    boolean handshakeOverdue(long nowNanos) {
        long deadline = handshakeDeadlineNanos;
        return deadline != 0L && nowNanos - deadline > 0;
    }

    /** Whether a write is in progress, which a client that reads nothing can hold forever. */
    boolean writing() {
        return writingSinceNanos != 0L;
    }

    /** The socket's input, noting the time whenever a read returns. */
    private final class ActivityInput extends InputStream {
        private final InputStream source;

        ActivityInput(InputStream source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int b = source.read();
            lastActivityNanos = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = source.read(bytes, offset, length);
            lastActivityNanos = System.nanoTime();
            return n;
        }

        @Override
        public int available() throws IOException {
            return source.available();
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    /** The reason the server closed this connection, or null if it has not. */
    public DisconnectReason closedBy() {
        return closedBy.get();
    }

    /**
     * Ends the connection from any thread without ever waiting, remembering {@code reason} unless another
     * was recorded first: reset when a write is stuck, else a normal close (see the class comment).
     */
    public void closeFor(DisconnectReason reason) {
        closedBy.compareAndSet(null, reason);
        if (writing()) {
            abort();
        } else if (tls()) {
            try {
                raw.shutdownInput();
            } catch (IOException e) {
                abort();
            }
        } else {
            ended();
            closeQuietly(raw);
        }
    }

    /** Ends the connection at once with a reset (linger 0), dropping whatever is unsent; never waits. */
    public void abort() {
        try {
            raw.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed: nothing left to reset.
        }
        ended();
        closeQuietly(raw);
    }

    /**
     * Closes the connection from its own thread: for TLS, close_notify first (marked as a write, so the
     * watchdog resets a client that never takes it), unless another thread is writing, when it resets.
     */
    @Override
    public void close() {
        // The client may see the end from here on (a lingering close sends it first).
        ended();
        if (!tls() && !raw.isClosed()) {
            lingerWhileInputWaits();
        }
        if (tls() && !raw.isClosed()) {
            if (writing()) {
                abort();
                return;
            }
            writingSinceNanos = System.nanoTime() | 1L;
            try {
                closeQuietly(socket);
            } finally {
                writingSinceNanos = 0L;
            }
        }
        closeQuietly(raw);
    }

    /**
     * Closing a socket whose input the server has not read makes the kernel send a reset instead of a normal
     * end, and a reset can destroy the last lines the client has not read yet (a kick notice, an echoed
     * exit). So when input is waiting, the close sends its end first, then reads and drops what the client
     * still sends, within {@link #LINGER_MILLIS} and {@link #LINGER_BYTES}, as web servers' lingering close does.
     */
    private void lingerWhileInputWaits() {
        try {
            InputStream input = raw.getInputStream();
            if (input.available() == 0) {
                return;
            }
            raw.shutdownOutput();
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            byte[] sink = new byte[8192];
            int dropped = 0;
            while (dropped < LINGER_BYTES) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                raw.setSoTimeout((int) left);
                int n = input.read(sink);
                if (n < 0) {
                    return;
                }
                dropped += n;
            }
        } catch (IOException e) {
            // The client is gone, or still sending after the linger: the close resets, as it would have.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that is already broken has nothing left to report.
        }
    }
}
