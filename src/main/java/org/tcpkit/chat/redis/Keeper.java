package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Nicks;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What a server of a shared log does beside reading and writing it, on a thread of its own: says it is alive
 * (a key that expires), keeps its members' names ({@code NS:nick:NAME}, set only when absent or held by a
 * server that is gone), finds servers that went without a word and says they are gone, trims the stream to
 * its retention, and sends a {@code beat} with a digest of its members, so that a server whose view of another
 * differs asks that one for its members again. It answers such a request ({@code hello}) at most once a second,
 * however many come.
 */
final class Keeper {
    /** The least time between two member lists ({@code here}) this server sends. */
    static final long ANNOUNCE_GAP_MILLIS = 1_000;
    /** Beats in a row whose digest differs from this server's view before it asks for the member list. */
    private static final int MISMATCHES = 2;
    /** Rounds between two beats that say nothing new. */
    private static final int BEATS_UNCHANGED = 8;
    /**
     * Lets go of a name this server holds: the key keeps, for as long as a name is held without being kept, a
     * mark that this server let it go ({@code ~ID}), which any claim takes as free and this server's own keeping
     * never takes back, so that a list of names read a moment before the name went cannot claim it again.
     */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('SET', KEYS[1], '~' .. ARGV[1], 'PX', ARGV[2])
            end
            return 0""";
    /**
     * Claims (or keeps) names: each is taken when free, let go of, already this server's, or held by a server
     * whose alive key is gone (its names are free as soon as it counts as gone, not when their own keys expire a
     * moment later); with ARGV[4] set, a name this server let go of stays let go of. Returns the (1-based)
     * indexes of those another live server holds.
     */
    private static final String KEEP = """
            local lost = {}
            for i, k in ipairs(KEYS) do
              local v = redis.call('GET', k)
              if v and v ~= ARGV[1] and string.sub(v, 1, 1) ~= '~' and redis.call('EXISTS', ARGV[3] .. v) == 1 then
                table.insert(lost, i)
              elseif not (ARGV[4] == '1' and v == '~' .. ARGV[1]) then
                redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
              end
            end
            return lost""";

    /** What the keeper needs of the log it works for. */
    interface Owner {
        /** Whether the log is linked now. */
        boolean live();

        /** Sends a note of this server's own (after whatever is queued). */
        void note(ChatEvent event);

        /** A command failed: the link is to be counted lost. */
        void trouble(String doing, JedisException e);

        /** Runs {@code send} while none of this server's changes is on its way. */
        void quietly(Runnable send);
    }

    private final RedisClient client;
    private final RedisSettings settings;
    private final String id;
    private final Intake intake;
    private final Logger log;
    private final Owner owner;
    private final ScheduledExecutorService thread;
    private final Map<String, Integer> mismatches = new ConcurrentHashMap<>();
    private final Map<String, Long> askedAt = new ConcurrentHashMap<>();
    /** Servers with members here found not alive, and since when (only the keeper's thread uses it). */
    private final Map<String, Long> notAliveSince = new HashMap<>();
    private volatile ChatLog.Link link;
    private long announcedAt;
    private boolean announceOwed;
    private long rounds;
    /** The last beat this server put in the log. */
    private ChatEvent.Beat lastBeat;

    Keeper(RedisClient client, RedisSettings settings, String id, Intake intake, Logger log, Owner owner) {
        this.client = client;
        this.settings = settings;
        this.id = id;
        this.intake = intake;
        this.log = log;
        this.owner = owner;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread keeper = new Thread(r, "chat-relay-keeper");
            keeper.setDaemon(true);
            return keeper;
        });
    }

    void start(ChatLog.Link link) {
        this.link = link;
        long beat = settings.heartbeatMillis();
        thread.scheduleWithFixedDelay(this::round, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the keeper's thread. */
    void execute(Runnable task) {
        thread.execute(task);
    }

    void stop() {
        thread.shutdownNow();
    }

    /** Says this server is alive, at once. */
    void beat() {
        client.set(settings.serverKey(id), "{\"started\":" + System.currentTimeMillis() / 1000 + "}",
                redis.clients.jedis.params.SetParams.setParams().px(settings.timeoutMillis()));
        client.sadd(settings.servers(), id);
    }

    /** Claims {@code nick}: true when it is this server's now. */
    boolean claim(String nick) {
        return keep(List.of(nick), false).isEmpty();
    }

    /** Lets go of this server's claim on {@code nick}, if it still has it. */
    void free(String nick) {
        client.eval(RELEASE, List.of(settings.nickKey(Nicks.fold(nick))), freeing(id, settings));
    }

    /** Lets go of this server's claims on {@code nicks}, those it still has, in one pipeline. */
    void free(List<String> nicks) {
        try (redis.clients.jedis.Pipeline pipeline = client.pipelined()) {
            for (String nick : nicks) {
                pipeline.eval(RELEASE, List.of(settings.nickKey(Nicks.fold(nick))), freeing(id, settings));
            }
            pipeline.sync();
        }
    }

    /** The arguments of {@link #RELEASE}: this server, and how long the mark that it let go of a name lasts. */
    static List<String> freeing(String id, RedisSettings settings) {
        return List.of(id, Long.toString(settings.timeoutMillis()));
    }

    /**
     * The name an event of this server's lets go of as it enters the log, or null: a member's leaving, or its
     * old name when it renames. The name is let go of just before the event is added, in the same pipeline, so
     * that whoever reads the event can claim the name at once.
     */
    static String freedBy(ChatEvent event) {
        if (event instanceof ChatEvent.Left left) {
            return left.nick();
        }
        if (event instanceof ChatEvent.Renamed renamed
                && !Nicks.fold(renamed.nick()).equals(Nicks.fold(renamed.to()))) {
            return renamed.nick();
        }
        return null;
    }

    /** Takes back this server's names (after linking); returns those another server holds now. */
    List<String> keepNames(List<String> nicks) {
        return keep(nicks, false);
    }

    /**
     * Keeps this server's names, or takes them back; returns those another server holds now.
     *
     * @param kept a list of names read a moment ago (the keeper's round): a name this server let go of since
     *             stays let go of
     */
    List<String> keep(List<String> nicks, boolean kept) {
        List<String> lost = new ArrayList<>();
        for (int from = 0; from < nicks.size(); from += 500) {
            List<String> part = nicks.subList(from, Math.min(nicks.size(), from + 500));
            List<String> keys = new ArrayList<>(part.size());
            for (String nick : part) {
                keys.add(settings.nickKey(Nicks.fold(nick)));
            }
            Object got = client.eval(KEEP, keys, List.of(id, Long.toString(settings.timeoutMillis()),
                    settings.serverKey(""), kept ? "1" : "0"));
            if (got instanceof List<?> indexes) {
                for (Object index : indexes) {
                    lost.add(part.get(((Long) index).intValue() - 1));
                }
            }
        }
        return lost;
    }

    /**
     * The keeper's round: beat, keep names, find the servers that went without a word (and drop the members of
     * servers that are not alive), trim the stream now and then, and say how this server's members look.
     */
    private void round() {
        if (!owner.live()) {
            return;
        }
        try {
            beat();
            for (String nick : keep(link.nicks(), true)) {
                link.nameLost(nick);
            }
            Set<String> alive = new HashSet<>();
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
                    owner.note(new ChatEvent.Gone(other, "server lost: no word from it for " + (silent + 999) / 1000
                            + " s"));
                }
            }
            intake.alive(alive);
            // A server with members here whose alive key is missing is given the time a silent server has before
            // it counts as gone: after Redis lost everything, the others link again one by one, and one that is
            // back within that time keeps its members everywhere.
            long now = System.nanoTime();
            notAliveSince.keySet().retainAll(link.servers());
            notAliveSince.keySet().removeAll(alive);
            for (String known : link.servers()) {
                if (alive.contains(known)) {
                    continue;
                }
                long since = notAliveSince.computeIfAbsent(known, k -> now);
                if (now - since >= TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis())) {
                    notAliveSince.remove(known);
                    log.warn("chat relay: server {} has members here but has not been alive for {} ms; they leave",
                            known, settings.timeoutMillis());
                    owner.note(new ChatEvent.Gone(known, "server lost: it is not alive"));
                }
            }
            mismatches.keySet().retainAll(alive);
            askedAt.keySet().retainAll(alive);
            if (rounds++ % 40 == 0) {
                trim();
            }
            owner.quietly(() -> {
                ChatEvent.Beat beat = link.beat(id);
                // A beat goes into the log when this server changed, and now and then: enough to compare views,
                // little enough that the log keeps lines, not beats.
                if (!beat.equals(lastBeat) || rounds % BEATS_UNCHANGED == 0) {
                    lastBeat = beat;
                    owner.note(beat);
                }
            });
        } catch (JedisException e) {
            owner.trouble("keeping this server's names", e);
        } catch (RuntimeException e) {
            log.warn("chat relay: keeping names failed: {}", e.toString());
        }
    }

    /** Drops the stream's entries older than it keeps (whole nodes only, which is cheap). */
    private void trim() {
        long oldest = System.currentTimeMillis() - settings.retainMillis();
        client.xtrim(settings.log(), redis.clients.jedis.params.XTrimParams.xTrimParams().minId(oldest + "-0")
                .approximateTrimming());
    }

    /**
     * Publishes who is on this server, for the others to rebuild their view of it: at once when the last list
     * went out a while ago, else once at the end of that while, however many asked meanwhile.
     */
    void announce() {
        if (!owner.live()) {
            return;
        }
        long wait;
        synchronized (this) {
            wait = announcedAt + ANNOUNCE_GAP_MILLIS - System.currentTimeMillis();
            if (wait > 0) {
                if (!announceOwed) {
                    announceOwed = true;
                    thread.schedule(this::announceOwed, wait, TimeUnit.MILLISECONDS);
                }
                return;
            }
            announcedAt = System.currentTimeMillis();
        }
        owner.quietly(() -> owner.note(link.here()));
    }

    /** A list of this server's members goes out now, by its owner: the next waits its turn after it. */
    synchronized void announced() {
        announcedAt = System.currentTimeMillis();
    }

    private void announceOwed() {
        synchronized (this) {
            announceOwed = false;
        }
        announce();
    }

    /** Asks server {@code server} for its members, at most once a second each. */
    void ask(String server) {
        long now = System.currentTimeMillis();
        Long last = askedAt.get(server);
        if (!owner.live() || (last != null && now - last < ANNOUNCE_GAP_MILLIS)) {
            return;
        }
        askedAt.put(server, now);
        log.info("chat relay: this server's view of server {} differs from what it says; asking it for its members",
                server);
        owner.note(new ChatEvent.Hello(id, server));
    }

    /** Another server's beat: when it has differed from this server's view of it twice in a row, ask it. */
    void compare(ChatEvent.Beat beat) {
        ChatEvent.Beat mine = link.beat(beat.server());
        if (mine.members() == beat.members() && mine.digest().equals(beat.digest())) {
            mismatches.remove(beat.server());
        } else if (mismatches.merge(beat.server(), 1, Integer::sum) >= MISMATCHES) {
            mismatches.remove(beat.server());
            ask(beat.server());
        }
    }
}
