package org.tcpkit.chat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.redis.RedisRelay;
import org.tcpkit.chat.redis.RedisSettings;
import org.tcpkit.testing.RedisProcess;

/** Chat servers in this process joined on one namespace of a real Redis, all stopped together. */
final class LinkedServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("test.Redis");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    final String namespace = "test" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    final List<IrcFixture> servers = new ArrayList<>();
    final List<RedisRelay> relays = new ArrayList<>();
    private final RedisProcess redis;

    LinkedServers(RedisProcess redis) {
        this.redis = redis;
    }

    /** A server that counts another gone after 1.5 s of silence and relinks within 0.5 s, once linked. */
    IrcFixture server() throws Exception {
        return server(ChatLimits.DEFAULT, null, 1_500);
    }

    /**
     * A server with these room limits, signing its events with {@code secret} (null: none), counting another
     * gone after {@code timeoutMillis} of silence, once linked.
     */
    IrcFixture server(ChatLimits limits, String secret, long timeoutMillis) throws Exception {
        RedisSettings settings = RedisSettings.parse(redis.url(), null, namespace, timeoutMillis, 500)
                .withSecret(secret);
        RedisRelay relay = new RedisRelay(settings, LOG);
        IrcFixture server = new IrcFixture(limits, IrcFixture.settings(), null, null, null, relay);
        servers.add(server);
        relays.add(relay);
        waitFor("the link to Redis", relay::live);
        return server;
    }

    /** The id of the {@code index}th server. */
    String id(int index) {
        return relays.get(index).id();
    }

    /** The channel events cross. */
    String channel() {
        return namespace + ":events";
    }

    /** Waits, up to 10 s, for a condition to hold. */
    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 10 s");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        for (IrcFixture server : servers) {
            server.close();
        }
    }
}
