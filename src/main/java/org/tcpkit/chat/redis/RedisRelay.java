package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Relay;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link Relay} over Redis: every event is published on one channel ({@code NS:events}), which every server
 * reads on a connection of its own, so all of them apply the same events in Redis's one order. Names are keys
 * ({@code NS:nick:NAME}) set only when absent or held by a server that is gone, and kept alive by their server;
 * a server says it is alive with a key that expires ({@code NS:server:ID}), and when that key is gone the first
 * server to notice says it is gone for everyone.
 *
 * <p>Threads: the reader holds the subscription and applies what comes (it only queues bytes, so no member
 * slows it); the keeper beats, keeps names, looks for servers gone and answers a {@link ChatEvent.Hello}; the
 * members' sessions publish on a small pool of connections. When the subscription breaks, the chat is told
 * and the reader relinks with growing waits, up to the settings' longest.
 */
public final class RedisRelay implements Relay {
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    /**
     * Claims (or keeps) names: each is taken when free, already this server's, or held by a server whose alive
     * key is gone (its names are free as soon as it counts as gone, not when their own keys expire a moment
     * later). Returns the (1-based) indexes of those another live server holds.
     */
    private static final String KEEP = """
            local lost = {}
            for i, k in ipairs(KEYS) do
              local v = redis.call('GET', k)
              if v and v ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. v) == 1 then
                table.insert(lost, i)
              else
                redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
              end
            end
            return lost""";

    private final RedisSettings settings;
    private final Logger log;
    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final JedisClientConfig config;
    private final HostAndPort address;
    private final RedisClient client;
    private final ScheduledExecutorService keeper;
    private final Object waits = new Object();
    private final AtomicLong badMessages = new AtomicLong();
    private volatile Link link;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Connection subscribed;
    private Thread reader;

