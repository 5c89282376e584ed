package org.tcpkit.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisSettingsTest {
    @Test
    void readsTheUsualUrls() {
        RedisSettings plain = RedisSettings.parse("redis://127.0.0.1", null, "tcpkit", 8_000, 10_000);
        assertEquals("127.0.0.1", plain.host());
        assertEquals(6379, plain.port());
        assertEquals(0, plain.database());
        assertNull(plain.password());
        assertFalse(plain.tls());
        assertEquals(2_000, plain.heartbeatMillis());
        assertEquals("tcpkit:log", plain.log());
        assertEquals("tcpkit:epoch", plain.epoch());
        assertEquals("tcpkit:nick:ann", plain.nickKey("ann"));

        RedisSettings full = RedisSettings.parse("rediss://app:secret@redis.example:6380/2", null, "lab-3", 8_000,
                10_000);
        assertEquals(6380, full.port());
        assertEquals(2, full.database());
        assertEquals("app", full.user());
        assertEquals("secret", full.password());
        assertTrue(full.tls());
        assertEquals("rediss://redis.example:6380/2", full.where(), "never the password");
        assertEquals("lab-3:server:x", full.serverKey("x"));
    }

    @Test
    void thePasswordFromTheEnvironmentWins() {
        assertEquals("fromenv", RedisSettings.parse("redis://:inurl@h:1", "fromenv", "n", 1_000, 1_000).password());
        assertEquals("inurl", RedisSettings.parse("redis://:inurl@h:1", "", "n", 1_000, 1_000).password());
    }

    @Test
    void refusesWhatIsNotARedisUrlWithASentence() {
        assertRefused("http://127.0.0.1:6379", "not a Redis URL");
        assertRefused("127.0.0.1:6379", "not a Redis URL");
        assertRefused("redis://h:1/zero", "database number");
        assertRefused("redis://h:1 x", "not a Redis URL");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.parse("redis://h", null, "a b", 1_000, 1_000));
        assertTrue(e.getMessage().contains("namespace"), e.getMessage());
    }

    private static void assertRefused(String url, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.parse(url, null, "tcpkit", 1_000, 1_000));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
