package org.tcpkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import javax.net.ServerSocketFactory;

/**
 * Makes listeners backed by a {@link ServerSocketChannel}: what they accept are ordinary blocking sockets that
 * also have a {@link java.nio.channels.SocketChannel}, so a session can read into and write from direct
 * buffers with no copy through the heap.
 */
final class ChannelServerSockets extends ServerSocketFactory {
    static final ChannelServerSockets INSTANCE = new ChannelServerSockets();

    private ChannelServerSockets() {
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return ServerSocketChannel.open().socket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket socket = createServerSocket();
        try {
            socket.bind(new InetSocketAddress(address, port), backlog);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
