package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.tcpkit.testing.TagClient;
import redis.clients.jedis.RedisClient;

/** Servers on one Redis through its outages and races: they go on alone, and agree again once linked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelayOutageTest {
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
        redis.resume();
        linked.close();
        if (!redis.alive()) {
            redis.restart();
        }
    }

    @Test
    void aNameTakenOnBothServersDuringAnOutageEndsWithBothServersAgreeing() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");

        redis.kill();
        bob.expect("NOTICE bob :The link to the other chat servers is lost");
        assertTrue(b.chat.member("ann") != null, "a member of the other server is kept through an outage");
        // Neither server can ask the other: each lets its own newcomer have the name.
        IrcClient zedA = a.irc("zed");
        IrcClient zedB = b.irc("zed");
        redis.restart();

        // Redis came back empty: the server that registers first keeps zed, the other's zed is renamed, and
        // then both servers agree on who is where.
        LinkedServers.waitFor("both servers' views to agree", () -> agree(a, b) && guest(a, "zed") != null);
        String guest = guest(a, "zed");
        boolean aKept = a.chat.member("zed").isLocal();
        IrcClient holder = aKept ? zedA : zedB;
        IrcClient renamed = aKept ? zedB : zedA;
        renamed.expect("NOTICE " + guest + " :Your name zed was taken on another server");
        bob.send("PRIVMSG zed :found you");
        holder.expect(":bob!\\S+ PRIVMSG zed :found you");
        holder.send("PRIVMSG #lobby :hello both");
        for (IrcClient other : List.of(bob, renamed, ann)) {
            other.expect(":zed!\\S+ PRIVMSG #lobby :hello both");
        }
        assertEquals(aKept ? linked.id(0) : null, b.chat.member("zed").server());
        assertEquals(aKept ? null : linked.id(1), a.chat.member("zed").server());
    }

    /** The nickname of the member renamed for having lost its name, as {@code server} knows it, or null. */
    private static String guest(IrcFixture server, String nick) {
        return server.chat.members().stream().map(m -> m.nick()).filter(n -> n.matches(nick + "-\\d{4}")).findFirst()
                .orElse(null);
    }

    @Test
    void aServerBackSoonAfterRedisLostEverythingKeepsItsMembersOnTheOthers() throws Exception {
        try (org.tcpkit.testing.TcpProxy proxy = org.tcpkit.testing.TcpProxy.to(redis.port())) {
            IrcFixture a = linked.serverThrough(proxy);
            IrcFixture b = linked.server();
            IrcClient ann = a.irc("ann");
            IrcClient bob = b.irc("bob");
            ann.expect(":bob!\\S+ JOIN #lobby");
            // Redis comes back empty, and b links again at once; a's way to it stays cut for 0.6 s more, under
            // the 1.5 s after which a silent server counts as gone, while b's keeper looks at least once.
            proxy.cut();
            redis.kill();
            bob.expect("NOTICE bob :The link to the other chat servers is lost");
            redis.restart();
            bob.expect("NOTICE bob :The link to the other chat servers is back");
            TimeUnit.MILLISECONDS.sleep(600);
            proxy.mend();
            ann.expect("NOTICE ann :The link to the other chat servers is back");
            ann.send("PRIVMSG #lobby :still here");
            // Said as a's link came back: it may reach bob marked with the time it was said.
            List<String> seen = bob.until(":ann!\\S+ PRIVMSG #lobby :(\\[[-0-9T:Z]+\\] )?still here");
            assertTrue(seen.stream().noneMatch(l -> l.contains(" QUIT ") || l.contains(" JOIN ")),
                    "ann neither left nor came back for bob: " + seen);
        }
    }

    @Test
    void aNameLetGoOfAndTakenAgainOnOneServerDuringItsOutageStaysTheNewcomers() throws Exception {
        try (org.tcpkit.testing.TcpProxy proxy = org.tcpkit.testing.TcpProxy.to(redis.port())) {
            IrcFixture a = linked.serverThrough(proxy);
            IrcFixture b = linked.server();
            IrcClient ann = a.irc("ann");
            IrcClient cy = a.irc("cy");
            IrcClient bob = b.irc("bob");
            cy.expect(":bob!\\S+ JOIN #lobby");
            proxy.cut();
            cy.expect("NOTICE cy :The link to the other chat servers is lost");
            ann.send("QUIT :bye");
            cy.expect(":ann!\\S+ QUIT :Quit: bye");
            a.irc("ann");
            proxy.mend();
            cy.expect("NOTICE cy :The link to the other chat servers is back");

            // What a said meanwhile reaches b in order: ann left, and a newcomer took her name, which a claimed
            // again as it linked; her leaving, sent after, does not let go of it.
            bob.expect(":ann!\\S+ QUIT ");
            try (RedisClient check = RedisClient.create(redis.url())) {
                assertEquals(linked.id(0), check.get(linked.namespace + ":nick:ann"), "the newcomer's name is a's");
            }
            bob.expect(":ann!\\S+ JOIN #lobby");
            IrcClient another = b.connect();
            another.send("NICK ann");
            another.expect(" 433 \\* ann ");
        }
    }

    @Test
    void aMemberTheOtherServerLostIsFoundAgainByTheBeats() throws Exception {
        IrcFixture a = linked.server();
        IrcFixture b = linked.server();
        IrcClient ann = a.irc("ann");
        IrcClient bob = b.irc("bob");
        ann.expect(":bob!\\S+ JOIN #lobby");
        // B loses ann while A keeps her: a leave A never sent, which A itself lets go.
        linked.append("{\"v\":1,\"from\":\"" + linked.id(0) + "\",\"n\":1,\"ts\":"
                + System.currentTimeMillis() + ",\"seq\":0,\"type\":\"left\",\"nick\":\"ann\","
                + "\"reason\":\"lost on the way\"}");
        bob.expect(":ann!\\S+ QUIT :Lost on the way");
        assertTrue(a.chat.member("ann").isLocal(), "A keeps ann");
        LinkedServers.waitFor("B to know ann again", () -> b.chat.member("ann") != null);
        ann.send("PRIVMSG bob :back in view");
        bob.expect(":ann!\\S+ PRIVMSG bob :back in view");
    }

    @Test
    void twoServersRacingForTheLastRoomsStayWithinTheLimitAndAgree() throws Exception {
        ChatLimits ten = new ChatLimits(10, 100, 32);
        IrcFixture a = linked.server(ten, null, 1_500);
        IrcFixture b = linked.server(ten, null, 1_500);
        List<IrcClient> racers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(a.irc("a" + i));
            racers.add(b.irc("b" + i));
        }
        IrcClient last = racers.get(racers.size() - 1);
        racers.get(0).expect(":" + "b3" + "!\\S+ JOIN #lobby");
        List<CompletableFuture<Void>> joins = new java.util.ArrayList<>();
        for (int i = 0; i < racers.size(); i++) {
            IrcClient racer = racers.get(i);
            String prefix = "r" + i + "x";
            joins.add(CompletableFuture.runAsync(() -> joinRooms(racer, prefix)));
        }
        for (CompletableFuture<Void> join : joins) {
            join.get(20, TimeUnit.SECONDS);
        }
        for (IrcClient racer : racers) {
            racer.send("PRIVMSG b3 :done");
        }
        for (int i = 0; i < racers.size(); i++) {
            last.expect("PRIVMSG b3 :done");
        }
        LinkedServers.waitFor("both servers' rooms to agree", () -> names(a).equals(names(b)));
        assertTrue(a.chat.roomCount() <= 10, "rooms on A: " + names(a));
        assertEquals(names(a), names(b));
    }

    @Test
    void aPausedRedisDoesNotFreezeTheChatOnAServer() throws Exception {
        IrcFixture a = linked.server(ChatLimits.DEFAULT, null, 8_000);
        IrcClient ann = a.irc("ann");
        IrcClient cy = a.irc("cy");
        ann.expect(":cy!\\S+ JOIN #lobby");
        redis.pause();
        long paused = System.nanoTime();
        cy.send("PRIVMSG #lobby :is anyone there?");
        ann.expect(":cy!\\S+ PRIVMSG #lobby :is anyone there\\?");
        long lineMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);
        TagClient dee = a.line("dee");
        long joinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);
        ann.expect(":dee!\\S+ JOIN #lobby");
        assertTrue(lineMillis < 3_000, "the line took " + lineMillis + " ms while Redis was paused");
        assertTrue(joinMillis < 4_000, "joining took " + joinMillis + " ms while Redis was paused");
        dee.close();
    }

    private static void joinRooms(IrcClient client, String prefix) {
        try {
            for (int i = 0; i < 6; i++) {
                client.send("JOIN #" + prefix + i);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(IrcFixture server) {
        return server.chat.rooms().stream().map(r -> r.name() + " " + r.who()).toList();
    }

    private static boolean agree(IrcFixture a, IrcFixture b) {
        return LinkedServers.agree(a, b);
    }
}
