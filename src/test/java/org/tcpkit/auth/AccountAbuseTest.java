package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Wire;

/** Guessing, registering and sharing the user file from many connections and processes at once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccountAbuseTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Accounts");
    private final List<TcpServer> servers = new ArrayList<>();

    @TempDir
    Path dir;

    private Path users() {
        return dir.resolve("users.properties");
    }

    @AfterEach
    void stop() {
        servers.forEach(TcpServer::stop);
    }

    private int start(AuthSession session) throws IOException {
        TcpServer server = new TcpServer("auth", ListenConfig.onPort(0)
                .withBindAddress(InetAddress.getLoopbackAddress()).withLimits(1000, 0), null, session, LOG);
        servers.add(server);
        server.start();
        return server.port();
    }

    private AuthSession session(PasswordHasher hasher, LoginThrottle throttle) throws StoreException {
        return new AuthSession(UserStore.open(users()), hasher, throttle, Duration.ofSeconds(60), false,
                new EchoSession(1024, LOG), LOG);
    }

    /** A client from a loopback address of our choosing (127.0.0.0/8 is all ours). */
    private static TagClient from(String address, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(address, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Wire.TIMEOUT_MILLIS);
        socket.setSoTimeout(60_000);
        return new TagClient(socket);
    }

    private static TagClient atPassword(TagClient client, String name) throws IOException {
        client.expect("info");
        client.expect("ask");
        client.send(name);
        client.expect("secret");
        return client;
    }

    @Test
    void twentyParallelGuessesTakeTwentyDelays() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 4);
        UserStore.open(users()).register("victim", hasher.hash("the-right-one".toCharArray()));
        LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis, 200, 200);
        int port = start(session(hasher, throttle));
        try (TagClient first = atPassword(from("127.0.0.1", port), "victim")) {
            for (int i = 0; i < 3; i++) {
                first.send("guess-" + i);
                first.expect("error");
                if (i < 2) {
                    first.expect("secret");
                }
            }
        }
        List<TagClient> guessers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guessers.add(atPassword(from("127.0.1." + (i + 1), port), "victim"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            long started = System.nanoTime();
            List<Future<Long>> answers = new ArrayList<>();
            for (TagClient guesser : guessers) {
                answers.add(pool.submit(() -> {
                    guesser.send("parallel-guess");
                    String answer = guesser.line();
                    if (answer.startsWith("wait: ")) {
                        answer = guesser.line();
                    }
                    assertTrue(answer.startsWith("error: "), answer);
                    return System.nanoTime() - started;
                }));
            }
            List<Long> times = new ArrayList<>();
            for (Future<Long> answer : answers) {
                times.add(TimeUnit.NANOSECONDS.toMillis(answer.get(60, TimeUnit.SECONDS)));
            }
            Collections.sort(times);
            // One check per 200 ms for the account, whatever the number of connections: the i-th answer
            // cannot come before (i + 1) slots have passed since the guesses were sent.
            for (int i = 0; i < times.size(); i++) {
                assertTrue(times.get(i) >= (i + 1) * 190L, "answers at " + times);
            }
        } finally {
            pool.shutdownNow();
            for (TagClient guesser : guessers) {
                guesser.close();
            }
        }
    }

    private static void register(TagClient client, String name) throws IOException {
        client.expect("info");
        client.expect("ask");
        client.send(name);
        client.expect("ask");
        client.send("yes");
        client.expect("secret");
        client.send("Correct-Horse-42");
        client.expect("secret");
        client.send("Correct-Horse-42");
        assertTrue(client.expect("ok").startsWith("Welcome, " + name + "!"));
    }

    @Test
    void anAddressMayRegisterOnlySoManyAccountsAnHour() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        int port = start(session(hasher, new LoginThrottle()).limitingRegistrations(new RegistrationLimit(3)));
        for (int i = 0; i < 3; i++) {
            try (TagClient client = from("127.0.2.1", port)) {
                register(client, "user" + i);
            }
        }
        try (TagClient client = from("127.0.2.1", port)) {
            client.expect("info");
            client.expect("ask");
            client.send("user3");
            assertEquals("There is no user user3, and your address may register at most 3 accounts an hour; try "
                    + "again later.", client.expect("bye"));
        }
        try (TagClient client = from("127.0.2.2", port)) {
            register(client, "elsewhere");
        }
        assertEquals(4, UserStore.open(users()).accountNames().size());
    }

    @Test
    void loginsDoNotWaitBehindRegistrationsForAHashingSlot() throws Exception {
        PasswordHasher hasher = new PasswordHasher(100_000, 1);
        UserStore.open(users()).register("alice", hasher.hash("alice-password".toCharArray()));
        int port = start(session(hasher, new LoginThrottle()).limitingRegistrations(new RegistrationLimit(0)));
        List<TagClient> registering = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TagClient client = from("127.0.3." + (i + 1), port);
            client.expect("info");
            client.expect("ask");
            client.send("flood" + i);
            client.expect("ask");
            client.send("yes");
            client.expect("secret");
            client.send("Correct-Horse-42");
            client.expect("secret");
            registering.add(client);
        }
        TagClient login = atPassword(from("127.0.4.1", port), "alice");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicLong lastRegistration = new AtomicLong();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TagClient client : registering) {
                client.send("Correct-Horse-42");
                done.add(pool.submit(() -> {
                    client.expect("ok");
                    lastRegistration.accumulateAndGet(System.nanoTime(), Math::max);
                    return null;
                }));
            }
            login.send("alice-password");
            assertTrue(login.expect("ok").startsWith("Hello, alice!"));
            long loggedIn = System.nanoTime();
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
            assertTrue(loggedIn < lastRegistration.get(), "the login waited for every registration to be hashed");
        } finally {
            pool.shutdownNow();
            login.close();
            for (TagClient client : registering) {
                client.close();
            }
        }
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersChangesAtOnce() throws Exception {
        UserStore a = UserStore.open(users());
        UserStore b = UserStore.open(users());
        assertTrue(a.register("alice", new PasswordHasher(1, 1).hash("password-1".toCharArray())));
        assertTrue(b.account("ALICE").isPresent(), "B does not see A's account");
        a.rememberAddress(InetAddress.getByName("10.0.0.7"), "seven");
        assertEquals("seven", b.nameFor(InetAddress.getByName("10.0.0.7")).orElse(null));
        assertTrue(b.register("bob", new PasswordHasher(1, 1).hash("password-2".toCharArray())));
        assertEquals(java.util.Set.of("alice", "bob"), a.accountNames());
    }

    @Test
    void rewritingTheFileKeepsItsModeAndOwner() throws Exception {
        UserStore store = UserStore.open(users());
        store.register("alice", new PasswordHasher(1, 1).hash("password-1".toCharArray()));
        Files.setPosixFilePermissions(users(), PosixFilePermissions.fromString("rw-r-----"));
        var nobody = users().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Files.setOwner(users(), nobody);
        }
        store.register("bob", new PasswordHasher(1, 1).hash("password-2".toCharArray()));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(users())));
        if (root) {
            assertEquals(nobody, Files.getOwner(users()));
        }
        assertEquals(2, UserStore.open(users()).accountNames().size());
    }

    @Test
    void twoProcessesRegisteringAtOnceLoseNothing() throws Exception {
        List<Process> racers = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String prefix : List.of("left", "right")) {
            racers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    UserStoreRacer.class.getName(), users().toString(), prefix, "40")
                    .redirectErrorStream(true).start());
        }
        for (Process racer : racers) {
            String output = new String(racer.getInputStream().readAllBytes());
            assertTrue(racer.waitFor(90, TimeUnit.SECONDS), "a racer did not finish");
            assertEquals(0, racer.exitValue(), output);
        }
        assertEquals(80, UserStore.open(users()).accountNames().size());
    }
}
