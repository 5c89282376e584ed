package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Wire;

/** The identification and authentication dialogues over real loopback sockets, as a netcat user sees them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DialogueServersTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.DialogueServers");

    @TempDir
    Path dir;

    private final List<TcpServer> servers = new ArrayList<>();
    private final LoginThrottle throttle = new LoginThrottle();
    /** Cheap hashes keep the tests fast; the real cost is checked in PasswordHasherTest. */
    private final PasswordHasher hasher = new PasswordHasher(1000, 2);

    @AfterEach
    void stop() {
        servers.forEach(TcpServer::stop);
    }

    private Path users() {
        return dir.resolve("users.properties");
    }

    private int start(ConnectionHandler handler, org.tcpkit.net.ServerTls sockets) throws IOException {
        TcpServer server = new TcpServer("test", ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress()),
                sockets, handler, LOG);
        servers.add(server);
        server.start();
        return server.port();
    }

    private int ident(Duration answerTime) throws IOException {
        return start(new IdentSession(UserStore.open(users()), answerTime, new EchoSession(1024, LOG), LOG),
                null);
    }

    private int auth(Duration answerTime) throws IOException {
        return start(new AuthSession(UserStore.open(users()), hasher, throttle, answerTime, false,
                new EchoSession(1024, LOG), LOG), null);
    }

    private static void assertEchoes(TagClient client, String text) throws IOException {
        client.send(text);
        assertEquals(text, client.line());
    }

    @Test
    void identAsksAnUnknownAddressThenKnowsItEvenAfterARestart() throws Exception {
        int port = ident(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            assertEquals("This server does not know 127.0.0.1 yet.", client.expect("info"));
            client.expect("ask");
            client.send("  Алиса  ");
            assertTrue(client.expect("ok").startsWith("Nice to meet you, Алиса!"));
            assertEchoes(client, "echo after naming");
        }
        try (TagClient client = TagClient.connect(port)) {
            assertTrue(client.expect("ok").startsWith("Hello, Алиса!"));
            assertEchoes(client, "known");
        }
        servers.get(0).stop();
        int restarted = ident(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(restarted)) {
            assertTrue(client.expect("ok").startsWith("Hello, Алиса!"));
        }
    }

    @Test
    void identRefusesInvalidNamesThreeTimesThenSaysBye() throws Exception {
        int port = ident(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("");
            assertTrue(client.expect("error").contains("at least 1 character"));
            client.expect("ask");
            client.send("x".repeat(33));
            assertTrue(client.expect("error").contains("at most 32 characters"));
            client.expect("ask");
            client.send("bell\u0007");
            assertTrue(client.expect("error").contains("control"));
            assertTrue(client.expect("bye").contains("goodbye"));
            assertNull(client.line());
        }
        assertFalse(UserStore.open(users()).nameFor(InetAddress.getLoopbackAddress()).isPresent());
    }

    @Test
    void authRegistersThenLogsInAndStoresOnlyAHash() throws Exception {
        int port = auth(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            assertTrue(client.expect("info").contains("not encrypted"));
            client.expect("ask");
            client.send("alice");
            assertTrue(client.expect("ask").contains("Register alice"));
            client.send("yes");
            client.expect("secret");
            client.send("short");
            assertTrue(client.expect("error").contains("at least 8 characters"));
            client.expect("secret");
            client.send("s3cret-passw0rd");
            client.expect("secret");
            client.send("s3cret-passwOrd");
            assertEquals("The two passwords differ. Try again.", client.expect("error"));
            client.expect("secret");
            client.send("s3cret-passw0rd");
            client.expect("secret");
            client.send("s3cret-passw0rd");
            assertTrue(client.expect("ok").startsWith("Welcome, alice! You are registered."));
            assertEchoes(client, "registered and echoing");
        }
        String file = Files.readString(users());
        assertFalse(file.contains("s3cret"), file);
        assertTrue(file.contains("user.alice=pbkdf2-sha256$1000$"), file);
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("ALICE");
            assertEquals("Password for alice?", client.expect("secret"));
            client.send("s3cret-passw0rd");
            assertTrue(client.expect("ok").startsWith("Hello, alice!"));
            assertEchoes(client, "logged in");
        }
    }

    @Test
    void wrongPasswordsGetOneMessageAndTheThirdEndsTheConnection() throws Exception {
        UserStore.open(users()).register("bob", hasher.hash("right-password".toCharArray()));
        int port = auth(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("bob");
            client.expect("secret");
            client.send("wrong-one");
            assertEquals("Wrong name or password. 2 attempts left.", client.expect("error"));
            client.expect("secret");
            client.send("x".repeat(400));
            assertEquals("Wrong name or password. 1 attempt left.", client.expect("error"));
            client.expect("secret");
            client.send("wrong-three");
            assertEquals("Wrong name or password.", client.expect("error"));
            assertEquals("Too many failed attempts; goodbye.", client.expect("bye"));
            assertNull(client.line());
        }
    }

    @Test
    void repeatedFailuresDelayTheNextAttemptAndSuccessResetsTheDelay() throws Exception {
        UserStore.open(users()).register("carol", hasher.hash("right-password".toCharArray()));
        int port = auth(Duration.ofSeconds(10));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("carol");
            for (int i = 0; i < 3; i++) {
                client.expect("secret");
                client.send("wrong-" + i);
                client.expect("error");
            }
        }
        assertEquals(1_000, throttle.delayMillis("carol", "127.0.0.1"));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("carol");
            client.expect("secret");
            long started = System.nanoTime();
            client.send("wrong-again");
            assertEquals("1 s: too many wrong passwords for carol or from your address; your password is checked "
                    + "then", client.expect("wait"));
            client.expect("error");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 950, "the fourth failure was answered after " + waited + " ms");
            assertEquals(2_000, throttle.delayMillis("carol", "127.0.0.1"));
            client.expect("secret");
            client.send("right-password");
            client.expect("wait");
            client.expect("ok");
        }
        assertEquals(0, throttle.delayMillis("carol", "127.0.0.1"));
    }

    @Test
    void aLoginWhoseClientLeftDuringTheDelayIsNeitherCheckedNorCountedASuccess() throws Exception {
        org.tcpkit.testing.RecordingLogger log = new org.tcpkit.testing.RecordingLogger(false);
        UserStore.open(users()).register("dave", hasher.hash("right-password".toCharArray()));
        int port = start(new AuthSession(UserStore.open(users()), hasher, throttle, Duration.ofSeconds(10), false,
                new EchoSession(1024, LOG), log), null);
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("dave");
            for (int i = 0; i < 3; i++) {
                client.expect("secret");
                client.send("wrong-" + i);
                client.expect("error");
            }
        }
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("dave");
            client.expect("secret");
            client.send("right-password");
            client.expect("wait");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.lines().stream().noneMatch(l -> l.contains("login abandoned")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("login abandoned: \"dave\"")
                && l.contains("left during the delay")), log.lines().toString());
        assertTrue(log.lines().stream().noneMatch(l -> l.contains("login succeeded")), log.lines().toString());
    }

    @Test
    void aClientThatDoesNotAnswerIsToldAndDisconnected() throws Exception {
        int port = auth(Duration.ofMillis(700));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("dave");
            client.expect("ask");
            client.socket().getOutputStream().write("ye".getBytes());
            assertEquals("No answer within 700 ms; goodbye.", client.expect("bye"));
            assertNull(client.line());
        }
    }

    @Test
    void anOverLongLineIsRefusedWithoutBeingBuffered() throws Exception {
        int port = ident(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            client.expect("info");
            client.expect("ask");
            client.send("n".repeat(100_000));
            assertEquals("That line is longer than 256 bytes. Try again.", client.expect("error"));
            client.expect("ask");
            client.send("Eve");
            assertTrue(client.expect("ok").startsWith("Nice to meet you, Eve!"));
        }
    }

    @Test
    void answersSentAheadLikeANetcatPipeAreNotLost() throws Exception {
        int port = auth(Duration.ofSeconds(5));
        try (TagClient client = TagClient.connect(port)) {
            client.send("frank\nyes\npassword-1\npassword-1\nfirst echo\nexit");
            client.expect("info");
            client.expect("ask");
            client.expect("ask");
            client.expect("secret");
            client.expect("secret");
            client.expect("ok");
            assertEquals("first echo", client.line());
            assertEquals("exit", client.line());
            assertNull(client.line());
        }
    }

    @Test
    void fiftyClientsRegisteringAtOnceAllLand() throws Exception {
        // One address, fifty accounts: the registration limit is not what this test is about.
        int port = start(new AuthSession(UserStore.open(users()), hasher, throttle, Duration.ofSeconds(30), false,
                new EchoSession(1024, LOG), LOG).limitingRegistrations(new RegistrationLimit(0)), null);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "racer" + i;
                results.add(pool.submit(() -> {
                    try (TagClient client = TagClient.connect(port)) {
                        client.send(name + "\nyes\npassword-" + name + "\npassword-" + name);
                        client.expect("info");
                        client.expect("ask");
                        client.expect("ask");
                        client.expect("secret");
                        client.expect("secret");
                        return client.expect("ok");
                    }
                }));
            }
            for (Future<String> result : results) {
                assertTrue(result.get(50, TimeUnit.SECONDS).startsWith("Welcome, racer"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, UserStore.open(users()).accountNames().size());
    }

    @Test
    void loginOverTlsWithAKeyStoreMadeByKeytool() throws Exception {
        org.tcpkit.testing.TestKeys keys = org.tcpkit.testing.TestKeys.make(dir);
        Path certificate = keys.certificate();
        UserStore.open(users()).register("grace", hasher.hash("tls-password".toCharArray()));
        int port = start(new AuthSession(UserStore.open(users()), hasher, throttle, Duration.ofSeconds(5), true,
                new EchoSession(1024, LOG), LOG), keys.server());
        javax.net.SocketFactory sockets = org.tcpkit.net.Tls.clientSockets(null, null, certificate);
        try (org.tcpkit.echo.EchoClient client = org.tcpkit.echo.EchoClient.connect(sockets, "localhost", port,
                Duration.ofSeconds(10))) {
            List<String> asked = new ArrayList<>();
            DialogueConsole.Result result = DialogueConsole.run(client, new DialogueConsole.Answers() {
                @Override
                public String line(String prompt) {
                    asked.add(prompt);
                    return "grace";
                }

                @Override
                public char[] secret(String prompt) {
                    asked.add(prompt);
                    return "tls-password".toCharArray();
                }
            }, new java.io.PrintWriter(new java.io.StringWriter()));
            assertEquals(DialogueConsole.Outcome.ACCEPTED, result.outcome(), result.message());
            assertEquals(List.of("Name?", "Password for grace?"), asked);
            byte[] echo = client.exchange("over TLS\n".getBytes());
            assertEquals("over TLS\n", new String(echo));
        }
        try (java.net.Socket plain = Wire.connect(port)) {
            plain.getOutputStream().write("not TLS\n".getBytes());
            assertTrue(Wire.closedByPeer(plain, 5_000), "a plain-text client is turned away");
        }
    }
}
