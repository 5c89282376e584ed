package org.tcpkit.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import javax.net.ServerSocketFactory;

/** Binds a listening socket, moving on to the following ports while the asked-for one is busy. */
public final class PortBinder {
    private PortBinder() {
    }

    /** A bound listener and the port that was asked for, so the user can be told when they differ. */
    public record Bound(ServerSocket socket, int requestedPort) {
        /** The port actually listened on. */
        public int port() {
            return socket.getLocalPort();
        }

        /** Whether the requested port was busy and a later one was taken. */
        public boolean fellBack() {
            return requestedPort != 0 && requestedPort != port();
        }
    }

    /**
     * Binds to {@code port}, or to the next free one of the {@code tries} ports starting there.
     *
     * @throws BindException naming the whole range when none of its ports could be bound
     * @throws IOException   when the socket cannot be made at all
     */
    public static Bound bind(ServerSocketFactory factory, InetAddress address, int port, int tries, int backlog)
            throws IOException {
        int last = port == 0 ? 0 : Math.min(65_535, port + Math.max(1, tries) - 1);
        BindException failure = null;
        for (int candidate = port; candidate <= last; candidate++) {
            ServerSocket socket = factory.createServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, candidate), backlog);
                return new Bound(socket, port);
            } catch (BindException e) {
                socket.close();
                failure = e;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        String range = port == last ? "port " + port : "ports " + port + "-" + last;
        BindException busy = new BindException(range + ": " + (failure == null ? "no port" : failure.getMessage()));
        if (failure != null) {
            busy.initCause(failure);
        }
        throw busy;
    }
}
