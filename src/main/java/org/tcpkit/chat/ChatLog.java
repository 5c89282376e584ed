package org.tcpkit.chat;

import java.util.List;
import java.util.Set;

/**
 * Where the chat's events are put in one order: every change is appended here, and every server applies every
 * event in the log's order with the one function {@link Link#apply}, its own events included. Alone, the log
 * lives in this process ({@link org.tcpkit.chat.log.LocalLog}); shared, on a Redis stream
 * ({@link org.tcpkit.chat.redis.RedisLog}). Nothing else differs between the two.
 */
public interface ChatLog {
    /** How a claim on a nickname went. */
    enum Claim {
        /** The name is this server's now. */
        CLAIMED,
        /** Another server holds it. */
        TAKEN,
        /** The shared log cannot be reached: the name is checked on this server only, and again on relinking. */
        UNLINKED
    }

    /** This server's id: the origin of its events. */
    String server();

    /** Starts the log; from now on its events reach {@code link}. */
    void start(Link link);

    /** Claims {@code nick} for a member of this server, across the servers sharing the log. */
    Claim claim(String nick);

    /**
     * Lets go of this server's claim on {@code nick}. A shared log lets go of a name already as a member's
     * leaving or renaming enters it, so that whoever reads that event may take the name at once; this is for
     * the rest (a claim that was not used, an event that did not make it to the log).
     */
    void release(String nick);

    /**
     * Appends one of this server's events; returns once it has been applied here, with what applying it
     * returned ({@code local} is applied with it).
     */
    Object append(ChatEvent event, Local local);

    /**
     * Appends one of this server's events that nobody waits for (a line): it is applied here in the log's
     * order, as everywhere, perhaps after this returns.
     */
    void send(ChatEvent event, Local local);

    /** Tells the others this server is going ({@code reason}) and stops. */
    void close(String reason);

    /** What the log asks of the chat. */
    interface Link {
        /** Applies one event in the log's order; {@code local} for this server's own events, else null. */
        Object apply(Entry entry, Local local);

        /** The log cannot be reached ({@code why}); this server's events go on, here, in the meantime. */
        void lost(String why);

        /** The log is reachable again ({@code again}: after it was lost). */
        void linked(boolean again);

        /**
         * What the other servers said while this one could not hear could not all be recovered ({@code why}):
         * the chat is made whole again from what the servers say of themselves.
         */
        void resynchronised(String why);

        /** This server's members and the topics of their rooms, in full. */
        ChatEvent.Here here();

        /** What this server knows of server {@code server}'s members (its own, for its own id). */
        ChatEvent.Beat beat(String server);

        /** The other servers that have members here. */
        Set<String> servers();

        /** The nicknames of this server's members, to keep claimed. */
        List<String> nicks();

        /** Another server holds {@code nick}; this server's member of that name must give it up. */
        void nameLost(String nick);

        /**
         * A line said before this server started reading the log (read back from it at start): kept in its
         * room's history, not delivered.
         */
        void remember(Entry entry);

        /** {@code count} of this server's events from while the log could not be reached were not kept for it. */
        void unsent(long count);
    }
}
