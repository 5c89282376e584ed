package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.Outbox;

/**
 * A chat member's outbox over a real loopback socket: a client that keeps reading keeps its lines however far
 * the server falls behind (up to the bound on memory); a client that stopped reading is let go.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutboxOverSocketsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Outbox");

    private ServerSocket listener;
    private Socket client;
    private Socket served;
    private Connection connection;
    private Outbox outbox;

    @BeforeEach
    void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket();
        client.setReceiveBufferSize(4096);
        client.connect(listener.getLocalSocketAddress(), 5_000);
        client.setSoTimeout(10_000);
        served = listener.accept();
        connection = new Connection(served, served);
        connection.openStreams();
        outbox = Outbox.open(connection, Thread::new, LOG, new org.tcpkit.log.Repeats(LOG));
    }

    @AfterEach
    void close() throws Exception {
        outbox.abort();
        client.close();
        served.close();
        listener.close();
    }

    @Test
    void aClientThatKeepsReadingKeepsEveryLineWhenTheServerQueuesFasterThanItSends() throws Exception {
        int lines = 3_000;
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readBytes(client, lines * 1024));
        for (int i = 0; i < lines; i++) {
            assertTrue(outbox.offer(line(i)), "line " + i + " refused: " + outbox.overflowDetail());
        }
        byte[] got = read.get(20, TimeUnit.SECONDS);
        for (int i = 0; i < lines; i++) {
            assertArrayEquals(line(i), Arrays.copyOfRange(got, i * 1024, (i + 1) * 1024), "line " + i);
        }
        assertNull(outbox.overflow());
    }

    @Test
    void aClientThatStoppedReadingIsLetGoOnceItsSocketHasTakenNothingForAWhile() throws Exception {
        java.time.Duration stall = java.time.Duration.ofMillis(500);
        outbox.abort();
        outbox = Outbox.open(connection, Thread::new, LOG, new org.tcpkit.log.Repeats(LOG), stall);
        int accepted = 0;
        while (accepted * 1024L <= Outbox.LIMIT_BYTES + 4 * Outbox.SEND_BUFFER) {
            assertTrue(outbox.offer(line(accepted)), "refused early: " + outbox.overflowDetail());
            accepted++;
        }
        long deadline = System.nanoTime() + stall.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (connection.writeBlockedNanos(System.nanoTime()) <= stall.toNanos()) {
            assertTrue(System.nanoTime() < deadline, "the writer never blocked");
            Thread.sleep(20);
        }
        assertFalse(outbox.offer(line(accepted)));
        assertEquals("dropped as too slow", outbox.overflow());
        assertTrue(outbox.overflowDetail().startsWith("it took nothing for "), outbox.overflowDetail());
    }

    @Test
    void whatWaitsForAClientIsBoundedBeforeItCountsAsStopped() {
        int accepted = 0;
        while (outbox.offer(line(accepted))) {
            accepted++;
            assertTrue(accepted * 1024L <= Outbox.MOST_BYTES + 4 * Outbox.SEND_BUFFER, "no bound on memory");
        }
        assertTrue(accepted * 1024L > Outbox.MOST_BYTES - 4 * Outbox.SEND_BUFFER, "refused after " + accepted);
        assertEquals("dropped as too far behind", outbox.overflow());
    }

    /** A 1 KiB line numbered {@code i}. */
    private static byte[] line(int i) {
        byte[] line = new byte[1024];
        Arrays.fill(line, (byte) ('a' + i % 26));
        byte[] number = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(number, 0, line, 0, number.length);
        line[1023] = '\n';
        return line;
    }

    private static byte[] readBytes(Socket socket, int count) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream(count);
            byte[] buffer = new byte[4096];
            while (all.size() < count) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
            }
            return all.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