    public RedisRelay(RedisSettings settings, Logger log) {
        this.settings = settings;
        this.log = log;
        int timeout = (int) Math.max(200, Math.min(settings.timeoutMillis(), 5_000));
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().timeoutMillis(timeout)
                .database(settings.database()).clientName("tcpkit-" + id).ssl(settings.tls());
        if (settings.user() != null) {
            builder.user(settings.user());
        }
        if (settings.password() != null) {
            builder.password(settings.password());
        }
        this.config = builder.build();
        this.address = new HostAndPort(settings.host(), settings.port());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setMaxWait(java.time.Duration.ofMillis(timeout));
        this.client = RedisClient.builder().hostAndPort(address).clientConfig(config).poolConfig(pool).build();
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chat-relay-keeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void start(Link link) {
        this.link = link;
        reader = new Thread(this::read, "chat-relay-reader");
        reader.setDaemon(true);
        reader.start();
        long beat = settings.heartbeatMillis();
        keeper.scheduleWithFixedDelay(this::keep, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public Claim claim(String nick) {
        if (!live) {
            return Claim.UNLINKED;
        }
        try {
            return twice(() -> keepNames(List.of(nick))).isEmpty() ? Claim.CLAIMED : Claim.TAKEN;
        } catch (JedisException e) {
            trouble("claiming a name", e);
            return Claim.UNLINKED;
        }
    }

    @Override
    public void release(String nick) {
        if (!live) {
            return;
        }
        try {
            twice(() -> free(nick));
        } catch (JedisException e) {
            trouble("freeing a name", e);
        }
    }

    @Override
    public boolean publish(long seq, ChatEvent event) {
        if (!live) {
            return false;
        }
        try {
            String message = EventCodec.encode(id, seq, event);
            twice(() -> client.publish(settings.events(), message));
            return true;
        } catch (JedisException e) {
            trouble("publishing", e);
            return false;
        }
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        keeper.shutdownNow();
        if (live) {
            try {
                note(new ChatEvent.Gone(id, reason));
                client.srem(settings.servers(), id);
                client.del(settings.serverKey(id));
                for (String nick : link.nicks()) {
                    free(nick);
                }
            } catch (JedisException e) {
                log.warn("chat relay: could not say goodbye on {}: {}", settings.where(), e.getMessage());
            }
        }
        live = false;
        synchronized (waits) {
            waits.notifyAll();
        }
        Connection connection = subscribed;
        if (connection != null) {
            connection.close();
        }
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }

    /** The reader: subscribes, reads until the link breaks, relinks after a wait that doubles up to a bound. */
    private void read() {
        long wait = FIRST_RETRY_MILLIS;
        boolean everLinked = false;
        String lastProblem = null;
        while (!closed) {
            String why = "the subscription ended";
            Subscription subscription = new Subscription(everLinked);
            try (Connection connection = new Connection(address, config)) {
                subscribed = connection;
                if (closed) {
                    break;
                }
                subscription.proceed(connection, settings.events());
            } catch (JedisException | IllegalStateException e) {
                why = describe(e);
            } finally {
                subscribed = null;
            }
            if (subscription.subscribed) {
                everLinked = true;
                wait = FIRST_RETRY_MILLIS;
                lastProblem = null;
            }
            live = false;
            if (subscription.subscribed && !closed) {
                link.lost(why);
            }
            if (closed) {
                break;
            }
            if (!why.equals(lastProblem)) {
                log.warn("chat relay: cannot reach Redis at {} ({}); trying again, every {} ms at most",
                        settings.where(), why, settings.retryMillis());
                lastProblem = why;
            }
            synchronized (waits) {
                try {
                    waits.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wait = Math.min(wait * 2, settings.retryMillis());
        }
    }

    /** Once subscribed: says this server is here, takes back its names and asks the others who is on them. */
    private void register() {
        if (closed) {
            return;
        }
        try {
            clearPool();
            twice(() -> {
                beat();
                return null;
            });
            List<String> lost = keepNames(link.nicks());
            live = true;
            note(new ChatEvent.Hello(id));
            for (String nick : lost) {
                log.warn("chat relay: another server claimed {} while the link was down", nick);
                link.nameLost(nick);
            }
            announce();
        } catch (JedisException e) {
            log.warn("chat relay: Redis at {} failed while registering: {}", settings.where(), describe(e));
            Connection connection = subscribed;
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** Publishes who is on this server, for the others to rebuild their view of it. */
    private void announce() {
        if (live && !closed) {
            try {
                link.announce(id, this::note);
            } catch (JedisException e) {
                trouble("saying who is on this server", e);
            }
        }
    }

    /** The keeper's round: beat, keep names, and find servers that went without a word. */
    private void keep() {
        if (!live || closed) {
            return;
        }
        try {
            beat();
            for (String nick : keepNames(link.nicks())) {
                link.nameLost(nick);
            }
            for (String other : client.smembers(settings.servers())) {
                if (!other.equals(id) && !client.exists(settings.serverKey(other))
                        && client.srem(settings.servers(), other) == 1) {
                    long silent = settings.timeoutMillis();
                    log.warn("chat relay: server {} said nothing for {} ms; its members leave", other, silent);
                    note(new ChatEvent.Gone(other, "server lost: no word from it for " + (silent + 999) / 1000
                            + " s"));
                }
            }
        } catch (JedisException e) {
            trouble("keeping this server's names", e);
        } catch (RuntimeException e) {
            log.warn("chat relay: keeping names failed: {}", e.toString());
        }
    }

    /** Publishes a note of this server's own (number 0: no member waits for it). */
    private void note(ChatEvent event) {
        String message = EventCodec.encode(id, 0, event);
        twice(() -> client.publish(settings.events(), message));
    }

    /** Lets go of this server's claim on {@code nick}, if it still has it. */
    private Object free(String nick) {
        return client.eval(RELEASE, List.of(settings.nickKey(Nicks.fold(nick))), List.of(id));
    }

    /** Lets go of idle pooled connections, which a restart of Redis may have broken. */
    private void clearPool() {
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            log.debug("chat relay: clearing the pool: {}", e.toString());
        }
    }

    private void beat() {
        client.set(settings.serverKey(id), "{\"started\":" + System.currentTimeMillis() / 1000 + "}",
                redis.clients.jedis.params.SetParams.setParams().px(settings.timeoutMillis()));
        client.sadd(settings.servers(), id);
    }

    /** Keeps (or takes back) this server's names; returns those another server holds now. */
    private List<String> keepNames(List<String> nicks) {
        List<String> lost = new ArrayList<>();
        for (int from = 0; from < nicks.size(); from += 500) {
            List<String> part = nicks.subList(from, Math.min(nicks.size(), from + 500));
            List<String> keys = new ArrayList<>(part.size());
            for (String nick : part) {
                keys.add(settings.nickKey(Nicks.fold(nick)));
            }
            Object got = client.eval(KEEP, keys, List.of(id, Long.toString(settings.timeoutMillis()),
                    settings.serverKey("")));
            if (got instanceof List<?> indexes) {
                for (Object index : indexes) {
                    lost.add(part.get(((Long) index).intValue() - 1));
                }
            }
        }
        return lost;
    }

    /** A command failed: when the link seemed up, breaks the subscription so the reader relinks. */
    private void trouble(String doing, JedisException e) {
        log.warn("chat relay: Redis at {} failed while {}: {}", settings.where(), doing, describe(e));
        Connection connection = subscribed;
        if (live && connection != null) {
            connection.close();
        }
    }

    /**
     * Runs a command, once more on a fresh connection when a pooled one turns out broken (Redis restarted
     * since it was opened).
     */
    private <T> T twice(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException e) {
            return command.get();
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** The subscription: hands each event to the chat, and asks the keeper to register once it is on. */
    private final class Subscription extends JedisPubSub {
        private final boolean again;
        volatile boolean subscribed;

        Subscription(boolean again) {
            this.again = again;
        }

        /**
         * Tells the chat first, before any event of the others is applied (their members join again after the
         * notice), then has the keeper register this server.
         */
        @Override
        public void onSubscribe(String channel, int count) {
            subscribed = true;
            link.linked(again);
            keeper.execute(RedisRelay.this::register);
        }

        @Override
        public void onMessage(String channel, String message) {
            EventCodec.Envelope envelope;
            try {
                envelope = EventCodec.decode(message);
            } catch (IllegalArgumentException e) {
                long bad = badMessages.incrementAndGet();
                if (bad <= 10 || Long.bitCount(bad) == 1) {
                    log.warn("chat relay: ignored a message on {} ({} so far): {}", channel, bad, e.getMessage());
                }
                return;
            }
            ChatEvent event = envelope.event();
            if (!envelope.from().equals(id)) {
                if (event instanceof ChatEvent.Hello) {
                    keeper.execute(RedisRelay.this::announce);
                } else if (event instanceof ChatEvent.Gone gone && gone.server().equals(id)) {
                    log.warn("chat relay: the others counted this server gone; registering again");
                    keeper.execute(RedisRelay.this::register);
                }
            }
            link.receive(envelope.from(), envelope.seq(), event);
        }
    }
}
