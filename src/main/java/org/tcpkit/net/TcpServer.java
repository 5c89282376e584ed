package org.tcpkit.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import org.slf4j.Logger;

/**
 * A blocking, thread-per-connection TCP server: it binds (with port fallback), accepts on its own thread,
 * hands each client to a {@link ConnectionHandler} on a new thread, and logs every connect and disconnect.
 *
 * <p>Lifecycle: {@link #start()} binds or throws; {@link #port()} is the real port; {@link #stop()} closes the
 * listener and every open connection and waits for their threads.
 */
public final class TcpServer {
    /** How long {@link #stop()} waits for connection threads to finish after closing their sockets. */
    private static final long STOP_WAIT_MILLIS = 5_000;
    /** Pause after a failed accept (out of file descriptors, say) so the loop does not spin. */
    private static final long ACCEPT_BACKOFF_MILLIS = 50;
    /** How often idle and stalled connections are looked for, at most (a short timeout checks more often). */
    private static final long WATCHDOG_PERIOD_MILLIS = 1_000;

    private final String name;
    private final ListenConfig config;
    private final ServerSocketFactory socketFactory;
    private final ConnectionHandler handler;
    private final Logger log;
    private final ThreadFactory threads;
    /** Platform threads for the first connections when {@code threads} makes virtual ones, else null. */
    private final ThreadFactory firstThreads;
    private final int platformFirst;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile PortBinder.Bound bound;
    private Thread acceptor;
    private Thread reaper;
    private volatile Runnable beforeClosing = () -> { };

    /**
     * @param name          what the log calls this server, such as "echo"
     * @param config        where and how to listen
     * @param socketFactory plain or TLS listening sockets
     * @param handler       the per-connection protocol
     * @param log           where connection and lifecycle events go
     */
    public TcpServer(String name, ListenConfig config, ServerSocketFactory socketFactory,
                     ConnectionHandler handler, Logger log) {
        this.name = name;
        this.config = config;
        this.socketFactory = socketFactory;
        this.handler = handler;
        this.log = log;
        this.threads = Threads.forConnections(config.threads(), name + "-conn-");
        this.platformFirst = Threads.platformFirst(config.threads());
        this.firstThreads = platformFirst > 0 ? Threads.forConnections(ThreadMode.PLATFORM, name + "-conn-p") : null;
    }

    /**
     * Binds the listener and starts accepting.
     *
     * @throws IOException if no port of the allowed range could be bound
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        String where = config.bindAddress() == null ? "all interfaces" : config.bindAddress().getHostAddress();
        log.info("server starting: {} server, bind address {}, port {}, {} threads, idle timeout {}",
                name, where, config.port() == 0 ? "any free" : config.port(), platformFirst > 0
                        ? "platform threads for the first " + platformFirst + " connections, then virtual"
                        : Threads.resolve(config.threads()).name().toLowerCase(java.util.Locale.ROOT),
                config.idleTimeout().isZero() ? "none" : config.idleTimeout().toSeconds() + " s");
        try {
            bound = PortBinder.bind(socketFactory, config.bindAddress(), config.port(), config.portTries(),
                    config.backlog());
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
        if (!config.idleTimeout().isZero()) {
            reaper = new Thread(this::closeIdleConnections, name + "-idle-watchdog");
            reaper.setDaemon(true);
            reaper.start();
        }
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

    /** The listening address as {@code host:port}, e.g. {@code 0.0.0.0:7777}. */
    public String address() {
        ServerSocket socket = requireBound().socket();
        InetAddress ip = socket.getInetAddress();
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

    /**
     * Stops accepting, closes every open connection and waits (a bounded time) for their threads.
     * Safe to call more than once and from a shutdown hook.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStop(STOP_WAIT_MILLIS * 2);
            return;
        }
        if (bound == null) {
            stopped.countDown();
            return;
        }
        log.info("server stopping: closing the listener and {} open connection(s)", open.size());
        try {
            bound.socket().close();
        } catch (IOException e) {
            log.debug("closing the listener failed: {}", e.toString());
        }
        try {
            beforeClosing.run();
        } catch (RuntimeException e) {
            log.warn("saying goodbye to clients failed: {}", e.toString());
        }
        for (Connection connection : open) {
            connection.closeFor(DisconnectReason.SHUTDOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        joinQuietly(acceptor, deadline);
        synchronized (active) {
            while (active.get() > 0 && System.nanoTime() < deadline) {
                long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    active.wait(leftMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (reaper != null) {
            reaper.interrupt();
        }
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
                log.warn("accepting a connection failed, retrying: {}", e.getMessage());
                pause();
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket) {
        Connection connection;
        try {
            socket.setTcpNoDelay(true);
            connection = new Connection(socket);
        } catch (IOException e) {
            log.warn("a client went away while being accepted: {}", e.getMessage());
            closeQuietly(socket);
            return;
        }
        if (open.size() >= config.maxConnections()) {
            log.warn("client refused: {}, the server already has {} connections (limit {})",
                    connection.peer(), open.size(), config.maxConnections());
            connection.close();
            return;
        }
        open.add(connection);
        active.incrementAndGet();
        if (stopping.get()) {
            connection.closeFor(DisconnectReason.SHUTDOWN);
        }
        try {
            ThreadFactory factory = firstThreads != null && active.get() <= platformFirst ? firstThreads : threads;
            factory.newThread(() -> serve(connection)).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("client refused: {}, no thread could be started for it: {}", connection.peer(), e.toString());
            open.remove(connection);
            finished();
            connection.close();
        }
    }

    private void serve(Connection connection) {
        log.info("client connected: {} ({} open)", connection.peer(), open.size());
        DisconnectReason reason;
        String detail = "";
        try {
            reason = handler.serve(connection);
        } catch (EOFException e) {
            reason = DisconnectReason.CLOSED;
        } catch (IOException e) {
            reason = classify(e);
            if (reason == DisconnectReason.ERROR) {
                detail = ": " + e;
            }
        } catch (RuntimeException e) {
            reason = DisconnectReason.ERROR;
            detail = ": " + e;
            log.error("session with {} failed", connection.peer(), e);
        } finally {
            connection.close();
            open.remove(connection);
        }
        DisconnectReason closedByServer = connection.closedBy();
        if (closedByServer != null) {
            reason = closedByServer;
        }
        log.info("client disconnected: {}, {}{} ({} open)", connection.peer(), reason.description(), detail,
                open.size());
        finished();
    }

    private static DisconnectReason classify(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof SocketException && (message.contains("reset") || message.contains("broken pipe")
                || message.contains("connection abort"))) {
            return DisconnectReason.RESET;
        }
        if (message.contains("socket closed") || message.contains("socket is closed")) {
            return DisconnectReason.CLOSED;
        }
        return DisconnectReason.ERROR;
    }

    private void finished() {
        synchronized (active) {
            if (active.decrementAndGet() == 0) {
                active.notifyAll();
            }
        }
    }

    private void closeIdleConnections() {
        long limit = config.idleTimeout().toNanos();
        long period = Math.max(10, Math.min(WATCHDOG_PERIOD_MILLIS, config.idleTimeout().toMillis() / 4));
        while (!stopping.get()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                if (connection.idleFor(now, limit)) {
                    connection.closeFor(DisconnectReason.TIMEOUT);
                }
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

    private static void joinQuietly(Thread thread, long deadlineNanos) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
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
