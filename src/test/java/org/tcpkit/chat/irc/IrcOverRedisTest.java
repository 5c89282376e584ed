package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.RedisMonitor;
import org.tcpkit.testing.RedisProcess;
import org.tcpkit.testing.TagClient;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * Chat servers in this process joined by a real Redis: one conversation across them, in one order, names
 * unique across them, and what happens when Redis goes away and comes back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IrcOverRedisTest {
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
    void stopServers() throws Exception {
        linked.close();
        if (!redis.alive()) {
            redis.restart();
        }
    }

    private IrcFixture server() throws Exception {
        return linked.server();
    }

    @Test
    void everyoneOnEitherServerSeesTheRoomsLinesAndNoticesInOneOrder() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        IrcClient cy = a.irc("cy");
        IrcClient watchA = a.irc("watchA");
        IrcClient watchB = b.irc("watchB");
        IrcClient dee = b.irc("dee");
        watchA.expect(":dee!\\S+ JOIN #lobby");

        int lines = 60;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> say(ann, "a", lines));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> say(bob, "b", lines));
        cy.send("PART #lobby :back soon");
        cy.send("JOIN #lobby");
        fromA.get(20, TimeUnit.SECONDS);
        fromB.get(20, TimeUnit.SECONDS);
        boolean lastOfA = false;
        boolean lastOfB = false;
        while (!(lastOfA && lastOfB)) {
            String line = dee.expect("PRIVMSG #lobby :[ab] " + (lines - 1) + "$");
            lastOfA |= line.endsWith(":a " + (lines - 1));
            lastOfB |= line.endsWith(":b " + (lines - 1));
        }
        cy.send("PRIVMSG #lobby :the end");

        List<String> seenA = events(watchA);
        List<String> seenB = events(watchB);
        assertEquals(2 * lines + 3, seenA.size(), "everything reached watchA: " + seenA);
        assertEquals(seenA, seenB, "both servers' members saw one order");
        assertEquals(ordered("a", lines), only(seenA, "a "), "ann's lines in the order she said them");
        assertEquals(ordered("b", lines), only(seenA, "b "), "bob's lines in the order he said them");
    }

    @Test
    void modesKicksAndInvitationsCrossServers() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");
        ann.send("JOIN #lab");
        ann.expect(" 366 ann #lab ");
        bob.send("JOIN #lab");
        ann.expect(":bob!\\S+ JOIN #lab");
        ann.send("MODE #lab +mi");
        bob.expect(":ann!\\S+ MODE #lab \\+mi");
        bob.send("PRIVMSG #lab :may I?");
        assertEquals(":tcpkit 404 bob #lab :Cannot send to channel (+m)", bob.expect(" 404 "),
                "the other server knows the room is moderated");
        ann.send("KICK #lab bob :not now");
        assertEquals(":ann!~ann@127.0.0.1 KICK #lab bob :not now", bob.expect("KICK"));
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 473 bob #lab :Cannot join channel (+i)", bob.expect(" 473 "));
        ann.send("INVITE bob #lab");
        assertEquals(":ann!~ann@127.0.0.1 INVITE bob #lab", bob.expect("INVITE"));
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        ann.expect(":bob!\\S+ JOIN #lab");
    }

    @Test
    void tagsIdsLabelsAndHistoryAreTheSameOnEitherServer() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        String caps = "batch draft/chathistory echo-message labeled-response message-tags server-time";
        IrcClient ann = a.withCaps("ann", caps);
        IrcClient bob = b.withCaps("bob", caps);
        ann.expect(":bob!\\S+ JOIN #lobby");
        ann.send("@label=L1;+draft/reply=x PRIVMSG #lobby :across");
        String echo = ann.expect("PRIVMSG #lobby :across");
        String heard = bob.expect("PRIVMSG #lobby :across");
        assertEquals("L1", IrcClient.tag(echo, "label"), "the echo is the labeled answer, though the line went through Redis");
        assertEquals(IrcClient.tag(echo, "msgid"), IrcClient.tag(heard, "msgid"), "one id on both servers");
        assertEquals(IrcClient.tag(echo, "time"), IrcClient.tag(heard, "time"), "one time on both servers");
        assertEquals("x", IrcClient.tag(heard, "+draft/reply"));
        ann.send("@+typing=active TAGMSG bob");
        assertEquals("active", IrcClient.tag(bob.expect("TAGMSG bob"), "+typing"));
        bob.send("CHATHISTORY LATEST #lobby * 5");
        List<String> replay = bob.until("BATCH -");
        assertTrue(replay.stream().anyMatch(l -> l.contains("msgid=" + IrcClient.tag(echo, "msgid")) && l.endsWith(":across")),
                "the other server's history has the line under its id: " + replay);
    }

    @Test
    void privateMessagesWhoNamesAndListReachAcrossServers() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");

        ann.send("PRIVMSG bob :hello over there");
        bob.expect(":ann!~ann@127\\.0\\.0\\.1 PRIVMSG bob :hello over there");
        ann.send("JOIN #lab");
        ann.expect(" 366 ann #lab ");
        bob.send("JOIN #lab");
        assertTrue(bob.expect(" 353 bob = #lab :").endsWith(":@ann bob"), "NAMES lists both, ann an operator");
        bob.send("WHO #lab");
        List<String> who = bob.until(" 315 bob #lab ");
        assertEquals(2, who.stream().filter(l -> l.contains(" 352 ")).count(), "WHO lists both: " + who);
        assertTrue(who.stream().anyMatch(l -> l.contains(" 352 bob #lab ~ann 127.0.0.1 ")), String.valueOf(who));
        // Server A counts bob in #lab once it has applied his join: ann sees it.
        ann.expect(":bob!\\S+ JOIN #lab");
        ann.send("LIST");
        assertTrue(ann.expect(" 322 ann #lab ").startsWith(":tcpkit 322 ann #lab 2 "));
        ann.send("TOPIC #lab :one topic everywhere");
        bob.expect(":ann!\\S+ TOPIC #lab :one topic everywhere");
        bob.send("WHOIS ann");
        bob.expect(" 311 bob ann ~ann 127\\.0\\.0\\.1 ");

        TagClient carol = b.line("carol");
        carol.send("/who");
        assertTrue(lineContaining(carol, "In #lobby").contains("ann, bob, carol"), "the line door's /who");
        carol.send("/rooms");
        assertTrue(lineContaining(carol, "Rooms (").contains("#lab (2)"), "the line door's /rooms");
        carol.send("/msg ann hi from the line door");
        ann.expect(":carol!\\S+ PRIVMSG ann :hi from the line door");
    }

    @Test
    void twoServersRacingForOneNameHaveOneWinner() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        for (int round = 0; round < 10; round++) {
            String nick = "race" + round;
            IrcClient one = a.connect();
            IrcClient two = b.connect();
            one.send("NICK " + nick);
            two.send("NICK " + nick);
            one.send("USER x 0 * :x");
            two.send("USER x 0 * :x");
            boolean oneWon = one.expect(" (001|433) ").contains(" 001 ");
            boolean twoWon = two.expect(" (001|433) ").contains(" 001 ");
            assertTrue(oneWon != twoWon, "exactly one winner for " + nick + ": " + oneWon + " " + twoWon);
        }
    }

    @Test
    void aMemberLeavingOrAServerShuttingDownIsSeenEverywhereAndFreesTheName() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");
        a.irc("dan");
        bob.expect(":dan!\\S+ JOIN #lobby");

        ann.send("QUIT :see you");
        bob.expect(":ann!\\S+ QUIT :Quit: see you");
        b.irc("ann").close();

        a.stopServers();
        bob.expect(":dan!\\S+ QUIT :Server shutting down");
        b.irc("dan");
    }

    @Test
    void aNameIsFreeBeforeTheEntryThatLetsGoOfItIsInTheLog() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");
        String nickKey = "\"" + linked.namespace + ":nick:";
        try (RedisMonitor monitor = RedisMonitor.open(redis.port())) {
            ann.send("NICK anna");
            bob.expect(":ann!\\S+ NICK :anna");
            List<String> ran = monitor.until(line -> line.contains("\"XADD\"") && line.contains("renamed"), 10_000);
            assertFreedFirst(ran, nickKey + "ann\"", "renamed");

            ann.send("QUIT :bye");
            bob.expect(":anna!\\S+ QUIT ");
            ran = monitor.until(line -> line.contains("\"XADD\"") && line.contains("left"), 10_000);
            assertFreedFirst(ran, nickKey + "anna\"", "left");
        }
        // Whoever reads the entry may take the name at once.
        b.irc("anna").close();
    }

    /** Asserts that a command letting go of {@code key} ran before the entry of {@code type} was added. */
    private static void assertFreedFirst(List<String> ran, String key, String type) {
        int added = -1;
        int freed = -1;
        for (int i = 0; i < ran.size(); i++) {
            String line = ran.get(i);
            if (added < 0 && line.contains("\"XADD\"") && line.contains(type)) {
                added = i;
            }
            // The script that keeps names returns the lost ones; the one that lets go of a name does not.
            if (freed < 0 && line.contains("\"EVAL") && line.contains(key) && !line.contains("lost")) {
                freed = i;
            }
        }
        assertTrue(freed >= 0 && freed < added, key + " let go of before the " + type + " entry: " + ran);
    }

    @Test
    void aMemberTooSlowOnOneServerDelaysNobody() throws Exception {
        org.tcpkit.chat.ChatLimits quick = org.tcpkit.chat.ChatLimits.DEFAULT.withStall(java.time.Duration.ofSeconds(1));
        IrcFixture a = linked.server(quick, null, 1_500);
        IrcFixture b = linked.server(quick, null, 1_500);
        IrcClient ann = a.irc("ann");
        IrcClient slow = b.connect();
        slow.socket().setReceiveBufferSize(4096);
        slow.register("slow");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");

        String filler = "x".repeat(400);
        java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> {
            int i = 0;
            while (!dropped.get() && i < 100_000) {
                send(ann, "PRIVMSG #lobby :" + i++ + " " + filler);
            }
            return i;
        });
        int next = 0;
        Pattern line = Pattern.compile(":ann!\\S+ PRIVMSG #lobby :(\\d+) x+");
        for (String heard : bob.until(":slow!\\S+ QUIT :Dropped as too (slow|far behind)")) {
            Matcher m = line.matcher(heard);
            if (m.matches()) {
                assertEquals(next++, Integer.parseInt(m.group(1)), "bob gets every line, in order");
            }
        }
        dropped.set(true);
        int sent = sending.get(20, TimeUnit.SECONDS);
        assertTrue(next > 0 && sent >= next, "bob read " + next + " of " + sent + " lines while slow was dropped");
        ann.expect(":slow!\\S+ QUIT :Dropped as too (slow|far behind)");
    }

    @Test
    void redisKilledAndRestartedIsSurvived() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient cy = a.irc("cy");
        IrcClient bob = b.irc("bob");
        TagClient lina = a.line("lina");
        ann.expect(":bob!\\S+ JOIN #lobby");
        ann.expect(":lina!\\S+ JOIN #lobby");

        redis.kill();
        assertEquals("! The link to the other chat servers is lost; you reach only people on this server until it is "
                + "back, and lines said on the others meanwhile reach you then.", lineContaining(lina, "The link"));
        bob.expect("NOTICE bob :The link to the other chat servers is lost; you reach only people on this server");
        ann.expect("NOTICE ann :The link to the other chat servers is lost");
        cy.send("PRIVMSG #lobby :still talking here");
        ann.expect(":cy!\\S+ PRIVMSG #lobby :still talking here");

        // Redis comes back empty: what the servers said before is gone, so they say again who is on them, and
        // what was said on each meanwhile reaches the others, late, with its time.
        redis.restart();
        bob.expect("NOTICE bob :Some lines said on the other chat servers while the link was down could not be "
                + "recovered \\(Redis lost what it held");
        bob.expect("NOTICE bob :The link to the other chat servers is back");
        List<String> seen = bob.until(":cy!\\S+ PRIVMSG #lobby :\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\] "
                + "still talking here");
        assertTrue(seen.stream().noneMatch(l -> l.contains(" QUIT ") || l.contains(" JOIN ")),
                "nobody who stayed seems to leave and come back: " + seen);
        LinkedServers.waitFor("both servers' views to agree", () -> LinkedServers.agree(a, b));
        ann.send("PRIVMSG #lobby :across again");
        bob.expect(":ann!\\S+ PRIVMSG #lobby :across again");
        try (RedisClient check = RedisClient.create(redis.url())) {
            assertEquals(linked.id(0), check.get(linked.namespace + ":nick:ann"), "ann's name is claimed again");
            assertEquals(linked.id(1), check.get(linked.namespace + ":nick:bob"), "bob's name is claimed again");
        }
        IrcClient other = b.connect();
        other.send("NICK ann");
        other.expect(" 433 \\* ann ");
    }

    @Test
    void aMemberWhoseNameAnotherServerHoldsIsRenamedAndTold() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");
        try (RedisClient redisCli = RedisClient.create(redis.url())) {
            redisCli.set(linked.namespace + ":nick:ann", linked.id(1));
        }
        String renamed = ann.expect(":ann!\\S+ NICK :ann-\\d{4}$");
        String guest = renamed.substring(renamed.lastIndexOf(':') + 1);
        ann.expect("NOTICE " + guest + " :Your name ann was taken on another server while the link to it was "
                + "down; you are " + guest + " now\\.");
        bob.expect(":ann!\\S+ NICK :" + guest + "$");
        try (RedisClient redisCli = RedisClient.create(redis.url())) {
            assertEquals(linked.id(0), redisCli.get(linked.namespace + ":nick:" + org.tcpkit.chat.Nicks.fold(guest)),
                    "the new name is claimed");
        }
    }

    @Test
    void aForgedEntryInTheLogReachesNobody() throws Exception {
        IrcFixture a = server();
        IrcFixture b = server();
        IrcClient bob = a.irc("bob");
        b.irc("eve");
        bob.expect(":eve!\\S+ JOIN #lobby");
        String forged = "{\"v\":1,\"from\":\"" + linked.id(1) + "\",\"seq\":1,\"type\":\"said\","
                + "\"nick\":\"eve\",\"room\":\"#lobby\",\"speech\":\"message\",\"text\":\"hi\\r\\nQUIT :forged\"}";
        try (RedisClient writer = RedisClient.create(redis.url())) {
            writer.xadd(linked.log(), XAddParams.xAddParams(), Map.of("e", forged));
            writer.xadd(linked.log(), XAddParams.xAddParams(),
                    Map.of("e", "not json at all"));
            writer.xadd(linked.log(), XAddParams.xAddParams(),
                    Map.of("x", "no event field"));
        }
        IrcClient ann = a.irc("ann");
        ann.send("PRIVMSG #lobby :after the forgeries");
        List<String> seen = bob.until(":ann!\\S+ PRIVMSG #lobby :after the forgeries");
        assertEquals(2, seen.size(), "only ann's join and line: " + seen);
    }

    private static void say(IrcClient client, String who, int lines) {
        for (int i = 0; i < lines; i++) {
            send(client, "PRIVMSG #lobby :" + who + " " + i);
        }
    }

    private static void send(IrcClient client, String line) {
        try {
            client.send(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lines said in #lobby and cy's part and join, as one watcher saw them, up to "the end". */
    private static List<String> events(IrcClient watcher) throws Exception {
        Pattern said = Pattern.compile("^:(\\w+)!\\S+ (PRIVMSG #lobby :.*|PART #lobby.*|JOIN #lobby)$");
        List<String> seen = new ArrayList<>();
        for (String line : watcher.until("PRIVMSG #lobby :the end")) {
            Matcher m = said.matcher(line);
            if (m.matches() && (line.contains("PRIVMSG") || m.group(1).equals("cy"))) {
                seen.add(m.group(1) + " " + m.group(2));
            }
        }
        return seen;
    }

    private static List<String> ordered(String who, int lines) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            list.add(who + " " + i);
        }
        return list;
    }

    private static List<String> only(List<String> seen, String prefix) {
        List<String> list = new ArrayList<>();
        for (String event : seen) {
            int colon = event.indexOf(" :");
            if (event.contains("PRIVMSG") && event.substring(colon + 2).startsWith(prefix)) {
                list.add(event.substring(colon + 2));
            }
        }
        return list;
    }

    private static String lineContaining(TagClient client, String text) throws java.io.IOException {
        for (String line = client.line(); line != null; line = client.line()) {
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no line with " + text);
    }
}
