package org.tcpkit.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The nicknames people had, most recent first: who left the chat, and the names members changed from, with
 * what they were known by (user, host, real name) and when they stopped using it, for IRC's WHOWAS. Bounded:
 * the oldest are forgotten first.
 */
public final class Whowas {
    /** How many past names are remembered. */
    public static final int KEPT = 500;

    /** A name someone had. */
    public record Gone(String nick, String user, String host, String realName, long at) {
    }

    private final ArrayDeque<Gone> gone = new ArrayDeque<>();

    synchronized void remember(Member member, String nick) {
        if (gone.size() == KEPT) {
            gone.removeLast();
        }
        gone.addFirst(new Gone(nick, member.user(), member.host(), member.realName(), System.currentTimeMillis()));
    }

    /**
     * Up to {@code max} past names that {@code matches} takes, most recent first ({@code max} 0 or less: all of
     * them).
     */
    synchronized List<Gone> of(Predicate<String> matches, int max) {
        List<Gone> found = new ArrayList<>();
        for (Iterator<Gone> it = gone.iterator(); it.hasNext() && (max <= 0 || found.size() < max); ) {
            Gone one = it.next();
            if (matches.test(one.nick())) {
                found.add(one);
            }
        }
        return found;
    }
}
