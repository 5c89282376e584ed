package org.tcpkit.chat.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Nicks;
import redis.clients.jedis.RedisClient;

/**
 * Whether an entry of another server's is believed, before the chat sees it. Redis is an input like a client:
 * signed entries only when their time is the stream's (or, marked late, earlier within what the stream keeps)
 * and never twice; a {@code here} (a whole member list, the costliest event to apply) at most twice a second
 * per server by the stream's clock, so every server decides alike. An entry read as it comes counts only from a
 * server that is alive (its key in Redis exists), a name only for the server Redis says holds it, and a
 * {@code gone} only for a server that is gone; an entry read from the past (catching up after an outage, or the
 * rooms' history at start) is taken for what the stream says then, since Redis now says how things are now.
 * Everything here runs on the log's reader thread.
 */
final class Intake {
    /** How far a signed event's time may be from the stream's time for it (Redis's clock). */
    static final long MAX_SKEW_MILLIS = 60_000;
    /**
     * The least time between two {@code here} applied from one server: half the time a server waits between two
     * it sends, so that none of those is ever refused.
     */
    static final long HERE_GAP_MILLIS = 500;
    /** Member lists from one server applied at once before the gap between two counts. */
    static final int HERE_BURST = 3;
    /** Checks in Redis of servers not known to be alive, at most, per second. */
    private static final int UNKNOWN_CHECKS_PER_SECOND = 20;
    /**
     * Names looked up in Redis for one server's events, at most, per second: far more people than ever arrive or
     * rename at once, and few enough that a flood of forged arrivals cannot keep the reader busy.
     */
    static final int NAME_CHECKS_PER_SECOND = 2_000;

    private final RedisClient client;
    private final RedisSettings settings;
    private final String self;
    private final boolean sealed;
    private final Logger log;
    /** The servers known to be alive: refreshed by the keeper, and on an event from a new one. */
    private volatile Set<String> alive = Set.of();
    /**
     * Per server: the number of the last event taken, when its last {@code here} was applied, the second its
     * name checks are counted in, and how many it has had in that second.
     */
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();
    private long checksSecond;
    private int checks;

    Intake(RedisClient client, RedisSettings settings, String self, boolean sealed, Logger log) {
        this.client = client;
        this.settings = settings;
        this.self = self;
        this.sealed = sealed;
        this.log = log;
    }

    /** The servers alive now, as the keeper found them (this one included). */
    void alive(Set<String> servers) {
        alive = Set.copyOf(servers);
        seen.keySet().retainAll(servers);
    }

    /** Whether {@code server} counts as alive. */
    boolean isAlive(String server) {
        return alive.contains(server);
    }

    /**
     * The event to hand to the chat, perhaps trimmed (a {@code here} without the names another server holds),
     * or null when it is not believed; {@code why} gets the reason then.
     */
    ChatEvent admit(EventCodec.Envelope envelope, long streamTime, boolean past, StringBuilder why) {
        String from = envelope.from();
        ChatEvent event = envelope.event();
        if (from.equals(self)) {
            return event;
        }
        if (!past && !aliveOrFound(from)) {
            why.append("from server ").append(from).append(", which is not alive");
            return null;
        }
        long[] state = seen.computeIfAbsent(from, key -> new long[4]);
        if (sealed) {
            long ahead = envelope.at() - streamTime;
            long behind = streamTime - envelope.at();
            if (ahead > MAX_SKEW_MILLIS || behind > (envelope.late() ? settings.retainMillis() : MAX_SKEW_MILLIS)) {
                why.append("from server ").append(from).append(", said ").append(Math.max(ahead, behind) / 1000)
                        .append(" s ").append(ahead > 0 ? "after" : "before")
                        .append(" it entered the log (a replay, or clocks apart)");
                return null;
            }
            if (envelope.number() <= state[0]) {
                why.append("from server ").append(from).append(", number ").append(envelope.number())
                        .append(" again (a replay)");
                return null;
            }
            state[0] = envelope.number();
        }
        if (event instanceof ChatEvent.Arrived a) {
            if (!a.server().equals(from)) {
                why.append("an arrival on server ").append(a.server()).append(" from server ").append(from);
                return null;
            }
            return past || checkable(state, from, why) && holds(from, a.nick(), why) ? event : null;
        }
        if (event instanceof ChatEvent.Renamed r) {
            return past || checkable(state, from, why) && holds(from, r.to(), why) ? event : null;
        }
        if (event instanceof ChatEvent.Gone g && !past && !g.server().equals(from) && exists(g.server())) {
            why.append("a gone for server ").append(g.server()).append(", which is alive");
            return null;
        }
        if (event instanceof ChatEvent.Here h) {
            if (!h.server().equals(from)) {
                why.append("a member list of server ").append(h.server()).append(" from server ").append(from);
                return null;
            }
            // One every half second, with a few at once (a server that links, then starts afresh), by the
            // stream's clock: every server reading the stream keeps the same ones.
            long now = streamTime;
            long due = Math.max(now, state[1]) + HERE_GAP_MILLIS;
            if (due - now > HERE_GAP_MILLIS * HERE_BURST) {
                why.append("a member list from server ").append(from).append(", more than ").append(HERE_BURST)
                        .append(" within ").append(HERE_GAP_MILLIS * HERE_BURST).append(" ms");
                return null;
            }
            state[1] = due;
            return past ? h : held(h);
        }
        return event;
    }

