package org.tcpkit.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import org.tcpkit.testing.Wire;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<EchoServer> servers = new ArrayList<>();

    private EchoServer start(ListenConfig config, int chunkSize) throws IOException {
        EchoServer server = new EchoServer(config, chunkSize);
        servers.add(server);
        server.start();
        return server;
    }

    private EchoServer start(int chunkSize) throws IOException {
        return start(ListenConfig.onPort(0).withBindAddress(LOOPBACK), chunkSize);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(EchoServer::stop);
    }

    /** Sends everything from a second thread while reading, so large payloads cannot deadlock. */
    private static byte[] roundTrip(Socket socket, byte[] payload) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> sent = writer.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write(payload);
                out.flush();
                return null;
            });
            byte[] echo = Wire.readExactly(socket.getInputStream(), payload.length);
            sent.get(Wire.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return echo;
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void echoesAShortLine() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket socket = Wire.connect(server.port())) {
            byte[] line = "hello\n".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(line, roundTrip(socket, line));
        }
    }

    @Test
    void echoesMoreThanAMebibyteByteForByte() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(payload);
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                payload[i] = 'n';
            }
        }
        try (Socket socket = Wire.connect(server.port())) {
            assertArrayEquals(payload, roundTrip(socket, payload));
        }
    }

    @Test
    void echoesEveryByteValueIncludingNulAndInvalidUtf8() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        byte[] payload = new byte[256 * 3 + 4];
        for (int i = 0; i < 256 * 3; i++) {
            payload[i] = (byte) i;
        }
        payload[payload.length - 4] = (byte) 0xC3;
        payload[payload.length - 3] = (byte) 0x28;
        payload[payload.length - 2] = (byte) 0xFF;
        payload[payload.length - 1] = 0;
        try (Socket socket = Wire.connect(server.port())) {
            assertArrayEquals(payload, roundTrip(socket, payload));
        }
    }

    @Test
    void multiByteCharactersSplitAcrossPortionsComeBackIntact() throws Exception {
        EchoServer server = start(3);
        String text = "Привет, 世界! 🙂 ё\n";
        byte[] payload = text.repeat(200).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = Wire.connect(server.port())) {
            assertEquals(text.repeat(200), new String(roundTrip(socket, payload), StandardCharsets.UTF_8));
        }
    }

    @Test
    void exitLineIsEchoedThenTheServerClosesAndDiscardsTheRest() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket socket = Wire.connect(server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("one\r\nexit\r\nafter exit\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = Wire.readToEnd(socket.getInputStream());
            assertEquals("one\r\nexit\r\n", new String(all, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void exitSplitAcrossPacketsStillEndsTheSession() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket socket = Wire.connect(server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("ex".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("ex", new String(Wire.readExactly(in, 2), StandardCharsets.US_ASCII));
            out.write("it\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("it\n", new String(Wire.readToEnd(in), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void keepsListeningAfterAClientLeaves() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        for (int round = 0; round < 3; round++) {
            try (Socket socket = Wire.connect(server.port())) {
                byte[] line = ("round " + round + "\nexit\n").getBytes(StandardCharsets.US_ASCII);
                socket.getOutputStream().write(line);
                assertArrayEquals(line, Wire.readToEnd(socket.getInputStream()));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadMode.class, names = {"PLATFORM", "AUTO"})
    void servesManyClientsAtOnce(ThreadMode threads) throws Exception {
        ListenConfig config = new ListenConfig(LOOPBACK, 0, 1, 4096, 10_000, Duration.ofSeconds(30), threads);
        EchoServer server = start(config, EchoServer.DEFAULT_CHUNK_SIZE);
        int clients = 200;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                sockets.add(Wire.connect(server.port()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Socket socket = sockets.get(i);
                    int id = i;
                    results.add(pool.submit(() -> {
                        Random random = new Random(id);
                        for (int message = 0; message < 20; message++) {
                            byte[] payload = new byte[1 + random.nextInt(3000)];
                            random.nextBytes(payload);
                            payload[0] = 'x';
                            if (!java.util.Arrays.equals(payload, roundTrip(socket, payload))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertTrue(result.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(clients, server.tcp().openConnections());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotDelayOthers() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket stalled = Wire.connect(server.port()); Socket other = Wire.connect(server.port())) {
            // The stalled client sends far more than the socket buffers hold and never reads.
            Thread flooder = new Thread(() -> {
                try {
                    byte[] block = new byte[64 * 1024];
                    for (int i = 0; i < 256; i++) {
                        stalled.getOutputStream().write(block);
                    }
                } catch (IOException expectedOnceClosed) {
                    // The test closes the socket at the end.
                }
            });
            flooder.setDaemon(true);
            flooder.start();
            Thread.sleep(300);
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                byte[] line = ("ping " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(line, roundTrip(other, line));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 5_000, "100 round trips took " + millis + " ms next to a stalled client");
            assertTrue(flooder.isAlive(), "the stalled client should still be blocked writing");
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedAfterTheIdleTimeout() throws Exception {
        EchoServer server = start(ListenConfig.onPort(0).withBindAddress(LOOPBACK)
                .withIdleTimeout(Duration.ofSeconds(1)), EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket stalled = Wire.connect(server.port())) {
            stalled.setSendBufferSize(8192);
            byte[] block = new byte[64 * 1024];
            IOException failure = assertThrows(IOException.class, () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline) {
                    stalled.getOutputStream().write(block);
                }
            });
            assertTrue(failure.getMessage() != null, "the write should fail once the server closes");
        }
        assertEquals(0, waitForNoConnections(server));
    }

    @Test
    void anIdleClientIsClosedAfterTheIdleTimeout() throws Exception {
        EchoServer server = start(ListenConfig.onPort(0).withBindAddress(LOOPBACK)
                .withIdleTimeout(Duration.ofMillis(500)), EchoServer.DEFAULT_CHUNK_SIZE);
        try (Socket idle = Wire.connect(server.port())) {
            assertTrue(Wire.closedByPeer(idle, 5_000));
        }
    }

    @Test
    void stopClosesOpenConnectionsAndTheListener() throws Exception {
        EchoServer server = start(EchoServer.DEFAULT_CHUNK_SIZE);
        int port = server.port();
        try (Socket socket = Wire.connect(port)) {
            byte[] line = "before stop\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(line, roundTrip(socket, line));
            server.stop();
            assertTrue(Wire.closedByPeer(socket, 5_000));
        }
        assertThrows(IOException.class, () -> Wire.connect(port).close());
    }

    @Test
    void movesToTheNextPortWhenTheFirstIsBusy() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(LOOPBACK, 0));
            int taken = busy.getLocalPort();
            EchoServer server = start(new ListenConfig(LOOPBACK, taken, 20, 50, 100, Duration.ofSeconds(5),
                    ThreadMode.AUTO), EchoServer.DEFAULT_CHUNK_SIZE);
            assertNotEquals(taken, server.port());
            assertTrue(server.tcp().fellBack());
            assertEquals(taken, server.tcp().requestedPort());
            try (Socket socket = Wire.connect(server.port())) {
                byte[] line = "fallback\n".getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(line, roundTrip(socket, line));
            }
        }
    }

    @Test
    void failsWithTheRangeNamedWhenFallbackIsOff() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(LOOPBACK, 0));
            int taken = busy.getLocalPort();
            EchoServer server = new EchoServer(new ListenConfig(LOOPBACK, taken, 1, 50, 100,
                    Duration.ofSeconds(5), ThreadMode.AUTO), EchoServer.DEFAULT_CHUNK_SIZE);
            BindException e = assertThrows(BindException.class, server::start);
            assertTrue(e.getMessage().contains("port " + taken), e.getMessage());
        }
    }

    @Test
    void virtualThreadsAreUsedWhenTheJvmHasThem() {
        boolean modern = Runtime.version().feature() >= 21;
        assertEquals(modern, Threads.virtualAvailable());
        assertEquals(modern ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM, Threads.resolve(ThreadMode.AUTO));
    }

    private static int waitForNoConnections(EchoServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.tcp().openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return server.tcp().openConnections();
    }
}
