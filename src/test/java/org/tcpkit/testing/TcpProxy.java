package org.tcpkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on a loopback port to another, that a test can cut: every connection through it is closed and
 * new ones are closed as soon as they are accepted, until it is mended. It stands for a network between a
 * server and what it links to (Redis), failing and coming back.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Connections through it at once, at most: a test's few, with room to spare. */
    private static final int MAX_PAIRS = 64;

    private final ServerSocket listener;
    private final int target;
    private final Thread acceptor;
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "test-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A proxy to {@code target} on loopback, passing bytes. */
    public static TcpProxy to(int target) throws IOException {
        return new TcpProxy(target);
    }

    /** Its port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection through it, and every new one until {@link #mend}. */
    public void cut() {
        cut = true;
        closeAll();
    }

    /** Lets connections through again. */
    public void mend() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut || pairs() >= MAX_PAIRS) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            synchronized (open) {
                open.add(client);
                open.add(server);
            }
            pump(client, server);
            pump(server, client);
        }
    }

    private int pairs() {
        synchronized (open) {
            return open.size() / 2;
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side closed or was cut: the pair ends.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                synchronized (open) {
                    open.remove(from);
                    open.remove(to);
                }
            }
        }, "test-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        List<Socket> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        for (Socket socket : all) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is wanted.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        closeAll();
        try {
            acceptor.join(CONNECT_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
