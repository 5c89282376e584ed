package org.tcpkit.chat.redis;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Local;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;

/**
 * The chat's log shared by servers on one Redis: a stream ({@code NS:log}) that every server appends its events
 * to ({@link Publisher}) and reads from where it last stopped, applying every event, its own included, in the
 * stream's one order. Nothing is lost to a server whose link breaks: it goes on alone meanwhile (its own events
 * applied at once and kept, bounded, to append once linked), then reads from its last entry, applying what the
 * others said meanwhile once, in order, marked late, and appends what it kept that did not make it. When that
 * cannot be done (Redis restarted empty, which {@code NS:epoch} tells; or the stream trimmed past the last entry
 * read), the servers tell one another who is on them again, and the members are told. A server that starts
 * reads the rooms' recent lines from the stream. Everything read from Redis is checked ({@link Intake}) as a
 * client's input is.
 *
 * <p>Threads: the reader reads and applies (it only queues bytes, so no member slows it); the publisher writes;
 * the {@link Keeper} beats, keeps names and finds servers gone. A member's change waits (bounded) for its way
 * back through the stream; a line does not wait.
 */
public final class RedisLog implements ChatLog, Chat.Resyncing, Keeper.Owner {
    private static final long FIRST_RETRY_MILLIS = 200;
    /** The longest a Redis command may take; a Redis that is slower counts as gone. */
    private static final int MAX_COMMAND_MILLIS = 1_000;
    /** How long a read of the stream blocks waiting for entries. */
    private static final int READ_BLOCK_MILLIS = 1_000;

    private final RedisSettings settings;
    private final Logger log;
    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final JedisClientConfig config;
    private final HostAndPort address;
    private final RedisClient client;
    private final EventCodec codec;
    private final LogStream stream;
    private final Publisher publisher;
    private final Intake intake;
    private final Keeper keeper;
    private final long waitMillis;
    private final Object waits = new Object();
    /** This server's events on their way through the log, or kept while the link is down. */
    private final OwnEvents own;
    /** Where the reader is in the log. */
    private final ReadPlace place;
    /** Held (shared) while a change is on its way; held alone while this server says who is on it. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
    private volatile ChatLog.Link link;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Jedis reading;
    private Thread reader;

    /** @param waitMillis how long a member's change may take to come back before it is applied here alone */
    public RedisLog(RedisSettings settings, Logger log, long waitMillis) {
        this.settings = settings;
        this.log = log;
        this.waitMillis = waitMillis;
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
        this.publisher = new Publisher(client, settings, id, codec,
                e -> trouble("appending to the log", e));
        this.intake = new Intake(client, settings, id, codec.sealed(), log);
        this.stream = new LogStream(settings, codec, intake, log);
        this.keeper = new Keeper(client, settings, id, intake, log, this);
        this.own = new OwnEvents(id, publisher, log);
        this.place = new ReadPlace(stream, settings.log(), log, this::take);
    }

