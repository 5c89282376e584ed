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
import org.tcpkit.net.LogText;
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
 * <p>Threads: the reader holds the subscription, checks each event ({@link Intake}) and applies it (it only
 * queues bytes, so no member slows it); the publisher sends this server's events ({@link Publisher}), so no
 * member waits on Redis; the keeper beats, keeps names, finds servers gone, and says how its members look
 * ({@link ChatEvent.Beat}), so that a server whose view of another went wrong asks for that one's members
 * again. A {@code hello} is answered at most once a second, however many come. When the subscription breaks,
 * the chat is told and the reader relinks with growing waits, up to the settings' longest.
 */
public final class RedisRelay implements Relay {
    private static final long FIRST_RETRY_MILLIS = 200;
    /** The least time between two member lists ({@code here}) this server sends. */
    private static final long ANNOUNCE_GAP_MILLIS = 1_000;
    /** Beats in a row whose digest differs from this server's view before it asks for the member list. */
    private static final int MISMATCHES = 2;
    /** The longest a Redis command may take; a Redis that is slower counts as gone. */
    private static final int MAX_COMMAND_MILLIS = 1_000;
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
    private final EventCodec codec;
    private final Publisher publisher;
    private final Intake intake;
    /** Per server, how many beats in a row did not match this server's view of it. */
    private final java.util.Map<String, Integer> mismatches = new java.util.concurrent.ConcurrentHashMap<>();
    /** When this server last sent its member list, and whether another is owed. */
    private long announcedAt;
    private boolean announceOwed;
    /** When this server last asked each other server for its members. */
    private final java.util.Map<String, Long> askedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Link link;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Connection subscribed;
    private Thread reader;

    public RedisRelay(RedisSettings settings, Logger log) {
        this.settings = settings;
        this.log = log;
        int timeout = (int) Math.max(200, Math.min(settings.timeoutMillis() / 2, MAX_COMMAND_MILLIS));
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
        // Broken connections are found when used (and tried again once); checking idle ones only logs.
        pool.setTestWhileIdle(false);
        this.client = RedisClient.builder().hostAndPort(address).clientConfig(config).poolConfig(pool).build();
        this.codec = new EventCodec(settings.secret() == null ? null : new Seal(settings.secret()));
        this.publisher = new Publisher(client, settings.events(), id, codec, e -> trouble("publishing", e));
        this.intake = new Intake(client, settings, id, codec.sealed(), log);
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
        publisher.start();
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
        return live && publisher.offer(seq, event);
    }

