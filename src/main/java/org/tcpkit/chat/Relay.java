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

    /** Sends {@code event}, numbered {@code seq} by this server; false when it could not be sent. */
    boolean publish(long seq, ChatEvent event);

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
         * Gives {@code publish} this server's members (what the others should know of it) once nothing of theirs
         * is on its way, and holds their changes back until it returns, so none falls before it.
         */
        void announce(String server, java.util.function.Consumer<ChatEvent.Here> publish);

        /** The nicknames of this server's members, to keep claimed. */
        List<String> nicks();

        /** Another server claimed {@code nick} while the link was down; this server's member must give it up. */
        void nameLost(String nick);
    }
}
