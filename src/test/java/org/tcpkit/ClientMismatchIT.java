package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcpkit.ClientRuns.client;
import static org.tcpkit.ClientRuns.oneLine;
import static org.tcpkit.ClientRuns.server;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TestKeys;

/** client.jar pointed at another kind of server than it was told says what the server is, in one line. */
@Timeout(180)
class ClientMismatchIT {
    @TempDir
    static Path keysDir;
    private static TestKeys keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        keys = TestKeys.make(keysDir);
    }

    @Test
    void aModeThatDoesNotMatchTheServerIsNamedInOneLine() throws Exception {
        try (Jars.Server echo = server(dir)) {
            long started = System.nanoTime();
            oneLine(client(dir, echo, "alice\n", "--mode", "auth"), "sent no greeting within 3 s: it is an echo "
                    + "server, not an auth server; leave out --mode");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10);
            oneLine(client(dir, echo, "alice\n", "chat"), "sent nothing within 3 s: it is not a chat server");
        }
        try (Jars.Server auth = server(dir, "--mode", "auth")) {
            oneLine(client(dir, auth, "hello\n", "--mode", "echo"), "begins a dialogue (\"info: tcpkit "
                    + "authentication server.");
            oneLine(client(dir, auth, "alice\n", "chat"), "is a login server, not a chat");
        }
        try (Jars.Server chat = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0")) {
            oneLine(client(dir, chat, "hello\n"), "is a chat server: use 'client.jar chat'");
        }
    }

    @Test
    void aPlainClientToATlsServerIsToldToAddTls() throws Exception {
        try (Jars.Server tls = server(dir, "--tls", "--keystore", keys.keystore().toString(), "--keystore-password",
                TestKeys.PASSWORD)) {
            oneLine(client(dir, tls, "hello\n"), "speaks TLS: add --tls");
            oneLine(client(dir, tls, "a much longer line than any TLS alert\n"), "speaks TLS: add --tls");
        }
    }
}
