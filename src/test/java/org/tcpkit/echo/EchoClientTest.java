package org.tcpkit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.Wire;

/** The echo client's end of a session, against a server over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoClientTest {
    @Test
    void exitEndsTheSendingSideSoAServerThatEchoesExitLikeAnyLineClosesToo() throws Exception {
        ExecutorService serverThread = Executors.newSingleThreadExecutor();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> sawTheEnd = new CompletableFuture<>();
            serverThread.execute(() -> echoUntilTheEnd(listener, sawTheEnd));
            try (EchoClient client = EchoClient.connect("127.0.0.1", listener.getLocalPort(), Duration.ofSeconds(30))) {
                client.sendExit();
                // The server closes only after it saw the end; the client returns only once the server closed.
                assertTrue(sawTheEnd.isDone(), "the client stopped waiting before the server saw its end");
                assertEquals("exit\n", new String(sawTheEnd.get(), StandardCharsets.US_ASCII));
            }
        } finally {
            serverThread.shutdownNow();
        }
    }

    /**
     * A plain RFC 862 server for one client, as with --no-exit-line: echoes all it gets, closes at its end;
     * {@code sawTheEnd} completes with what it got as soon as it saw the end, before it writes or closes.
     */
    private static void echoUntilTheEnd(ServerSocket listener, CompletableFuture<byte[]> sawTheEnd) {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            byte[] all = socket.getInputStream().readAllBytes();
            sawTheEnd.complete(all);
            socket.getOutputStream().write(all);
        } catch (IOException e) {
            sawTheEnd.completeExceptionally(new UncheckedIOException(e));
        }
    }
}
