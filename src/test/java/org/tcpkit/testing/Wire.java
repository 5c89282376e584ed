package org.tcpkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Socket helpers for tests: every blocking call has a timeout, so a bug fails a test instead of hanging. */
public final class Wire {
    /** Timeout for connects and reads in tests. */
    public static final int TIMEOUT_MILLIS = 10_000;

    private Wire() {
    }

    /** Connects to a loopback port with a connect and read timeout. */
    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** Reads exactly {@code count} bytes or throws. */
    public static byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] bytes = new byte[count];
        int read = 0;
        while (read < count) {
            int n = in.read(bytes, read, count - read);
            if (n < 0) {
                throw new EOFException("end of stream after " + read + " of " + count + " bytes");
            }
            read += n;
        }
        return bytes;
    }

    /** Reads until the peer closes (within the socket's timeout), returning everything read. */
    public static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Waits until {@code counter} (bytes a client managed to send) has stopped growing for 300 ms: the server
     * is blocked writing to a client that does not read, and so no longer reads either.
     */
    public static void awaitSteady(java.util.concurrent.atomic.AtomicLong counter) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = counter.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the writes never stalled");
    }

    /** Whether the peer closed the connection: a read sees end of stream or a reset within the timeout. */
    public static boolean closedByPeer(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] buffer = new byte[65536];
            while (true) {
                if (socket.getInputStream().read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
