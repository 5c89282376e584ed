package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.RedisProcess;

/**
 * What anyone who can publish on the chat's Redis channel can do to the servers on it: with no secret, every
 * event is still checked as a client's input is; with a secret, nothing forged or replayed is believed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelayHostileTest {
    private static RedisProcess redis;
    private LinkedServers linked;

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
    void link() {
        linked = new LinkedServers(redis);
    }

    @AfterEach
    void stop() throws Exception {
        linked.close();
    }

    private void publish(String... messages) {
        linked.append(messages);
    }

    /** An event as a server would send it, unsigned. */
    private static String event(String from, long n, String type, String fields) {
        return "{\"v\":1,\"from\":\"" + from + "\",\"n\":" + n + ",\"ts\":" + System.currentTimeMillis()
                + ",\"seq\":0,\"type\":\"" + type + "\"," + fields + "}";
    }

    @Test
    void relayedTextIsNeutralizedAndForgedNamesHostsAndRoomsReachNobody() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.server();
        IrcClient bob = a.irc("bob");
        IrcClient eve = b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        String from = linked.id(1);
        publish(event(from, 1_000, "said", "\"nick\":\"eve\",\"room\":\"#lobby\",\"speech\":\"message\","
                        + "\"text\":\"\\u001b]0;pwned\\u0007 \\u202eevil\\u200b\""),
                event(from, 1_001, "arrived", "\"nick\":\"ghost\",\"user\":\"x PRIVMSG #lobby :INJECTED@h\","
                        + "\"real\":\"G\",\"host\":\"h\",\"server\":\"" + from + "\",\"lobby\":true"),
                event(from, 1_002, "arrived", "\"nick\":\"ghost\",\"user\":\"x\",\"real\":\"G\","
                        + "\"host\":\"" + "h".repeat(4000) + "\",\"server\":\"" + from + "\",\"lobby\":true"),
                event(from, 1_003, "joined", "\"nick\":\"eve\",\"room\":\"#lob\\u001bby\",\"move\":false"),
                event(from, 1_004, "left", "\"nick\":\"eve\",\"reason\":\"\\u001b[2J" + "x".repeat(300) + "\""));
        eve.send("PRIVMSG #lobby :after the forgeries");
        List<String> seen = bob.until(":eve!\\S+ PRIVMSG #lobby :after the forgeries");
        assertEquals(List.of(":eve!~eve@127.0.0.1 PRIVMSG #lobby :?]0;pwned? ?evil?",
                ":eve!~eve@127.0.0.1 PRIVMSG #lobby :after the forgeries"), seen);
        assertEquals(null, a.chat.member("ghost"));
        assertEquals(2, a.chat.size(), "bob and eve only");
        assertEquals(1, a.chat.roomCount(), "no room but the lobby");
    }

    @Test
    void aJoinWithoutTheRoomsKeyIsRefusedOnEveryServerAndForgedTagsReachNobody() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.server();
        IrcClient bob = a.irc("bob");
        IrcClient eve = b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        bob.send("JOIN #vault");
        bob.expect(" 366 bob #vault ");
        bob.send("MODE #vault +k s3cret");
        bob.expect("MODE #vault \\+k");
        String from = linked.id(1);
        publish(event(from, 4_000, "joined", "\"nick\":\"eve\",\"room\":\"#vault\",\"move\":false"),
                event(from, 4_001, "joined", "\"nick\":\"eve\",\"room\":\"#vault\",\"move\":false,"
                        + "\"key\":\"guess\""),
                event(from, 4_002, "said", "\"nick\":\"eve\",\"room\":\"#lobby\",\"speech\":\"message\","
                        + "\"text\":\"forged tags\",\"tags\":\"account=ghost;+ok=1\""));
        eve.send("PRIVMSG #lobby :after");
        List<String> seen = bob.until("PRIVMSG #lobby :after");
        assertTrue(seen.stream().noneMatch(l -> l.contains("JOIN #vault")),
                "the joins without the key were refused where they were applied: " + seen);
        assertTrue(seen.stream().noneMatch(l -> l.contains("forged tags")),
                "a line with server tags among its client tags is refused whole: " + seen);
        assertTrue(!a.chat.member("eve").isIn(a.chat.room("#vault"))
                && !b.chat.member("eve").isIn(b.chat.room("#vault")), "on neither server");
        eve.send("JOIN #vault s3cret");
        assertEquals(":eve!~eve@127.0.0.1 JOIN #vault", bob.expect("JOIN #vault"), "with the key, in");
    }

    @Test
    void forgedJoinsMakeNoRoomBeyondTheLimit() throws Exception {
        ChatLimits five = new ChatLimits(5, 100, 32);
        IrcFixture a = linked.server(five, null, 1_500);
        IrcFixture b = linked.server(five, null, 1_500);
        IrcClient bob = a.irc("bob");
        IrcClient eve = b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        List<String> joins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            joins.add(event(linked.id(1), 2_000 + i, "joined", "\"nick\":\"eve\",\"room\":\"#forged" + i
                    + "\",\"move\":false"));
        }
        publish(joins.toArray(String[]::new));
        eve.send("PRIVMSG #lobby :done");
        bob.expect(":eve!\\S+ PRIVMSG #lobby :done");
        assertEquals(5, a.chat.roomCount(), "rooms: " + a.chat.rooms());
    }

    @Test
    void membersOfAServerThatIsNotAliveAreNotBelieved() throws Exception {
        IrcFixture a = linked.server();
        IrcClient bob = a.irc("bob");
        List<String> phantoms = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            phantoms.add(event("deadbeef", i + 1, "arrived", "\"nick\":\"p" + i + "\",\"user\":\"x\","
                    + "\"real\":\"P\",\"host\":\"h\",\"server\":\"deadbeef\",\"lobby\":true"));
        }
        publish(phantoms.toArray(String[]::new));
        IrcClient ann = a.irc("ann");
        bob.expect(":ann!\\S+ JOIN #lobby");
        bob.send("LUSERS");
        assertEquals(":tcpkit 251 bob :There are 2 users and 0 invisible on 1 servers", bob.expect(" 251 "));
        ann.close();
    }

    @Test
    void aNameIsHeldByTheServerRedisSaysHoldsItAndOnlyOperatorsKill() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.server();
        IrcClient bob = a.irc("bob");
        IrcClient eve = b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        String from = linked.id(1);
        publish(event(from, 3_000, "arrived", "\"nick\":\"bob\",\"user\":\"x\",\"real\":\"B\",\"host\":\"h\","
                        + "\"server\":\"" + from + "\",\"lobby\":true"),
                event(from, 3_001, "renamed", "\"nick\":\"eve\",\"to\":\"bob\""),
                event(from, 3_002, "killed", "\"nick\":\"eve\",\"target\":\"bob\",\"reason\":\"bye\""),
                event(linked.id(0), 3_003, "arrived", "\"nick\":\"mallory\",\"user\":\"x\",\"real\":\"M\","
                        + "\"host\":\"h\",\"server\":\"" + linked.id(0) + "\",\"lobby\":true"));
        eve.send("PRIVMSG #lobby :still here?");
        bob.expect(":eve!\\S+ PRIVMSG #lobby :still here\\?");
        bob.send("PING :alive");
        assertEquals(":tcpkit PONG tcpkit :alive", bob.expect("PONG"), "bob is still connected");
        assertTrue(a.chat.member("bob").isLocal());
        assertEquals(linked.id(0), b.chat.member("bob").server(), "B still knows bob as A's");
        assertNotNull(b.chat.member("eve"));
        assertEquals(null, a.chat.member("mallory"), "nothing claims to come from a server that did not send it");
    }

    @Test
    void aFloodOfHellosCostsOneMemberListASecond() throws Exception {
        IrcFixture a = linked.server();
        linked.server();
        a.irc("bob");
        List<String> hellos = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            hellos.add(event(linked.id(1), 4_000 + i, "hello", "\"server\":\"" + linked.id(1) + "\""));
        }
        int before = heres(linked.entries());
        long started = System.nanoTime();
        publish(hellos.toArray(String[]::new));
        // Watch the answers for 1.5 s after the flood: a rate is what is measured here.
        Thread.sleep(1_500);
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1);
        int heres = heres(linked.entries()) - before;
        assertTrue(heres >= 1, "the hellos were answered");
        assertTrue(heres <= seconds + 1, heres + " member lists in " + seconds + " s");
    }

    /** How many of the first server's member lists are among {@code entries}. */
    private int heres(List<String> entries) {
        int count = 0;
        for (String entry : entries) {
            if (entry.contains("\"type\":\"here\"") && entry.contains("\"from\":\"" + linked.id(0) + "\"")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void withASecretNothingForgedOrReplayedIsBelieved() throws Exception {
        String secret = "correct horse battery staple";
        IrcFixture a = linked.server(ChatLimits.DEFAULT, secret, 1_500);
        IrcFixture b = linked.server(ChatLimits.DEFAULT, secret, 1_500);
        IrcClient bob = a.irc("bob");
        IrcClient eve = b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        eve.send("PRIVMSG #lobby :once");
        bob.expect(":eve!\\S+ PRIVMSG #lobby :once");
        List<String> eves = linked.entries().stream().filter(e -> e.contains("\"text\":\"once\"")).toList();
        String signed = eves.get(0);
        assertTrue(signed.contains("\"sig\":\""), signed);
        publish(signed, signed.replace("once", "twice"), event(linked.id(1), 9_999, "said",
                "\"nick\":\"eve\",\"room\":\"#lobby\",\"speech\":\"message\",\"text\":\"forged\""));
        eve.send("PRIVMSG #lobby :after");
        List<String> seen = bob.until(":eve!\\S+ PRIVMSG #lobby :after");
        assertEquals(List.of(":eve!~eve@127.0.0.1 PRIVMSG #lobby :after"), seen);
    }
}
