package org.tcpkit.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.tcpkit.log.Repeats;

/**
 * A blocking, thread-per-connection TCP server: it binds (with port fallback), accepts on its own thread,
 * hands each client to a {@link ConnectionHandler} on a new thread (after the TLS handshake, with TLS), and
 * logs every connect and disconnect.
 *
 * <p>Lifecycle: {@link #start()} binds or throws; {@link #port()} is the real port; {@link #stop()} closes the
 * listener and every open connection and waits a bounded time for their threads. A watchdog thread closes
 * connections that stay idle, stay blocked writing, or do not finish their TLS handshake in time; it and
 * {@code stop()} close through {@link Connection#closeFor}, which never waits on a client.
 */
public final class TcpServer {
    /** How long {@link #stop()} lets connection threads end after a normal close. */
    private static final long STOP_GRACE_MILLIS = 3_000;
    /** How long {@link #stop()} then waits for the threads of connections it had to reset. */
    private static final long STOP_ABORT_MILLIS = 2_000;
    /** Pause after a failed accept (out of file descriptors, say) so the loop does not spin. */
    private static final long ACCEPT_BACKOFF_MILLIS = 50;

    private final String name;
    private final ListenConfig config;
    private final ServerTls tls;
    private final ConnectionHandler handler;
    private final Logger log;
    private final Repeats repeats;
    private final ThreadFactory threads;
    /** Platform threads for the first connections when {@code threads} makes virtual ones, else null. */
    private final ThreadFactory firstThreads;
    private final int platformFirst;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Admission admission;
    private final AtomicInteger active = new AtomicInteger();
    private final Object lifecycle = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile PortBinder.Bound bound;
    private Thread acceptor;
    private Thread watchdog;
    private volatile Runnable beforeClosing = () -> { };

    /**
     * @param name    what the log calls this server, such as "echo"
     * @param config  where and how to listen
     * @param tls     the TLS layer, or null for plain TCP
     * @param handler the per-connection protocol
     * @param log     where connection and lifecycle events go
     */
    public TcpServer(String name, ListenConfig config, ServerTls tls, ConnectionHandler handler, Logger log) {
        this(name, config, tls, handler, log, new Admission(config.maxConnections(), config.maxPerAddress()));
    }

    /**
     * A server whose connections count against {@code admission}, which other servers of the process may share
     * (its limits stand for the config's).
     */
    public TcpServer(String name, ListenConfig config, ServerTls tls, ConnectionHandler handler, Logger log,
                     Admission admission) {
        this.admission = admission;
        this.name = name;
        this.config = config;
        this.tls = tls;
        this.handler = handler;
        this.log = log;
        this.repeats = new Repeats(log);
        this.threads = Threads.forConnections(config.threads(), name + "-conn-");
        this.platformFirst = Threads.platformFirst(config.threads());
        this.firstThreads = platformFirst > 0 ? Threads.forConnections(ThreadMode.PLATFORM, name + "-conn-p") : null;
    }

    /**
     * Binds the listener and starts accepting.
     *
     * @throws IOException if no port of the allowed range could be bound, or the server was stopped first
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        String where = config.bindAddress() == null ? "all interfaces" : config.bindAddress().getHostAddress();
        synchronized (lifecycle) {
            if (stopping.get()) {
                throw new IOException("the server was stopped before it started");
            }
            log.info("server starting: {} server{}, bind address {}, port {}, {} threads, idle timeout {}, "
                            + "at most {} connections ({} per address)", name, tls == null ? "" : " (TLS)", where,
                    config.port() == 0 ? "any free" : config.port(), platformFirst > 0
                            ? "platform threads for the first " + platformFirst + " connections, then virtual"
                            : Threads.resolve(config.threads()).name().toLowerCase(java.util.Locale.ROOT),
                    config.idleTimeout().isZero() ? "none" : config.idleTimeout().toSeconds() + " s",
                    admission.maxConnections(), admission.maxPerAddress() == 0 ? "any" : admission.maxPerAddress());
            try {
                ServerSocketFactory sockets = tls == null && handler.usesChannels() ? ChannelServerSockets.INSTANCE
                        : ServerSocketFactory.getDefault();
                bound = PortBinder.bind(sockets, config.bindAddress(), config.port(),
                        config.portTries(), config.backlog());
            } catch (IOException e) {
                log.error("server cannot listen on {}: {}", where, e.getMessage());
                stopped.countDown();
                throw e;
            }
            if (bound.fellBack()) {
                log.info("port {} is busy, so the server moves on to port {}", bound.requestedPort(), bound.port());
            }
            log.info("listening on {}: waiting for clients", address());
            acceptor = new Thread(this::acceptLoop, name + "-acceptor");
            acceptor.start();
            watchdog = new Thread(new Watchdog(open, config.idleTimeout(), tls == null ? null
                    : config.handshakeTimeout(), stopping::get, repeats), name + "-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    /** The budget of connections this server's count against, which other servers may share. */
    public Admission admission() {
        return admission;
    }

