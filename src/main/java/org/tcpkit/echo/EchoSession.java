package org.tcpkit.echo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DirectBuffers;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.Preview;
import org.slf4j.Logger;

/**
 * The echo protocol (RFC 862) for one connection: everything received is sent back unchanged, portion by
 * portion, until the client closes or sends the line {@code exit}, which is echoed and ends the session.
 * Without the exit line ({@code --no-exit-line}) it is plain RFC 862: every byte comes back, a line
 * {@code exit} included, until the client closes. Nothing is then searched for line ends: on a fast stream
 * that search is most of the time the session spends outside the kernel.
 *
 * <p>The portion ({@code --chunk-size}, 1 KiB by default) is the unit the session handles and logs. Reads are
 * not limited to one portion: one read takes whatever has already arrived, up to the buffer size, and is then
 * split into portions, so a fast sender does not cost a system call per kilobyte. The buffer starts small
 * and doubles while reads fill it, so thousands of idle connections stay cheap.
 *
 * <p>When the server accepted the connection through a socket channel and data events are not logged, the
 * session reads into and writes from a pooled direct buffer: the bytes go from the kernel and back without
 * a copy through the heap, which a plain socket's streams make in each direction.
 */
public final class EchoSession implements ConnectionHandler {
    /** The first read buffer of a connection. */
    static final int INITIAL_BUFFER = 256;
    /** The largest read buffer, unless the portion is larger. */
    static final int MAX_BUFFER = 64 * 1024;
    /** How many bytes of direct buffers ended connections leave for the next ones, at most. */
    static final long POOLED_BYTES = 32L * 1024 * 1024;

    private final int chunkSize;
    private final Logger log;
    private final boolean exitLine;
    private final DirectBuffers buffers;

    /**
     * A session that a line {@code exit} ends.
     *
     * @param chunkSize the portion size in bytes
     * @param log       where data events go
     */
    public EchoSession(int chunkSize, Logger log) {
        this(chunkSize, log, true);
    }

    /**
     * @param chunkSize the portion size in bytes
     * @param log       where data events go
     * @param exitLine  whether the line {@code exit} ends the session (else it is echoed like any other)
     */
    public EchoSession(int chunkSize, Logger log, boolean exitLine) {
        this.chunkSize = chunkSize;
        this.log = log;
        this.exitLine = exitLine;
        this.buffers = new DirectBuffers(Math.max(MAX_BUFFER, chunkSize), POOLED_BYTES);
    }

    /** How many bytes of direct buffers ended sessions have left in the pool. */
    long pooledBytes() {
        return buffers.pooledBytes();
    }

    @Override
    public boolean usesChannels() {
        return true;
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        if (connection.channel() != null && !log.isDebugEnabled()) {
            return serveDirect(connection);
        }
        return serve(connection, connection.input());
    }

    /** Echoes through the connection's channel and a pooled direct buffer (data events are not logged). */
    private DisconnectReason serveDirect(Connection connection) throws IOException {
        ByteBuffer buffer = buffers.take(INITIAL_BUFFER);
        ExitLineDetector exit = new ExitLineDetector();
        try {
            while (true) {
                int count = connection.read(buffer);
                if (count < 0) {
                    return DisconnectReason.CLOSED;
                }
                int exitEnd = exitLine ? exit.scan(buffer, 0, count) : -1;
                buffer.flip();
                if (exitEnd >= 0) {
                    buffer.limit(exitEnd);
                }
                connection.write(buffer);
                if (exitEnd >= 0) {
                    return DisconnectReason.EXIT;
                }
                if (count == buffer.capacity() && buffer.capacity() < buffers.maxSize()) {
                    ByteBuffer larger = buffers.take(buffer.capacity() * 2);
                    buffers.give(buffer);
                    buffer = larger;
                } else {
                    buffer.clear();
                }
            }
        } finally {
            buffers.give(buffer);
        }
    }

    /** Echoes what {@code in} yields (the connection's input, perhaps after bytes a dialogue read ahead). */
    public DisconnectReason serve(Connection connection, InputStream in) throws IOException {
        int maxBuffer = Math.max(MAX_BUFFER, chunkSize);
        byte[] buffer = new byte[Math.min(INITIAL_BUFFER, maxBuffer)];
        ByteBuffer view = ByteBuffer.wrap(buffer);
        ExitLineDetector exit = new ExitLineDetector();
        boolean logData = log.isDebugEnabled();
        while (true) {
            int count = in.read(buffer, 0, buffer.length);
            if (count < 0) {
                return DisconnectReason.CLOSED;
            }
            int exitEnd = exitLine ? exit.scan(view, 0, count) : -1;
            int length = exitEnd < 0 ? count : exitEnd;
            if (logData) {
                logPortions("received {} bytes from {}: {}", connection.peer(), buffer, length, true);
            }
            connection.write(buffer, 0, length);
            if (logData) {
                logPortions("sent {} bytes back to {}", connection.peer(), buffer, length, false);
            }
            if (exitEnd >= 0) {
                if (exitEnd < count) {
                    log.debug("discarded {} bytes that {} sent after exit", count - exitEnd, connection.peer());
                }
                return DisconnectReason.EXIT;
            }
            if (count == buffer.length && buffer.length < maxBuffer) {
                buffer = new byte[Math.min(maxBuffer, buffer.length * 2)];
                view = ByteBuffer.wrap(buffer);
            }
        }
    }

    private void logPortions(String format, String peer, byte[] buffer, int length, boolean withPreview) {
        for (int offset = 0; offset < length; offset += chunkSize) {
            int portion = Math.min(chunkSize, length - offset);
            if (withPreview) {
                log.debug(format, portion, peer, Preview.of(buffer, offset, portion));
            } else {
                log.debug(format, portion, peer);
            }
        }
    }
}
