package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.testing.Wire;

/** The server's lifecycle and limits, whatever its handlers and clients do. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpServerTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.TcpServer");
    private final List<TcpServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        servers.forEach(TcpServer::stop);
    }

    private TcpServer server(ListenConfig config, ConnectionHandler handler) {
        TcpServer server = new TcpServer("test", config, null, handler, LOG);
        servers.add(server);
        return server;
    }

    private static ListenConfig loopback() {
        return ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress());
    }

    private Socket connect(int port) throws IOException {
        Socket socket = Wire.connect(port);
        sockets.add(socket);
        return socket;
    }

    private static void awaitZero(TcpServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((server.activeThreads() > 0 || server.openConnections() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.activeThreads(), "connection threads");
        assertEquals(0, server.openConnections(), "open connections");
    }

    @Test
    void anErrorInAHandlerLeavesNoConnectionCountedAndStopIsQuick() throws Exception {
        TcpServer server = server(loopback(), connection -> {
            throw new StackOverflowError("handler bug");
        });
        server.start();
        for (int i = 0; i < 3; i++) {
            assertTrue(Wire.closedByPeer(connect(server.port()), 10_000));
        }
        awaitZero(server);
        assertTimeoutPreemptively(Duration.ofSeconds(2), server::stop);
    }

    @Test
    void stopBeforeStartLeavesNothingListening() {
        TcpServer server = server(loopback(), new EchoSession(1024, LOG));
        server.stop();
        assertThrows(IOException.class, server::start);
        assertThrows(IllegalStateException.class, server::port);
    }

    @Test
    void anEchoClientOverItsAddressLimitIsClosedWithoutAWord() throws Exception {
        TcpServer server = server(loopback().withLimits(100, 2), new EchoSession(1024, LOG));
        server.start();
        Socket first = connect(server.port());
        Socket second = connect(server.port());
        for (Socket socket : List.of(first, second)) {
            socket.getOutputStream().write("hi\n".getBytes());
            assertArrayEquals("hi\n".getBytes(), Wire.readExactly(socket.getInputStream(), 3));
        }
        Socket third = connect(server.port());
        assertEquals(0, Wire.readToEnd(third.getInputStream()).length);
        first.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Socket again = connect(server.port());
        again.getOutputStream().write("back\n".getBytes());
        assertArrayEquals("back\n".getBytes(), Wire.readExactly(again.getInputStream(), 5));
    }

    @Test
    void theConnectionLimitRefusesTheNextClientAndCountsStayTrue() throws Exception {
        TcpServer server = server(loopback().withLimits(3, 0), new EchoSession(1024, LOG));
        server.start();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect(server.port());
            socket.getOutputStream().write("x\n".getBytes());
            Wire.readExactly(socket.getInputStream(), 2);
            held.add(socket);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(0, Wire.readToEnd(connect(server.port()).getInputStream()).length);
        }
        assertEquals(3, server.openConnections());
        for (Socket socket : held) {
            socket.close();
        }
        awaitZero(server);
    }

    @Test
    void listenersSharingOneAdmissionShareItsLimits() throws Exception {
        TcpServer first = server(loopback().withLimits(1, 0), new EchoSession(1024, LOG));
        TcpServer second = new TcpServer("other", loopback().withLimits(1, 0), null, new EchoSession(1024, LOG), LOG,
                first.admission());
        servers.add(second);
        first.start();
        second.start();
        Socket served = connect(first.port());
        served.getOutputStream().write("x\n".getBytes());
        Wire.readExactly(served.getInputStream(), 2);
        assertEquals(0, Wire.readToEnd(connect(second.port()).getInputStream()).length,
                "the second listener admitted a client beyond the one budget");
        served.close();
        awaitZero(first);
        Socket now = connect(second.port());
        now.getOutputStream().write("y\n".getBytes());
        assertArrayEquals("y\n".getBytes(), Wire.readExactly(now.getInputStream(), 2));
    }
    @Test
    void aClientTheServerClosedMayComeStraightBackWithinItsAddressLimit() throws Exception {
        // The handler reads one byte and ends while the client's other bytes wait unread, so the close lingers
        // to drop them; the client already sees its end and comes back at once.
        TcpServer server = server(loopback().withLimits(10, 1), connection -> {
            connection.socket().getOutputStream().write('!');
            connection.input().read();
            return DisconnectReason.CLOSED;
        });
        server.start();
        Socket first = connect(server.port());
        first.getOutputStream().write(new byte[100_000]);
        assertArrayEquals(new byte[] {'!'}, Wire.readToEnd(first.getInputStream()), "served, then closed");
        Socket again = connect(server.port());
        assertArrayEquals(new byte[] {'!'}, Wire.readExactly(again.getInputStream(), 1),
                "its place is free the moment it sees its connection end");
    }
    @Test
    void aClientClosedForIdlingMayComeStraightBackWhileItsThreadStillWindsUp() throws Exception {
        // The watchdog closes an idle client's socket from its own thread; the session's thread notices a moment
        // later (here: held until the test ends), and the client, which saw its end at once, is back already.
        java.util.concurrent.CountDownLatch windUp = new java.util.concurrent.CountDownLatch(1);
        TcpServer server = server(loopback().withLimits(10, 1).withIdleTimeout(Duration.ofMillis(300)), connection -> {
            connection.socket().getOutputStream().write('!');
            try {
                connection.input().read();
            } finally {
                try {
                    windUp.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return DisconnectReason.CLOSED;
        });
        server.start();
        try {
            Socket first = connect(server.port());
            assertArrayEquals(new byte[] {'!'}, Wire.readToEnd(first.getInputStream()), "served, then closed idle");
            Socket again = connect(server.port());
            assertArrayEquals(new byte[] {'!'}, Wire.readExactly(again.getInputStream(), 1),
                    "its place is free the moment its socket is closed");
        } finally {
            windUp.countDown();
        }
    }
}
