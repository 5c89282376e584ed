package org.tcpkit.chat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.redis.RedisLog;
import org.tcpkit.chat.redis.RedisSettings;
import org.tcpkit.testing.RedisProcess;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/** Chat servers in this process joined on one namespace of a real Redis, all stopped together. */
final class LinkedServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("test.Redis");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    final String namespace = "test" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
    final List<IrcFixture> servers = new ArrayList<>();
    final List<RedisLog> relays = new ArrayList<>();
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
        return server(limits, RedisSettings.parse(redis.url(), null, namespace, timeoutMillis, 500).withSecret(secret));
    }

    /** A server that reaches Redis through {@code proxy} (which a test can cut), otherwise as {@link #server()}. */
    IrcFixture serverThrough(org.tcpkit.testing.TcpProxy proxy) throws Exception {
        return server(ChatLimits.DEFAULT, RedisSettings.parse("redis://127.0.0.1:" + proxy.port(), null, namespace,
                1_500, 500));
    }

    /** A server on the test's namespace with these settings, once linked. */
    IrcFixture server(ChatLimits limits, RedisSettings settings) throws Exception {
        RedisLog relay = new RedisLog(settings, LOG, 2_000);
        IrcFixture server = new IrcFixture(limits, IrcFixture.settings(), null, null, null, relay);
        servers.add(server);
        relays.add(relay);
        waitFor("the link to Redis", relay::live);
        return server;
    }

    /** The id of the {@code index}th server. */
    String id(int index) {
        return relays.get(index).server();
    }

    /** The stream the servers' events are appended to. */
    String log() {
        return namespace + ":log";
    }

    /** Appends {@code messages} to the log as entries, as anyone who can write to the Redis can. */
    void append(String... messages) {
        try (RedisClient writer = RedisClient.create(redis.url())) {
            for (String message : messages) {
                writer.xadd(log(), XAddParams.xAddParams(), java.util.Map.of("e", message));
            }
        }
    }

    /** The events of the log's entries, oldest first (at most 100,000). */
    List<String> entries() {
        try (RedisClient reader = RedisClient.create(redis.url())) {
            List<String> events = new ArrayList<>();
            for (var entry : reader.xrange(log(), (StreamEntryID) null,
                    (StreamEntryID) null, 100_000)) {
                events.add(entry.getFields().get("e"));
            }
            return events;
        }
    }

    /** Whether these servers list the same members in the same rooms. */
    static boolean agree(IrcFixture... servers) {
        for (IrcFixture server : servers) {
            if (!view(server).equals(view(servers[0]))) {
                return false;
            }
        }
        return true;
    }

    /** Each member a server knows of, with its rooms, sorted. */
    static List<String> view(IrcFixture server) {
        return server.chat.members().stream().map(m -> m.nick() + " " + m.rooms().stream().map(r -> r.name())
                .sorted().toList()).sorted().toList();
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
