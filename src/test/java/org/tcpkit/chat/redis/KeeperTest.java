package org.tcpkit.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.testing.RedisProcess;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** How two servers' keepers share names in a real Redis. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeeperTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Keeper");

    @Test
    void aNameLetGoOfIsNotTakenBackByALateRoundAndAnotherServerMayClaimIt() throws Exception {
        try (RedisProcess redis = RedisProcess.startOrSkip();
             RedisClient client = RedisClient.create(redis.url())) {
            RedisSettings settings = RedisSettings.parse(redis.url(), null, "keeper", 5_000, 200);
            Keeper a = keeper(client, settings, "aaaa");
            Keeper b = keeper(client, settings, "bbbb");
            a.beat();
            b.beat();
            assertTrue(a.claim("Ann"));
            assertTrue(!b.claim("ann"), "held by a live server");

            a.free("ann");
            // The keeper's round read ann among a's members a moment before she left.
            assertEquals(List.of(), a.keep(List.of("Ann"), true));
            assertTrue(!"aaaa".equals(client.get(settings.nickKey("ann"))), "a did not take ann back");
            assertTrue(b.claim("ann"), "the name is free for another server");
            assertEquals(List.of("Ann"), a.keep(List.of("Ann"), true), "and b holds it now");
        }
    }

    @Test
    void aServerTakesBackItsNamesWhenItLinksAgainAndClaimsANameItLetGoOf() throws Exception {
        try (RedisProcess redis = RedisProcess.startOrSkip();
             RedisClient client = RedisClient.create(redis.url())) {
            RedisSettings settings = RedisSettings.parse(redis.url(), null, "again", 5_000, 200);
            Keeper a = keeper(client, settings, "aaaa");
            a.beat();
            assertTrue(a.claim("cy"));
            a.free("cy");
            assertTrue(a.claim("cy"), "a new member of a's takes a name a let go of");
            assertEquals("aaaa", client.get(settings.nickKey("cy")));
            client.del(settings.nickKey("cy"));
            assertEquals(List.of(), a.keepNames(List.of("cy")), "linking again takes back a name that is gone");
            assertEquals("aaaa", client.get(settings.nickKey("cy")));
        }
    }

    @Test
    void eventsThatLetGoOfANameAreALeavingAndARenamingToAnotherName() {
        assertEquals("ann", Keeper.freedBy(new ChatEvent.Left("ann", "bye")));
        assertEquals("ann", Keeper.freedBy(new ChatEvent.Renamed("ann", "anna")));
        assertEquals(null, Keeper.freedBy(new ChatEvent.Renamed("ann", "ANN")), "the same name in other case");
        assertEquals(null, Keeper.freedBy(new ChatEvent.Parted("ann", "#lab", "")));
    }

    private static Keeper keeper(RedisClient client, RedisSettings settings, String id) {
        return new Keeper(client, settings, id, new Intake(client, settings, id, false, LOG), LOG, new Keeper.Owner() {
            @Override
            public boolean live() {
                return true;
            }

            @Override
            public void note(ChatEvent event) {
            }

            @Override
            public void trouble(String doing, JedisException e) {
                throw e;
            }

            @Override
            public void quietly(Runnable send) {
                send.run();
            }
        });
    }
}
