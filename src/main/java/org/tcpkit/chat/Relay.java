package org.tcpkit.chat;

import java.util.List;

/**
 * Joins this chat server to others, so that their rooms are one: events go out to every server (this one
 * included) and come back in one order, which is the order every server applies them in. Names are claimed
 * across servers. While the link is down the chat goes on among this server's members.
 */
public interface Relay extends AutoCloseable {
    /** How a claim on a nickname went. */
    enum Claim {
        /** The name is this server's now. */
        CLAIMED,
        /** Another server holds it. */
        TAKEN,
        /** The link is down: nobody can say; the name is checked on this server only, and again on relinking. */
        UNLINKED
    }

    /** This server's id among the others. */
    String id();

    /** Starts linking, in the background; events and changes of the link reach {@code link}. */
    void start(Link link);

    /** Whether the link is up: events published now come back. */
    boolean live();

    /** Claims {@code nick} for a member of this server. */
    Claim claim(String nick);

    /** Lets go of this server's claim on {@code nick}. */
    void release(String nick);

    /**
     * Sends {@code event}, numbered {@code seq} by this server, without waiting on the link; false when it
     * cannot go (the link is down, or too much waits to go out).
     */
    boolean publish(long seq, ChatEvent event);

    /**
     * Asks server {@code server} for its members anew (bounded in how often): an event of it named someone
     * this server does not know there.
     */
    void resync(String server);

    /** Tells the others this server is going ({@code reason}), frees its names and stops. */
    void close(String reason);

    @Override
    default void close() {
        close("server shutting down");
    }

    /** What a relay tells the chat it joins to the others. */
    interface Link {
        /** An event as it came back, from {@code origin} (this server's own included). */
        void receive(String origin, long seq, ChatEvent event);

        /** The link went down ({@code why}); members of other servers are out of reach until it is back. */
        void lost(String why);

        /** The link is up; {@code again}: after it was lost. */
        void linked(boolean again);

        /**
         * Runs {@code send} once no change of this server's members is on its way, holding new ones back until
         * it returns: what it sends of them ({@link #here}, {@link #beat}) falls after all of their changes.
         */
        void quietly(Runnable send);

        /** This server's members and the topics of their rooms, in full. */
        ChatEvent.Here here();

        /** The nicknames of this server's members, to keep claimed. */
        List<String> nicks();

        /** Another server claimed {@code nick} while the link was down; this server's member must give it up. */
        void nameLost(String nick);

        /**
         * What this server knows of server {@code server}'s members (its own when {@code server} is this one):
         * how many, and a digest of their names, rooms and flags, to compare with what that server says.
         */
        ChatEvent.Beat beat(String server);

        /** The other servers that have members here. */
        java.util.Set<String> servers();
    }
}
