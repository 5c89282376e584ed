package org.tcpkit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.tcpkit.testing.Wire;

/**
 * A connected pair of loopback sockets for tests outside this package: the server side as a {@link Connection}
 * with its streams open, the client side as a plain socket with a read timeout.
 */
public final class LoopbackPair implements AutoCloseable {
    private final Socket client;
    private final Socket served;
    private final Connection connection;

    private LoopbackPair(Socket client, Socket served) throws IOException {
        this.client = client;
        this.served = served;
        this.connection = new Connection(served, served);
        connection.openStreams();
    }

    /** A new pair; {@code receiveBuffer} is the client's socket receive buffer (0 for the system's). */
    public static LoopbackPair open(int receiveBuffer) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket();
            if (receiveBuffer > 0) {
                client.setReceiveBufferSize(receiveBuffer);
            }
            client.connect(listener.getLocalSocketAddress(), Wire.TIMEOUT_MILLIS);
            client.setSoTimeout(Wire.TIMEOUT_MILLIS);
            listener.setSoTimeout(Wire.TIMEOUT_MILLIS);
            return new LoopbackPair(client, listener.accept());
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Reads exactly {@code count} bytes on the client side, or fewer if the stream ends or goes quiet. */
    public byte[] read(int count) throws IOException {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream(count);
        byte[] buffer = new byte[8192];
        try {
            while (all.size() < count) {
                int n = in.read(buffer, 0, Math.min(buffer.length, count - all.size()));
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came is returned; the caller's assertion says what is missing
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        client.close();
        served.close();
    }
}
