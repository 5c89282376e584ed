package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.redis.RedisSettings;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.RedisProcess;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.TcpProxy;

/**
 * Servers on one Redis stream: a server cut from Redis gets what the others said meanwhile once, in order,
 * marked late, and they get what it said; a server that starts serves the rooms' history from the stream; a
 * stream trimmed past a server's place is found and answered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedLogTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    private static RedisProcess redis;
    private LinkedServers linked;
    private TcpProxy proxy;

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

    @BeforeEach
    void link() throws Exception {
        linked = new LinkedServers(redis);
        proxy = TcpProxy.to(redis.port());
    }

    @AfterEach
    void stop() throws Exception {
        linked.close();
        proxy.close();
    }

    @Test
    void aServerCutFromRedisGetsEveryLineSaidMeanwhileOnceInOrderAndLate() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.serverThrough(proxy);
        IrcClient ann = a.irc("ann");
        IrcClient watch = a.irc("watch");
        IrcClient bob = b.irc("bob");
        TagClient bea = b.line("bea");
        ann.expect(":bea!\\S+ JOIN #lobby");

        proxy.cut();
        bob.expect("NOTICE bob :The link to the other chat servers is lost; you reach only people on this server "
                + "until it is back, and lines said on the others meanwhile reach you then\\.");
        for (int i = 0; i < 50; i++) {
            ann.send("PRIVMSG #lobby :from a " + i);
        }
        bob.send("PRIVMSG #lobby :from b while cut");
        bob.send("PRIVMSG ann :private, while cut");
        // Who comes to A meanwhile is known on B once the link is back.
        IrcClient cid = a.irc("cid");
        watch.expect(":ann!\\S+ PRIVMSG #lobby :from a 49");

        proxy.mend();
        bob.expect("NOTICE bob :The link to the other chat servers is back\\.");
        // What A said meanwhile reaches B's members once, in order, each with the time it was said.
        Pattern late = Pattern.compile(":ann!\\S+ PRIVMSG #lobby :\\[" + TIME + "\\] from a (\\d+)");
        List<Integer> bobGot = new ArrayList<>();
        boolean cidCame = false;
        for (String line : bob.until("from a 49")) {
            Matcher m = late.matcher(line);
            if (m.find()) {
                bobGot.add(Integer.parseInt(m.group(1)));
            }
            cidCame |= line.matches(":cid!\\S+ JOIN #lobby");
            assertTrue(!line.contains(" PRIVMSG #lobby :from a") || m.find(0), "marked late: " + line);
        }
        assertEquals(range(50), bobGot);
        if (!cidCame) {
            // cid came while ann's lines were on their way: in the log, before or after the last of them.
            bob.expect(":cid!\\S+ JOIN #lobby");
        }
        List<Integer> beaGot = new ArrayList<>();
        Pattern lateLine = Pattern.compile("= " + TIME + " <ann> from a (\\d+)");
        while (beaGot.size() < 50) {
            Matcher m = lateLine.matcher(bea.line());
            if (m.matches()) {
                beaGot.add(Integer.parseInt(m.group(1)));
            }
        }
        assertEquals(range(50), beaGot);
        // What B said meanwhile reaches A's members, late.
        ann.expect(":bob!\\S+ PRIVMSG #lobby :\\[" + TIME + "\\] from b while cut");
        ann.expect(":bob!\\S+ PRIVMSG ann :\\[" + TIME + "\\] private, while cut");
        cid.expect(":bob!\\S+ PRIVMSG #lobby :\\[" + TIME + "\\] from b while cut");

        ann.send("PRIVMSG #lobby :live again");
        assertEquals(List.of(":ann!~ann@127.0.0.1 PRIVMSG #lobby :live again"),
                bob.until("live again").stream().filter(l -> l.contains("PRIVMSG #lobby")).toList(),
                "nothing doubled, and live lines unmarked");
        LinkedServers.waitFor("both servers' views to agree", () -> LinkedServers.agree(a, b));
    }

    @Test
    void aServerThatStartsOrRestartsServesTheRoomsHistoryFromTheStream() throws Exception {
        IrcFixture a = linked.server();
        IrcClient ann = a.irc("ann");
        for (int i = 0; i < 5; i++) {
            ann.send("PRIVMSG #lobby :before " + i);
        }
        ann.send("JOIN #lab");
        ann.send("PRIVMSG #lab :in the lab");
        ann.send("PRIVMSG #lobby :last");
        LinkedServers.waitFor("the lines in the stream", () -> linked.entries().stream()
                .anyMatch(e -> e.contains("\"text\":\"last\"")));
        a.close();

        IrcFixture restarted = linked.server();
        TagClient bea = restarted.line("bea");
        assertEquals("* #lobby keeps its last 100 lines of the last 24 h; the last 6:", bea.line());
        for (int i = 0; i < 5; i++) {
            assertTrue(bea.line().matches("= " + TIME + " <ann> before " + i));
        }
        assertTrue(bea.line().matches("= " + TIME + " <ann> last"));
        bea.send("/join #lab");
        assertEquals("* You are in #lab now. Here (1): bea", bea.line());
        assertTrue(bea.line().startsWith("* #lab keeps its last 100 lines"));
        assertTrue(bea.line().matches("= " + TIME + " <ann> in the lab"));
    }

    @Test
    void aStreamTrimmedPastAServersPlaceIsFoundAndTheServersSayAgainWhoIsOnThem() throws Exception {
        IrcFixture a = linked.server(ChatLimits.DEFAULT, settings(redis.port()).withRetention(10, 3_600_000));
        IrcFixture b = linked.server(ChatLimits.DEFAULT, settings(proxy.port()).withRetention(10, 3_600_000));
        IrcClient ann = a.irc("ann");
        IrcClient cy = a.irc("cy");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");

        proxy.cut();
        bob.expect("NOTICE bob :The link to the other chat servers is lost");
        for (int i = 0; i < 400; i++) {
            ann.send("PRIVMSG #lobby :lost to b " + i);
        }
        cy.expect("lost to b 399");
        LinkedServers.waitFor("the stream trimmed", () -> linked.entries().size() < 300);
        proxy.mend();
        bob.expect("NOTICE bob :Some lines said on the other chat servers while the link was down could not be "
                + "recovered \\(the shared log no longer holds all the lines said while the link was down\\)");
        bob.expect("NOTICE bob :The link to the other chat servers is back");
        LinkedServers.waitFor("both servers' views to agree", () -> LinkedServers.agree(a, b)
                && b.chat.member("ann") != null);
        ann.send("PRIVMSG #lobby :after");
        bob.expect(":ann!\\S+ PRIVMSG #lobby :after");
    }

    private RedisSettings settings(int port) {
        return RedisSettings.parse("redis://127.0.0.1:" + port, null, linked.namespace, 1_500, 500);
    }

    private static List<Integer> range(int count) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        return all;
    }
}