    /** The port listened on (the real one when port 0 or a fallback was used). */
    public int port() {
        return requireBound().port();
    }

    /** The port that was asked for. */
    public int requestedPort() {
        return requireBound().requestedPort();
    }

    /** Whether the asked-for port was busy and a later one was taken. */
    public boolean fellBack() {
        return requireBound().fellBack();
    }

    /** The address and port listened on; the wildcard address for a listener on every interface. */
    public java.net.InetSocketAddress listening() {
        ServerSocket socket = requireBound().socket();
        return new java.net.InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** The listening address as {@code host:port}, e.g. {@code 0.0.0.0:7777}. */
    public String address() {
        ServerSocket socket = requireBound().socket();
        InetAddress ip = socket.getInetAddress();
        if (ip.isAnyLocalAddress()) {
            // A listener on every interface: named as asked, or 0.0.0.0 when no address was given, whichever
            // kind of socket (a channel's reports the IPv6 wildcard) is underneath.
            ip = config.bindAddress() != null ? config.bindAddress() : new java.net.InetSocketAddress(0).getAddress();
        }
        return Peers.format(new java.net.InetSocketAddress(ip, socket.getLocalPort()));
    }

    /**
     * Runs {@code task} when the server stops, after the listener is closed and before the connections are:
     * the moment to say goodbye to clients (the chat's shutdown notice).
     */
    public void beforeClosingConnections(Runnable task) {
        this.beforeClosing = task;
    }

    /** How many clients are connected now. */
    public int openConnections() {
        return open.size();
    }

    /** How many connection threads have not finished yet (0 once every session has ended). */
    public int activeThreads() {
        return active.get();
    }

    /**
     * Stops accepting, closes every open connection and waits (a bounded time) for their threads: a normal
     * close first, then a reset for connections whose threads are still busy. Safe to call more than once,
     * before {@link #start()} and from a shutdown hook.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStop(STOP_GRACE_MILLIS + STOP_ABORT_MILLIS + 5_000);
            return;
        }
        PortBinder.Bound listening;
        synchronized (lifecycle) {
            listening = bound;
        }
        if (listening == null) {
            stopped.countDown();
            return;
        }
        log.info("server stopping: closing the listener and {} open connection(s)", open.size());
        try {
            listening.socket().close();
        } catch (IOException e) {
            log.debug("closing the listener failed: {}", e.toString());
        }
        try {
            beforeClosing.run();
        } catch (RuntimeException e) {
            log.warn("saying goodbye to clients failed: {}", LogText.escape(e.toString()));
        }
        for (Connection connection : open) {
            connection.closeFor(DisconnectReason.SHUTDOWN);
        }
        joinQuietly(acceptor, STOP_GRACE_MILLIS);
        if (!awaitConnections(STOP_GRACE_MILLIS)) {
            log.info("server stopping: resetting {} connection(s) that did not end in {} s", open.size(),
                    STOP_GRACE_MILLIS / 1000);
            for (Connection connection : open) {
                connection.abort();
            }
            awaitConnections(STOP_ABORT_MILLIS);
        }
        watchdog.interrupt();
        repeats.flush();
        if (active.get() > 0) {
            log.warn("server stopped with {} connection thread(s) still finishing", active.get());
        } else {
            log.info("server stopped");
        }
        stopped.countDown();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private boolean awaitStop(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to {@code millis} for every connection thread to finish; true if they all did. */
    private boolean awaitConnections(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (active) {
            while (active.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    active.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void acceptLoop() {
        ServerSocket listener = bound.socket();
        while (!stopping.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping.get() || listener.isClosed()) {
                    return;
                }
                repeats.log(Level.WARN, "accepting a connection failed", "accepting a connection failed, "
                        + "retrying: {}", LogText.escape(e.getMessage()));
                pause();
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket raw) {
        try {
            raw.setTcpNoDelay(true);
        } catch (IOException e) {
            log.debug("a client went away while being accepted: {}", LogText.escape(e.getMessage()));
            closeQuietly(raw);
            return;
        }
        InetAddress address = raw.getInetAddress();
        String peer = Peers.format(raw.getRemoteSocketAddress());
        Admission.Refusal refusal = admission.admit(address);
        if (refusal == Admission.Refusal.FULL) {
            refuse(raw, "client refused: the server is full", "client refused: {}, the server already has {} "
                    + "connections (limit {})", "The server is full; try again later.", peer, admission.open(),
                    admission.maxConnections());
            return;
        }
        if (refusal == Admission.Refusal.ADDRESS_FULL) {
            refuse(raw, "client refused: too many connections from one address", "client refused: {}, its "
                    + "address already has {} connections (limit {})", "Too many connections from your address "
                    + "(at most " + admission.maxPerAddress() + "); try again later.", peer,
                    admission.maxPerAddress(), admission.maxPerAddress());
            return;
        }
        Connection connection;
        try {
            if (tls == null) {
                connection = new Connection(raw, raw);
            } else {
                // Only a handler that answers plaintext clients has their first byte read before the handshake.
                FirstByte first = handler.answersPlaintextOnTls() ? new FirstByte() : null;
                connection = new Connection(raw, tls.layer(raw, first), first);
            }
            if (tls == null) {
                connection.openStreams();
            }
        } catch (IOException e) {
            log.debug("a client went away while being accepted: {}", LogText.escape(e.getMessage()));
            release(address);
            closeQuietly(raw);
            return;
        }
        // The place is free as soon as the client can see its connection end, even while its thread winds up:
        // a client closed for idling, or by a lingering close, may come straight back.
        connection.whenEnded(() -> release(address));
        open.add(connection);
        active.incrementAndGet();
        if (stopping.get()) {
            connection.closeFor(DisconnectReason.SHUTDOWN);
        }
        try {
            ThreadFactory factory = firstThreads != null && active.get() <= platformFirst ? firstThreads : threads;
            factory.newThread(() -> serve(connection)).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            // Out of threads (a task limit, say): this client is refused; every count stays true.
            open.remove(connection);
            connection.ended();
            finished();
            refuse(raw, "client refused: no thread could be started", "client refused: {}, no thread could be "
                    + "started for it: {}", "The server cannot take more clients right now; try again later.", peer,
                    LogText.escape(e.toString()));
        }
    }

    /** Logs (summarized) why a client is refused, tells a plaintext client in one line, and closes. */
    private void refuse(Socket raw, String kind, String format, String why, Object... arguments) {
        repeats.log(Level.WARN, kind, format, arguments);
        byte[] line = tls == null ? handler.refusal(why) : null;
        if (line != null) {
            try {
                // A few bytes into a fresh socket's empty send buffer: this write cannot block.
                raw.getOutputStream().write(line);
            } catch (IOException e) {
                // The client left already.
            }
        }
        closeQuietly(raw);
    }

    private void release(InetAddress address) {
        admission.release(address);
    }

    private void serve(Connection connection) {
        log.info("client connected: {} ({} open)", connection.peer(), open.size());
        DisconnectReason reason = DisconnectReason.ERROR;
        String detail = "";
        boolean handshaken = !connection.tls();
        // A session that failed by itself keeps its reason even if the server closed it a moment later.
        boolean failedByItself = false;
        try {
            if (!handshaken) {
                long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
                byte[] plain = handler.answersPlaintextOnTls() ? plaintextAnswer(connection, deadline) : null;
                if (plain != null) {
                    connection.writePlain(plain);
                    reason = DisconnectReason.PROTOCOL;
                    detail = ": it does not speak TLS";
                    return;
                }
                connection.handshake(deadline);
                connection.openStreams();
                handshaken = true;
                if (log.isDebugEnabled()) {
                    javax.net.ssl.SSLSession session = ((javax.net.ssl.SSLSocket) connection.socket()).getSession();
                    log.debug("TLS with {}: {}, {}", connection.peer(), session.getProtocol(),
                            session.getCipherSuite());
                }
            }
            reason = handler.serve(connection);
        } catch (EOFException e) {
            reason = handshaken ? DisconnectReason.CLOSED : DisconnectReason.HANDSHAKE_FAILED;
        } catch (IOException e) {
            reason = handshaken ? DisconnectReason.of(e) : DisconnectReason.HANDSHAKE_FAILED;
            if (reason == DisconnectReason.ERROR || reason == DisconnectReason.HANDSHAKE_FAILED) {
                detail = ": " + LogText.escape(e instanceof SSLException ? String.valueOf(e.getMessage())
                        : e.toString());
                failedByItself = !DisconnectReason.onlyEnded(e);
            }
        } catch (RuntimeException | Error e) {
            reason = DisconnectReason.ERROR;
            detail = ": " + LogText.escape(e.toString());
            log.error("session with {} failed: {}", connection.peer(), LogText.escape(e.toString()));
            log.debug("the failure's stack trace", e);
        } finally {
            connection.close();
            open.remove(connection);
            DisconnectReason closedByServer = connection.closedBy();
            if (closedByServer != null && !failedByItself) {
                reason = closedByServer;
                detail = "";
            }
            log.info("client disconnected: {}, {}{} ({} open)", connection.peer(), reason.description(), detail,
                    open.size());
            finished();
        }
    }

    /**
     * The handler's plaintext answer to a client whose first byte is not a TLS handshake record (22), or null to
     * go on with the handshake.
     */
    private byte[] plaintextAnswer(Connection connection, long deadlineNanos) throws IOException {
        int first = connection.firstByte(deadlineNanos);
        if (first < 0) {
            throw new EOFException("the client left before its TLS handshake");
        }
        return first == 0x16 ? null : handler.plaintextOnTls(first, connection);
    }

    private void finished() {
        synchronized (active) {
            if (active.decrementAndGet() == 0) {
                active.notifyAll();
            }
        }
    }

    private PortBinder.Bound requireBound() {
        PortBinder.Bound current = bound;
        if (current == null) {
            throw new IllegalStateException("server not started");
        }
        return current;
    }

    private static void joinQuietly(Thread thread, long millis) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do for a socket that fails to close.
        }
    }
}