    @Override
    public void resync(String server) {
        ask(server);
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        keeper.shutdownNow();
        publisher.close(1_000);
        if (live) {
            try {
                publisher.sendNow(new ChatEvent.Gone(id, reason));
                client.srem(settings.servers(), id);
                client.del(settings.serverKey(id));
                for (String nick : link.nicks()) {
                    free(nick);
                }
            } catch (JedisException e) {
                log.warn("chat relay: could not say goodbye on {}: {}", settings.where(), describe(e));
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

    /**
     * The reader: subscribes, reads until the link breaks, relinks after a wait that doubles up to a bound.
     * Whatever ends a subscription, a failure of Redis or one of this server's own (a bug, memory running out
     * while an event is applied), the link counts as lost, the chat is told, and the reader links again.
     */
    private void read() {
        long wait = FIRST_RETRY_MILLIS;
        boolean everLinked = false;
        String lastProblem = null;
        while (!closed) {
            Subscription subscription = new Subscription(everLinked);
            String why = subscribe(subscription);
            live = false;
            publisher.reset();
            if (subscription.subscribed) {
                everLinked = true;
                wait = FIRST_RETRY_MILLIS;
                lastProblem = null;
                if (!closed) {
                    tellLost(why);
                }
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

    /** Subscribes and reads until the subscription ends; returns why it ended, and never throws. */
    private String subscribe(Subscription subscription) {
        try (Connection connection = new Connection(address, config)) {
            subscribed = connection;
            if (!closed) {
                subscription.proceed(connection, settings.events());
            }
            return "the subscription ended";
        } catch (JedisException | IllegalStateException e) {
            return describe(e);
        } catch (RuntimeException | Error e) {
            log.error("chat relay: reading from Redis failed: {}; linking again", e.toString());
            return "this server failed reading: " + e.getClass().getSimpleName();
        } finally {
            subscribed = null;
        }
    }

    /** Tells the chat the link is lost; a failure there is logged, and the reader goes on. */
    private void tellLost(String why) {
        try {
            link.lost(why);
        } catch (RuntimeException | Error e) {
            log.error("chat relay: telling the chat the link is lost failed: {}", e.toString());
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
            note(new ChatEvent.Hello(id, null));
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

    /**
     * Publishes who is on this server, for the others to rebuild their view of it: at once when the last list
     * went out a while ago, else once at the end of that while, however many asked meanwhile.
     */
    private void announce() {
        if (!live || closed) {
            return;
        }
        long wait;
        synchronized (this) {
            wait = announcedAt + ANNOUNCE_GAP_MILLIS - System.currentTimeMillis();
            if (wait > 0) {
                if (!announceOwed) {
                    announceOwed = true;
                    keeper.schedule(this::announceOwed, wait, TimeUnit.MILLISECONDS);
                }
                return;
            }
            announcedAt = System.currentTimeMillis();
        }
        link.quietly(() -> note(link.here()));
    }

    private void announceOwed() {
        synchronized (this) {
            announceOwed = false;
        }
        announce();
    }

    /** Asks server {@code server} for its members, at most once a second each. */
    private void ask(String server) {
        long now = System.currentTimeMillis();
        Long last = askedAt.get(server);
        if (!live || closed || (last != null && now - last < ANNOUNCE_GAP_MILLIS)) {
            return;
        }
        askedAt.put(server, now);
        log.info("chat relay: this server's view of server {} differs from what it says; asking it for its members",
                server);
        note(new ChatEvent.Hello(id, server));
    }

    /**
     * The keeper's round: beat, keep names, find the servers that went without a word (and drop the members of
     * servers that are not alive), and say how this server's members look.
     */
    private void keep() {
        if (!live || closed) {
            return;
        }
        try {
            beat();
            for (String nick : keepNames(link.nicks())) {
                link.nameLost(nick);
            }
            java.util.Set<String> alive = new java.util.HashSet<>();
            alive.add(id);
            for (String other : client.smembers(settings.servers())) {
                if (other.equals(id)) {
                    continue;
                }
                if (client.exists(settings.serverKey(other))) {
                    alive.add(other);
                } else if (client.srem(settings.servers(), other) == 1) {
                    long silent = settings.timeoutMillis();
                    log.warn("chat relay: server {} said nothing for {} ms; its members leave", other, silent);
                    note(new ChatEvent.Gone(other, "server lost: no word from it for " + (silent + 999) / 1000
                            + " s"));
                }
            }
            intake.alive(alive);
            for (String known : link.servers()) {
                if (!alive.contains(known)) {
                    log.warn("chat relay: server {} has members here but is not alive; they leave", known);
                    note(new ChatEvent.Gone(known, "server lost: it is not alive"));
                }
            }
            mismatches.keySet().retainAll(alive);
            askedAt.keySet().retainAll(alive);
            link.quietly(() -> note(link.beat(id)));
        } catch (JedisException e) {
            trouble("keeping this server's names", e);
        } catch (RuntimeException e) {
            log.warn("chat relay: keeping names failed: {}", e.toString());
        }
    }

    /** Another server's beat: when it has differed from this server's view of it twice in a row, ask it. */
    private void compare(ChatEvent.Beat beat) {
        ChatEvent.Beat mine = link.beat(beat.server());
        if (mine.members() == beat.members() && mine.digest().equals(beat.digest())) {
            mismatches.remove(beat.server());
        } else if (mismatches.merge(beat.server(), 1, Integer::sum) >= MISMATCHES) {
            mismatches.remove(beat.server());
            ask(beat.server());
        }
    }

    /** Publishes a note of this server's own (number 0: no member waits for it), after what is queued. */
    private void note(ChatEvent event) {
        if (!publisher.offer(0, event)) {
            log.warn("chat relay: too much waits to go out to Redis; a {} was not sent",
                    event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
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
     * Runs a command, once more on a fresh connection when a pooled one turns out broken (Redis restarted since
     * it was opened); a command that timed out is not tried again: that Redis is too slow to wait for twice.
     */
    private <T> T twice(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException e) {
            if (timedOut(e)) {
                throw e;
            }
            return command.get();
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
                envelope = codec.decode(message);
            } catch (IllegalArgumentException e) {
                ignored(e.getMessage());
                return;
            }
            StringBuilder why = new StringBuilder();
            ChatEvent event = intake.admit(envelope, why);
            if (event == null) {
                ignored(why.toString());
                return;
            }
            String from = envelope.from();
            if (!from.equals(id)) {
                if (event instanceof ChatEvent.Hello hello) {
                    if (hello.want() == null || hello.want().equals(id)) {
                        keeper.execute(RedisRelay.this::announce);
                    }
                    return;
                }
                if (event instanceof ChatEvent.Beat beat) {
                    if (beat.server().equals(from)) {
                        compare(beat);
                    }
                    return;
                }
                if (event instanceof ChatEvent.Gone gone && gone.server().equals(id)) {
                    log.warn("chat relay: the others counted this server gone; registering again");
                    keeper.execute(RedisRelay.this::register);
                }
            } else if (event instanceof ChatEvent.Hello || event instanceof ChatEvent.Beat) {
                return;
            }
            link.receive(from, envelope.seq(), event);
        }

        private void ignored(String why) {
            long bad = badMessages.incrementAndGet();
            if (bad <= 10 || Long.bitCount(bad) == 1) {
                log.warn("chat relay: ignored a message on {} ({} so far): {}", settings.events(), bad,
                        LogText.escape(why));
            }
        }
    }
}
