package org.tcpkit.auth;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dialogues still waiting for their clients' answers, so a stopping server can tell those clients why the
 * connection ends ({@code bye: The server is shutting down; goodbye.}) instead of closing without a word.
 *
 * <p>The goodbye is written from the stopping thread. It cannot block: a dialogue sends a few short lines
 * per answer and at most a few answers, far less than the socket buffers between server and client hold,
 * however little the client reads.
 */
public final class OpenDialogues {
    /** What a client in a dialogue is told when the server stops. */
    public static final String SHUTTING_DOWN = "The server is shutting down; goodbye.";

    private final Set<Dialogue> open = ConcurrentHashMap.newKeySet();

    /** Counts {@code dialogue} as open until {@link #closed}. */
    public Dialogue opened(Dialogue dialogue) {
        open.add(dialogue);
        return dialogue;
    }

    /** The dialogue is over (answered, or the connection ended). */
    public void closed(Dialogue dialogue) {
        open.remove(dialogue);
    }

    /** How many dialogues are open. */
    public int count() {
        return open.size();
    }

    /** Tells every client still in a dialogue that the server is shutting down. */
    public void goodbye() {
        for (Dialogue dialogue : open) {
            try {
                dialogue.sayUnlessFinished("bye", SHUTTING_DOWN);
            } catch (IOException e) {
                // That client is gone already.
            }
        }
    }
}
