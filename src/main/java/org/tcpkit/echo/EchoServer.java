package org.tcpkit.echo;

import java.io.IOException;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.ServerTls;
import org.tcpkit.net.TcpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP echo server: a {@link TcpServer} whose connections run {@link EchoSession}. */
public final class EchoServer {
    /** The lab's portion: 1 KB. */
    public static final int DEFAULT_CHUNK_SIZE = 1024;
    /** The largest portion accepted. */
    public static final int MAX_CHUNK_SIZE = 1024 * 1024;

    private final TcpServer server;

    /**
     * @param config        where and how to listen
     * @param chunkSize     the portion size in bytes, 1 to {@link #MAX_CHUNK_SIZE}
     * @param tls       the TLS layer, or null for plain TCP
     */
    public EchoServer(ListenConfig config, int chunkSize, ServerTls tls) {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size out of range: " + chunkSize);
        }
        Logger log = LoggerFactory.getLogger(EchoServer.class);
        this.server = new TcpServer("echo", config, tls, new EchoSession(chunkSize, log), log);
    }

    /** An echo server with plain sockets. */
    public EchoServer(ListenConfig config, int chunkSize) {
        this(config, chunkSize, null);
    }

    /** Binds and starts accepting; throws if no port of the allowed range could be bound. */
    public void start() throws IOException {
        server.start();
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    /** The server's lifecycle, address and port details. */
    public TcpServer tcp() {
        return server;
    }

    /** Closes the listener and every connection, and waits for them. */
    public void stop() {
        server.stop();
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        server.awaitStop();
    }
}
