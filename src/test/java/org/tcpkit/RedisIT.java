package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.RedisProcess;

/** The built server.jar, two of them joined by a real Redis, as an operator runs them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisIT {
    private static RedisProcess redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.startOrSkip();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private Jars.Server server(String namespace) throws Exception {
        return Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0", "--irc-port", "0",
                "--redis", redis.url(), "--redis-namespace", namespace, "--redis-timeout", "1.5",
                "--redis-retry", "0.5", "--log-file", dir.resolve(namespace + "-" + System.nanoTime() + ".log")
                        .toString());
    }

    @Test
    void aServerKilledWithoutAGoodbyeHasItsMembersLeaveAndItsNamesFreed() throws Exception {
        try (Jars.Server a = server("kill"); Jars.Server b = server("kill");
             IrcClient bob = IrcClient.connect(b.ircPort()).register("bob")) {
            assertTrue(a.stdout().stream().anyMatch(l -> l.startsWith("Rooms shared with the other chat servers on "
                    + "Redis at " + redis.url() + " (namespace kill, this server is ")), String.valueOf(a.stdout()));
            IrcClient ann = IrcClient.connect(a.ircPort()).register("ann");
            bob.expect(":ann!\\S+ JOIN #lobby");
            ann.send("PRIVMSG #lobby :hello from a");
            bob.expect(":ann!\\S+ PRIVMSG #lobby :hello from a");

            a.process().destroyForcibly();
            assertTrue(a.process().waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            bob.expect(":ann!\\S+ QUIT :Server lost: no word from it for 2 s");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(millis < 1_500 + 2 * 375 + 1_000, "ann left " + millis + " ms after the kill");
            try (IrcClient again = IrcClient.connect(b.ircPort()).register("ann")) {
                again.expect(" 366 ann #lobby ");
            }
            ann.close();
        }
    }

    @Test
    void aServerWhoseRedisIsAwayStillServesItsOwnMembers() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        try (Jars.Server alone = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0", "--irc-port", "0",
                "--redis", "redis://127.0.0.1:" + closed, "--redis-retry", "0.5",
                "--log-file", dir.resolve("alone.log").toString());
             IrcClient ann = IrcClient.connect(alone.ircPort()).register("ann");
             IrcClient bob = IrcClient.connect(alone.ircPort()).register("bob")) {
            ann.expect(":bob!\\S+ JOIN #lobby");
            bob.send("PRIVMSG #lobby :local chat goes on");
            ann.expect(":bob!\\S+ PRIVMSG #lobby :local chat goes on");
            // The link is tried on a thread of its own: its first failure is logged when it comes.
            String expected = "chat relay: cannot reach Redis at redis://127.0.0.1:" + closed;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!java.nio.file.Files.readString(dir.resolve("alone.log")).contains(expected)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(143, alone.terminate());
        }
        String log = java.nio.file.Files.readString(dir.resolve("alone.log"));
        assertTrue(log.contains("chat relay: cannot reach Redis at redis://127.0.0.1:" + closed), log);
    }

    @Test
    void aBadRedisUrlIsRefusedWithOneLine() throws Exception {
        Jars.Result result = Jars.run(dir, Jars.command(java.util.List.of(), "server.jar", "chat", "--port", "0",
                "--redis", "http://127.0.0.1:6379"), "");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("--redis") && result.stderr().contains("not a Redis URL"),
                result.stderr());
        assertTrue(!result.stderr().contains("Exception") && !result.stderr().contains("\tat "), result.stderr());
    }
}