    /** Whether one more of {@code from}'s names may be looked up this second ({@link #NAME_CHECKS_PER_SECOND}). */
    private static boolean checkable(long[] state, String from, StringBuilder why) {
        long second = System.currentTimeMillis() / 1000;
        if (state[2] != second) {
            state[2] = second;
            state[3] = 0;
        }
        if (++state[3] > NAME_CHECKS_PER_SECOND) {
            why.append("more than ").append(NAME_CHECKS_PER_SECOND).append(" names from server ").append(from)
                    .append(" in a second");
            return false;
        }
        return true;
    }

    /** Whether Redis says server {@code from} holds {@code nick}. */
    private boolean holds(String from, String nick, StringBuilder why) {
        String holder = client.get(settings.nickKey(Nicks.fold(nick)));
        if (from.equals(holder)) {
            return true;
        }
        why.append("the name ").append(nick).append(" for server ").append(from).append(", which Redis says ")
                .append(holder == null ? "nobody holds"
                        : holder.startsWith("~") ? "nobody holds (server " + holder.substring(1) + " let go of it)"
                        : "server " + holder + " holds");
        return false;
    }

    /** {@code here} without the members whose names Redis says another server holds. */
    private ChatEvent.Here held(ChatEvent.Here here) {
        List<ChatEvent.Present> members = here.members();
        if (members.isEmpty()) {
            return here;
        }
        List<ChatEvent.Present> kept = new ArrayList<>(members.size());
        for (int from = 0; from < members.size(); from += 500) {
            List<ChatEvent.Present> part = members.subList(from, Math.min(members.size(), from + 500));
            String[] keys = new String[part.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = settings.nickKey(Nicks.fold(part.get(i).nick()));
            }
            List<String> holders = client.mget(keys);
            for (int i = 0; i < keys.length; i++) {
                if (here.server().equals(holders.get(i))) {
                    kept.add(part.get(i));
                }
            }
        }
        if (kept.size() < members.size()) {
            log.warn("chat relay: {} of the {} members server {} lists hold names Redis gives to no one or to "
                    + "another server; left out", members.size() - kept.size(), members.size(), here.server());
        }
        return new ChatEvent.Here(here.server(), kept, here.topics());
    }

    /** Whether {@code server} is alive, asking Redis (a bounded number of times a second) when not known. */
    private boolean aliveOrFound(String server) {
        if (alive.contains(server)) {
            return true;
        }
        long second = System.currentTimeMillis() / 1000;
        if (second != checksSecond) {
            checksSecond = second;
            checks = 0;
        }
        if (++checks > UNKNOWN_CHECKS_PER_SECOND || !exists(server)) {
            return false;
        }
        Set<String> more = new HashSet<>(alive);
        more.add(server);
        alive = Set.copyOf(more);
        return true;
    }

    private boolean exists(String server) {
        return client.exists(settings.serverKey(server));
    }
}
