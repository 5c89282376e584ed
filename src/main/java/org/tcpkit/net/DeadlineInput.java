package org.tcpkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A client's input read against one deadline for a whole line, not per read: a socket timeout alone restarts
 * with every byte, so a client sending one byte a second would never time out. Each read waits at most for
 * what is left until the deadline and throws {@link SocketTimeoutException} once it has passed; the
 * {@link LineReader} above keeps the part of a line read so far.
 */
public final class DeadlineInput extends InputStream {
    private final InputStream source;
    private final Socket socket;
    /** The deadline in {@link System#nanoTime()}'s terms; 0 for none. */
    private long deadline;
    /** The socket timeout last set, so a read without a deadline does not set it again. */
    private int timeoutSet;

    /**
     * @param source what to read (the connection's input, perhaps with bytes read ahead in front)
     * @param socket the socket under it, whose read timeout carries the deadline
     */
    public DeadlineInput(InputStream source, Socket socket) {
        this.source = source;
        this.socket = socket;
    }

    /**
     * Reads from now on must end by {@code deadlineNanos} ({@link System#nanoTime()}); 0 for no deadline, which
     * also clears the socket's timeout at once, so whoever reads the socket next is not cut short.
     */
    public void until(long deadlineNanos) throws IOException {
        deadline = deadlineNanos == 0 ? 0 : deadlineNanos | 1L;
        if (deadline == 0 && timeoutSet != 0) {
            socket.setSoTimeout(0);
            timeoutSet = 0;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int timeout = 0;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the deadline passed");
            }
            timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        if (timeout != timeoutSet) {
            socket.setSoTimeout(timeout);
            timeoutSet = timeout;
        }
        return source.read(bytes, offset, length);
    }

    @Override
    public int available() throws IOException {
        return source.available();
    }
}