    @Override
    public String server() {
        return id;
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public void start(ChatLog.Link link) {
        this.link = link;
        own.start(link);
        reader = new Thread(this::read, "chat-relay-reader");
        reader.setDaemon(true);
        reader.start();
        publisher.start();
        keeper.start(link);
    }

    @Override
    public Claim claim(String nick) {
        if (!live) {
            return Claim.UNLINKED;
        }
        try {
            return twice(() -> keeper.claim(nick)) ? Claim.CLAIMED : Claim.TAKEN;
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
            twice(() -> {
                keeper.free(nick);
                return null;
            });
        } catch (JedisException e) {
            trouble("freeing a name", e);
        }
    }

    @Override
    public Object append(ChatEvent event, Local local) {
        quiet.readLock().lock();
        try {
            Entry entry = own.entry(event);
            if (!live || !own.send(entry, local)) {
                return own.here(entry, local);
            }
            return local.await(waitMillis, () -> own.applyOnce(entry, local));
        } finally {
            quiet.readLock().unlock();
        }
    }

    @Override
    public void send(ChatEvent event, Local local) {
        quiet.readLock().lock();
        try {
            Entry entry = own.entry(event);
            if (!live || !own.send(entry, local)) {
                own.here(entry, local);
            }
        } finally {
            quiet.readLock().unlock();
        }
    }

    @Override
    public void resync(String server) {
        keeper.ask(server);
    }

    @Override
    public void quietly(Runnable send) {
        quiet.writeLock().lock();
        try {
            send.run();
        } finally {
            quiet.writeLock().unlock();
        }
    }

    @Override
    public void note(ChatEvent event) {
        if (!publisher.offer(new Entry(id + "-0", System.currentTimeMillis(), id, 0, event, false))) {
            log.warn("chat relay: too much waits to go out to Redis; a {} was not sent",
                    event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        // Whether linked when asked to close: the reader stops linking as soon as it sees the log closed.
        boolean linked = live;
        closed = true;
        keeper.stop();
        publisher.close(1_000);
        if (linked) {
            try {
                // The names first: whoever reads that this server is gone finds its members' names free.
                keeper.free(link.nicks());
                publisher.sendNow(new Entry(id + "-0", System.currentTimeMillis(), id, 0,
                        new ChatEvent.Gone(id, reason), false));
                client.srem(settings.servers(), id);
                client.del(settings.serverKey(id));
            } catch (JedisException e) {
                log.warn("chat relay: could not say goodbye on {}: {}", settings.where(), describe(e));
            }
        }
        live = false;
        synchronized (waits) {
            waits.notifyAll();
        }
        Jedis jedis = reading;
        if (jedis != null) {
            jedis.close();
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
     * The reader: links, reads until the link breaks, relinks after a wait that doubles up to a bound.
     * Whatever ends a link, a failure of Redis or one of this server's own (a bug, memory running out while an
     * event is applied), the link counts as lost, the chat is told, and the reader links again.
     */
    private void read() {
        long wait = FIRST_RETRY_MILLIS;
        boolean everLinked = false;
        String lastProblem = null;
        while (!closed) {
            boolean[] linked = {false};
            String why = follow(everLinked, linked);
            boolean wasLive = live;
            live = false;
            publisher.reset();
            if (linked[0]) {
                everLinked = true;
                wait = FIRST_RETRY_MILLIS;
                lastProblem = null;
            }
            if (wasLive && !closed) {
                lost(why);
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

    /** Links and reads until the link ends; returns why it ended, and never throws. */
    private String follow(boolean again, boolean[] linked) {
        try (Jedis jedis = new Jedis(address, config)) {
            reading = jedis;
            if (closed) {
                return "closed";
            }
            boolean fresh = place.catchUp(jedis, again, link, own, () -> closed);
            linked[0] = true;
            register(fresh);
            while (!closed) {
                place.apply(jedis.xread(XReadParams.xReadParams().count(ReadPlace.READ_COUNT)
                        .block(READ_BLOCK_MILLIS), Map.of(settings.log(), place.position())));
            }
            return "closed";
        } catch (JedisException | IllegalStateException e) {
            return describe(e);
        } catch (RuntimeException | Error e) {
            log.error("chat relay: reading from Redis failed: {}; linking again", e.toString());
            return "this server failed reading: " + e.getClass().getSimpleName();
        } finally {
            reading = null;
        }
    }

    /** One entry read: this server's own (applied where it waits, or already), or another's, checked first. */
    private void take(Entry entry) {
        ChatEvent event = entry.event();
        if (entry.origin().equals(id)) {
            if (entry.seq() > 0) {
                own.cameBack(entry);
            } else if (event instanceof ChatEvent.Gone gone && !gone.server().equals(id)) {
                link.apply(entry, null);
            }
            return;
        }
        if (event instanceof ChatEvent.Hello hello) {
            if (hello.want() == null || hello.want().equals(id)) {
                keeper.execute(keeper::announce);
            }
            return;
        }
        if (event instanceof ChatEvent.Beat beat) {
            if (beat.server().equals(entry.origin())) {
                keeper.compare(beat);
            }
            return;
        }
        if (event instanceof ChatEvent.Gone gone && gone.server().equals(id)) {
            log.warn("chat relay: the others counted this server gone; it says again who is on it");
            if (!place.goneWhileCatchingUp()) {
                keeper.execute(() -> register(true));
            }
            return;
        }
        link.apply(entry, null);
    }

    /**
     * Once linked: says this server is here and takes back its names; when it starts afresh, asks the others who
     * is on them and says who is on it; then appends what it kept while the link was down, and only then lets
     * new changes go out (under the lock every change holds), so the others get them all in the order they
     * were made.
     */
    private void register(boolean fresh) {
        if (closed) {
            return;
        }
        try {
            clearPool();
            twice(() -> {
                keeper.beat();
                return null;
            });
            List<String> lost = keeper.keepNames(link.nicks());
            quiet.writeLock().lock();
            try {
                if (fresh) {
                    note(new ChatEvent.Hello(id, null));
                    keeper.announced();
                    note(link.here());
                }
                own.sendKept();
                live = true;
            } finally {
                quiet.writeLock().unlock();
            }
            for (String nick : lost) {
                log.warn("chat relay: another server claimed {} while the link was down", nick);
                link.nameLost(nick);
            }
        } catch (JedisException e) {
            log.warn("chat relay: Redis at {} failed while registering: {}", settings.where(), describe(e));
            Jedis jedis = reading;
            if (jedis != null) {
                jedis.close();
            }
        }
    }

    /** The link is lost: what was on its way is applied here (and kept, to append unless it made it). */
    private void lost(String why) {
        own.linkLost();
        try {
            link.lost(why);
        } catch (RuntimeException | Error e) {
            log.error("chat relay: telling the chat the link is lost failed: {}", e.toString());
        }
    }

    /** Lets go of idle pooled connections, which a restart of Redis may have broken. */
    private void clearPool() {
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            log.debug("chat relay: clearing the pool: {}", e.toString());
        }
    }

    @Override
    public void trouble(String doing, JedisException e) {
        log.warn("chat relay: Redis at {} failed while {}: {}", settings.where(), doing, describe(e));
        Jedis jedis = reading;
        if (live && jedis != null) {
            jedis.close();
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

    /** For the log and the tests: this server's id and where it reads. */
    @Override
    public String toString() {
        return "the shared log of " + settings.where() + " as " + id;
    }
}
