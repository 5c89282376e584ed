package org.tcpkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Redis's {@code MONITOR} on a connection of its own: every command Redis runs, in the order it runs them, one
 * line each ({@code 1700000000.123456 [0 127.0.0.1:40000] "XADD" "ns:log" ...}).
 */
public final class RedisMonitor implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final List<String> seen = new ArrayList<>();

    private RedisMonitor(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts monitoring the Redis on {@code port} of this machine; returns once Redis said it monitors. */
    public static RedisMonitor open(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        RedisMonitor monitor = new RedisMonitor(socket);
        OutputStream out = socket.getOutputStream();
        out.write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String ok = monitor.in.readLine();
        if (!"+OK".equals(ok)) {
            socket.close();
            throw new IOException("MONITOR answered " + ok);
        }
        return monitor;
    }

    /**
     * The commands run since monitoring began, read until one matches {@code last} (included), within
     * {@code millis}; fails when none does.
     */
    public List<String> until(Predicate<String> last, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no such command in " + millis + " ms; ran: " + seen);
            }
            socket.setSoTimeout((int) Math.max(1, left));
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (line == null) {
                throw new AssertionError("Redis closed the monitor; ran: " + seen);
            }
            seen.add(line);
            if (last.test(line)) {
                return List.copyOf(seen);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
