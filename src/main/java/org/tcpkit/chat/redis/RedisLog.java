package org.tcpkit.chat.redis;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
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
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

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
    /** Entries taken by one read. */
    private static final int READ_COUNT = 512;

    /** One of this server's events on its way through the stream, with what applying it needs here. */
    private record Waiting(Entry entry, Local local) {
    }

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
    private final AtomicLong seq = new AtomicLong();
    private final Map<Long, Waiting> pending = new ConcurrentHashMap<>();
    /** This server's events applied while the link was down, to append once it is back. */
    private final Kept kept = new Kept();
    /** Held (shared) while a change is on its way; held alone while this server says who is on it. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();
    private volatile ChatLog.Link link;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Jedis reading;
    private Thread reader;
    /** The reader's place: the last entry applied (null before the first link). */
    private StreamEntryID last;
    /** The log's life, as {@code NS:epoch} named it when this server last read it. */
    private String epoch;
    /** While catching up after an outage: entries added before this moment (stream time) reach members late. */
    private long lateBefore;
    /** Whether the reader is catching up (on linking), and whether it found the others counted this server gone. */
    private boolean catchingUp;
    private boolean countedGone;

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
        this.publisher = new Publisher(client, settings.log(), settings.logEntries(), id, codec,
                e -> trouble("appending to the log", e));
        this.intake = new Intake(client, settings, id, codec.sealed(), log);
        this.stream = new LogStream(settings, codec, intake, log);
        this.keeper = new Keeper(client, settings, id, intake, log, this);
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
            Entry entry = entry(event);
            if (!live || !queue(entry, local)) {
                return here(entry, local);
            }
            return local.await(waitMillis, () -> applyOnce(entry, local));
        } finally {
            quiet.readLock().unlock();
        }
    }

    @Override
    public void send(ChatEvent event, Local local) {
        quiet.readLock().lock();
        try {
            Entry entry = entry(event);
            if (!live || !queue(entry, local)) {
                here(entry, local);
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

    private Entry entry(ChatEvent event) {
        long n = seq.incrementAndGet();
        return new Entry(id + "-" + n, System.currentTimeMillis(), id, n, event, false);
    }

    /** Queues an entry to go out, waited for as it comes back; false when it cannot go. */
    private boolean queue(Entry entry, Local local) {
        pending.put(entry.seq(), new Waiting(entry, local));
        if (publisher.offer(entry)) {
            return true;
        }
        pending.remove(entry.seq());
        return false;
    }

    /** Applies one of this server's entries here at once, the link being down, and keeps it to append later. */
    private Object here(Entry entry, Local local) {
        kept.keep(entry);
        return applyOnce(entry, local);
    }

    /** Applies an entry of this server's with its {@link Local}, unless that was done already. */
    private Object applyOnce(Entry entry, Local local) {
        if (!local.take()) {
            return null;
        }
        try {
            Object result = link.apply(entry, local);
            local.done(result);
            return result;
        } catch (RuntimeException e) {
            local.failed(e);
            throw e;
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
                publisher.sendNow(new Entry(id + "-0", System.currentTimeMillis(), id, 0,
                        new ChatEvent.Gone(id, reason), false));
                client.srem(settings.servers(), id);
                client.del(settings.serverKey(id));
                for (String nick : link.nicks()) {
                    keeper.free(nick);
                }
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
            boolean fresh = catchUp(jedis, again);
            linked[0] = true;
            register(fresh);
            while (!closed) {
                List<Map.Entry<String, List<StreamEntry>>> read = jedis.xread(XReadParams.xReadParams()
                        .count(READ_COUNT).block(READ_BLOCK_MILLIS), Map.of(settings.log(), position()));
                apply(read);
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

    /** Where the next read starts: after the last entry applied. */
    private StreamEntryID position() {
        return last == null ? new StreamEntryID(0, 0) : last;
    }

    /**
     * Finds where to go on from and catches up. The first time: after the stream's newest entry, the rooms'
     * recent lines read first. After an outage: after the last entry applied, everything since applied once, in
     * order, marked late; when the stream cannot give all of it (Redis lost what it held: read from its start;
     * or it was trimmed past this server's place: read what is left), the members are told, and every server
     * says again who is on it. Returns whether this server starts afresh and says who is on it.
     */
    private boolean catchUp(Jedis jedis, boolean again) {
        String now = stream.epoch(jedis);
        String gap = null;
        if (last != null && !epoch.equals(now)) {
            gap = "Redis lost what it held (it was restarted empty, say)";
            last = new StreamEntryID(0, 0);
        } else if (last != null && stream.trimmedPast(jedis, last)) {
            gap = "the shared log no longer holds all the lines said while the link was down";
        }
        epoch = now;
        if (last == null) {
            last = loadHistory(jedis);
            // This server says who is on it: of what it kept, only the lines still mean something to the others.
            kept.keepOnlyLines();
            lateBefore = 0;
            link.linked(false);
            return true;
        }
        if (gap != null) {
            log.warn("chat relay: {}; the servers say again who is on them", gap);
            link.resynchronised(gap);
        }
        link.linked(again);
        lateBefore = System.currentTimeMillis();
        catchingUp = true;
        countedGone = false;
        try {
            while (!closed) {
                List<Map.Entry<String, List<StreamEntry>>> read = jedis.xread(XReadParams.xReadParams()
                        .count(READ_COUNT), Map.of(settings.log(), position()));
                if (read == null || read.isEmpty() || read.get(0).getValue().isEmpty()) {
                    break;
                }
                apply(read);
            }
        } finally {
            catchingUp = false;
        }
        log.info("chat relay: caught up with the shared log after the outage");
        boolean fresh = gap != null || countedGone;
        if (fresh) {
            kept.keepOnlyLines();
        }
        return fresh;
    }

    /**
     * Reads the stream's newest entries for the lines said in the rooms, kept as their history; returns the
     * newest entry's id (where reading goes on).
     */
    private StreamEntryID loadHistory(Jedis jedis) {
        List<StreamEntry> newest = stream.newest(jedis);
        if (newest.isEmpty()) {
            return new StreamEntryID(0, 0);
        }
        for (int i = newest.size() - 1; i >= 0; i--) {
            Entry entry = stream.decode(newest.get(i), false, true);
            if (entry != null && entry.event() instanceof ChatEvent.Said) {
                link.remember(entry);
            }
        }
        return newest.get(0).getID();
    }

    /** Applies entries read, in order, and moves the reader's place past them. */
    private void apply(List<Map.Entry<String, List<StreamEntry>>> read) {
        if (read == null) {
            return;
        }
        for (Map.Entry<String, List<StreamEntry>> entries : read) {
            for (StreamEntry raw : entries.getValue()) {
                last = raw.getID();
                boolean late = lateBefore > 0 && raw.getID().getTime() < lateBefore;
                Entry entry = stream.decode(raw, late, late);
                if (entry != null) {
                    take(entry);
                }
            }
        }
    }

    /** One entry read: this server's own (applied where it waits, or already), or another's, checked first. */
    private void take(Entry entry) {
        ChatEvent event = entry.event();
        if (entry.origin().equals(id)) {
            if (entry.seq() > 0) {
                Waiting waiting = pending.remove(entry.seq());
                kept.found(entry.seq());
                if (waiting != null) {
                    applyOnce(waiting.entry(), waiting.local());
                }
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
            if (catchingUp) {
                countedGone = true;
            } else {
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
                sendKept();
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

    /** Appends the entries kept while the link was down, in order; says how many could not be kept. */
    private void sendKept() {
        // Said while the link was down: it reaches the others late, with the time it was said.
        Kept.Drained drained = kept.drain(entry -> publisher.offer(entry.late(true)));
        if (drained.sent() > 0) {
            log.info("chat relay: {} events of this server's from while the link was down go to the others now",
                    drained.sent());
        }
        if (drained.lost() > 0) {
            log.warn("chat relay: {} events of this server's from while the link was down could not be kept for the "
                    + "others", drained.lost());
            link.unsent(drained.lost());
        }
    }

    /** The link is lost: what was on its way is applied here (and kept, to append unless it made it). */
    private void lost(String why) {
        java.util.List<Long> numbers = new java.util.ArrayList<>(pending.keySet());
        java.util.Collections.sort(numbers);
        for (Long number : numbers) {
            Waiting w = pending.remove(number);
            if (w != null) {
                // Kept whether or not applied here already: unless it is found in the log on catching up, it goes
                // out again once linked.
                kept.keep(w.entry());
                try {
                    applyOnce(w.entry(), w.local());
                } catch (RuntimeException e) {
                    log.warn("chat relay: applying {} here failed: {}", w.entry().event().getClass().getSimpleName(),
                            e.toString());
                }
            }
        }
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
