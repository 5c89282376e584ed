package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who watches which nicknames come and go (IRC's MONITOR): each member of this server at most
 * {@link #MOST} nicknames, forgotten when it leaves. The chat tells the watchers of a nickname when someone
 * takes it (arrives, or renames to it) and when it is given up.
 */
public final class Watchers {
    /** The most nicknames one member may watch. */
    public static final int MOST = 100;

    private final Map<String, Set<Member>> byNick = new ConcurrentHashMap<>();
    private final Map<Member, Set<String>> byMember = new ConcurrentHashMap<>();

    /** Adds {@code nick} to what {@code member} watches; false when its list is full. */
    public synchronized boolean add(Member member, String nick) {
        Set<String> watched = byMember.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet());
        String folded = Nicks.fold(nick);
        if (watched.contains(folded)) {
            return true;
        }
        if (watched.size() >= MOST) {
            return false;
        }
        watched.add(folded);
        byNick.computeIfAbsent(folded, n -> ConcurrentHashMap.newKeySet()).add(member);
        return true;
    }

    /** Takes {@code nick} off what {@code member} watches. */
    public synchronized void remove(Member member, String nick) {
        String folded = Nicks.fold(nick);
        Set<String> watched = byMember.get(member);
        if (watched != null && watched.remove(folded)) {
            Set<Member> watchers = byNick.get(folded);
            if (watchers != null && watchers.remove(member) && watchers.isEmpty()) {
                byNick.remove(folded);
            }
        }
    }

    /** Forgets everything {@code member} watches (it left, or asked). */
    public synchronized void clear(Member member) {
        Set<String> watched = byMember.remove(member);
        if (watched != null) {
            for (String folded : watched) {
                Set<Member> watchers = byNick.get(folded);
                if (watchers != null && watchers.remove(member) && watchers.isEmpty()) {
                    byNick.remove(folded);
                }
            }
        }
    }

    /** The nicknames {@code member} watches, folded. */
    public List<String> of(Member member) {
        Set<String> watched = byMember.get(member);
        return watched == null ? List.of() : new ArrayList<>(watched);
    }

    /** Who watches {@code nick}. */
    List<Member> watching(String nick) {
        Set<Member> watchers = byNick.get(Nicks.fold(nick));
        return watchers == null ? List.of() : new ArrayList<>(watchers);
    }
}
