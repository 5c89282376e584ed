package org.tcpkit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One selector thread driving its share of the connections: connects them, keeps the configured number of
 * messages in flight, checks every echoed byte and records each message's round-trip time.
 */
final class LoadWorker implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;

    private final BenchConfig config;
    private final RunClock clock;
    private final InetSocketAddress address;
    private final int first;
    private final int count;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final byte[] inBytes = new byte[READ_BUFFER];
    private final ByteBuffer in = ByteBuffer.wrap(inBytes);
    private final long messageLimit;
    private final int maxInFlight;
    private Selector selector;
    private long holdStarted;

    /** Round-trip times of the messages echoed within the measured interval, in nanoseconds. */
    final Histogram latencies = new Histogram(60_000_000_000L, 3);
    /** Written by this worker only; read by the progress reporter. */
    volatile long echoedMessages;
    long measuredMessages;
    long measuredBytes;
    long verifiedBytes;
    long errors;
    long connectFailures;
    long lastEchoNanos;
    String firstError;

    LoadWorker(BenchConfig config, RunClock clock, InetSocketAddress address, int first, int count) {
        this.config = config;
        this.clock = clock;
        this.address = address;
        this.first = first;
        this.count = count;
        this.messageLimit = config.messageLimit();
        this.maxInFlight = config.maxInFlight();
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            openConnections();
            loop();
        } catch (IOException | RuntimeException e) {
            error(null, "bench thread failed: " + e);
        } finally {
            for (LoadConnection connection : connections) {
                close(connection);
            }
            // Connections that never got a chance count as failed, so the coordinator stops waiting.
            for (LoadConnection connection : connections) {
                if (!connection.connected && !connection.closed) {
                    clock.connectDone();
                }
            }
        }
    }

    private void openConnections() throws IOException {
        int outBytes = Math.max(config.size(), Math.min(READ_BUFFER, config.size() * maxInFlight));
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            LoadConnection connection = new LoadConnection(channel,
                    new StreamPattern(config.size(), 0x9E3779B97F4A7C15L * (first + i + 1)), maxInFlight, outBytes);
            connections.add(connection);
            try {
                if (channel.connect(address)) {
                    connected(connection);
                } else {
                    connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
                }
            } catch (IOException e) {
                connectFailed(connection, e);
            }
        }
    }

    private void loop() throws IOException {
        boolean started = false;
        long lastProgress = System.nanoTime();
        while (true) {
            selector.select(10);
            long now = System.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                LoadConnection connection = (LoadConnection) key.attachment();
                if (!key.isValid() || connection.closed) {
                    continue;
                }
                if (key.isConnectable()) {
                    finishConnect(connection);
                    if (started && connection.connected) {
                        pump(connection, now);
                    }
                    continue;
                }
                if (key.isReadable() && read(connection, System.nanoTime())) {
                    lastProgress = now;
                }
                if (!connection.closed && started) {
                    pump(connection, now);
                }
            }
            if (!started && clock.sending()) {
                started = true;
                lastProgress = now;
                for (LoadConnection connection : connections) {
                    if (connection.connected && !connection.closed) {
                        pump(connection, now);
                    }
                }
            }
            if (!started && now > clock.connectDeadline()) {
                for (LoadConnection connection : connections) {
                    if (!connection.connected && !connection.closed) {
                        connectFailed(connection, new IOException("connect timed out"));
                    }
                }
            }
            if (started && done(now, lastProgress)) {
                return;
            }
        }
    }

    /** True when nothing is left to send or wait for, or the echoes stopped coming for too long. */
    private boolean done(long now, long lastProgress) {
        if (config.mode() == BenchMode.HOLD && holdUntil(now)) {
            return false;
        }
        boolean waiting = false;
        for (LoadConnection connection : connections) {
            if (connection.closed || !connection.connected) {
                continue;
            }
            if (connection.inFlight() > 0 || (maySend(now) && connection.sentMessages < messageLimit)) {
                waiting = true;
                break;
            }
        }
        if (!waiting) {
            return true;
        }
        if (now - lastProgress > config.timeout().toNanos()) {
            for (LoadConnection connection : connections) {
                if (!connection.closed && connection.inFlight() > 0) {
                    error(connection, "no echo for " + config.timeout().toSeconds() + " s");
                }
            }
            return true;
        }
        return false;
    }

    /** Hold mode: whether to keep every connection open a while longer once all have echoed. */
    private boolean holdUntil(long now) {
        if (config.hold().isZero()) {
            return false;
        }
        for (LoadConnection connection : connections) {
            if (!connection.closed && connection.connected && connection.inFlight() > 0) {
                return false;
            }
        }
        if (holdStarted == 0) {
            holdStarted = now;
        }
        return now - holdStarted < config.hold().toNanos();
    }

    private boolean maySend(long now) {
        return config.messages() > 0 || config.mode() == BenchMode.HOLD || now < clock.measureEnd();
    }

    private void finishConnect(LoadConnection connection) {
        try {
            if (connection.channel.finishConnect()) {
                connected(connection);
            }
        } catch (IOException e) {
            connectFailed(connection, e);
        }
    }

    private void connected(LoadConnection connection) throws IOException {
        connection.connected = true;
        if (connection.key == null) {
            connection.key = connection.channel.register(selector, SelectionKey.OP_READ, connection);
        } else {
            connection.key.interestOps(SelectionKey.OP_READ);
        }
        clock.connectDone();
    }

    private void connectFailed(LoadConnection connection, IOException e) {
        connectFailures++;
        if (firstError == null) {
            firstError = "connect to " + org.tcpkit.net.Peers.format(address) + " failed: " + e.getMessage();
        }
        close(connection);
        clock.connectDone();
    }

    /** Sends as many messages as the window allows; stays interested in writing if the socket is full. */
    private void pump(LoadConnection connection, long now) {
        try {
            while (true) {
                if (!connection.out.hasRemaining() && !fillBatch(connection, now)) {
                    connection.key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                // The clock starts before the write: on loopback the echo can be under way before write returns.
                long before = System.nanoTime();
                connection.channel.write(connection.out);
                recordWritten(connection, before);
                if (connection.out.hasRemaining()) {
                    connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
        } catch (IOException e) {
            error(connection, "send failed: " + e.getMessage());
        }
    }

    /** Counts the messages of the batch written in full so far, with the time the write that finished them began. */
    private static void recordWritten(LoadConnection connection, long now) {
        int complete = connection.out.position() / connection.pattern.size();
        while (connection.batched < complete) {
            connection.sendTimes[(int) (connection.sentMessages % connection.sendTimes.length)] = now;
            connection.sentMessages++;
            connection.batched++;
        }
    }

    private boolean fillBatch(LoadConnection connection, long now) {
        if (!maySend(now)) {
            return false;
        }
        long allowed = Math.min(maxInFlight - connection.inFlight(), messageLimit - connection.sentMessages);
        int size = config.size();
        int fits = Math.max(1, connection.out.capacity() / size);
        int batch = (int) Math.min(allowed, fits);
        if (batch <= 0) {
            return false;
        }
        byte[] target = connection.out.array();
        for (int i = 0; i < batch; i++) {
            connection.pattern.write(connection.sentMessages + i, target, i * size);
        }
        connection.out.position(0).limit(batch * size);
        connection.batched = 0;
        return true;
    }

    /** Reads what has arrived, checks it, and records the messages it completes. */
    private boolean read(LoadConnection connection, long now) {
        int n;
        try {
            in.clear();
            n = connection.channel.read(in);
        } catch (IOException e) {
            error(connection, "receive failed: " + e.getMessage());
            return false;
        }
        if (n < 0) {
            error(connection, "the server closed the connection");
            return false;
        }
        if (n == 0) {
            return false;
        }
        long sent = connection.sentMessages * (long) config.size()
                + connection.out.position() - (long) connection.batched * config.size();
        long expectedMax = sent - connection.receivedBytes;
        if (n > expectedMax) {
            error(connection, "received " + (n - expectedMax) + " bytes more than were sent");
            return false;
        }
        int bad = connection.pattern.check(connection.receivedBytes, inBytes, 0, n);
        if (bad >= 0) {
            error(connection, "echoed byte " + (connection.receivedBytes + bad) + " differs from the byte sent");
            return false;
        }
        long before = connection.receivedMessages();
        connection.receivedBytes += n;
        verifiedBytes += n;
        long after = connection.receivedMessages();
        for (long m = before; m < after; m++) {
            long sentAt = connection.sendTimes[(int) (m % connection.sendTimes.length)];
            if (clock.measures(sentAt, now)) {
                latencies.recordValue(Math.min(now - sentAt, latencies.getHighestTrackableValue()));
                measuredMessages++;
                measuredBytes += config.size();
            }
        }
        if (after > before) {
            lastEchoNanos = now;
            echoedMessages += after - before;
        }
        return true;
    }

    private void error(LoadConnection connection, String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
        if (connection != null) {
            close(connection);
        }
    }

    private static void close(LoadConnection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        try {
            if (connection.channel.isOpen() && connection.connected) {
                // An abortive close: no TIME_WAIT, so repeated runs of thousands of connections do not
                // exhaust the local ports.
                connection.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            connection.channel.close();
        } catch (IOException e) {
            // Nothing more to do for this connection.
        }
    }
}
