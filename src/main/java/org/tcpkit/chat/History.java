package org.tcpkit.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent lines of each room (messages, actions and notices; never private messages), bounded in number and
 * in age, so that whoever joins late, or asks, gets what was said before. A room's lines are added where the
 * room takes them (under its read lock, beside its feed), so a joiner's history ends exactly where its live
 * lines begin. Rooms are kept by name whether or not they exist on this server now (a server that starts reads
 * the rooms' history from a shared log before anyone is in them), as many as the chat's room limit; past
 * that, the history of rooms nobody is in goes.
 */
final class History {
    private final int lines;
    private final long ageMillis;
    private final int maxRooms;
    private final ConcurrentHashMap<String, Lines> rooms = new ConcurrentHashMap<>();

    /** One room's lines, oldest first. */
    private static final class Lines {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
    }

    /**
     * @param lines     lines kept per room; 0 keeps none
     * @param ageMillis how long a line is kept
     * @param maxRooms  rooms that may exist at once
     */
    History(int lines, long ageMillis, int maxRooms) {
        this.lines = lines;
        this.ageMillis = ageMillis;
        this.maxRooms = Math.max(1, maxRooms);
    }

    /** Whether anything is kept at all. */
    boolean on() {
        return lines > 0;
    }

    /** Keeps a line said in room {@code room} (its folded name), dropping the oldest past the bound. */
    void add(String room, Entry entry, java.util.function.Predicate<String> exists) {
        if (lines == 0) {
            return;
        }
        Lines kept = rooms.get(room);
        if (kept == null) {
            if (rooms.size() >= maxRooms) {
                forgetRoomsNotIn(exists);
                if (rooms.size() >= maxRooms) {
                    return;
                }
            }
            kept = rooms.computeIfAbsent(room, key -> new Lines());
        }
        synchronized (kept) {
            kept.entries.addLast(entry);
            while (kept.entries.size() > lines) {
                kept.entries.removeFirst();
            }
        }
    }

    /** The last {@code count} lines of room {@code room} (folded) said less than the age bound ago, oldest first. */
    List<Entry> recent(String room, int count, long now) {
        Lines kept = rooms.get(room);
        if (kept == null || count <= 0) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        synchronized (kept) {
            Iterator<Entry> newest = kept.entries.descendingIterator();
            while (newest.hasNext() && out.size() < count) {
                Entry entry = newest.next();
                if (now - entry.time() > ageMillis) {
                    break;
                }
                out.add(entry);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** What a room keeps, in words: {@code its last 100 lines of the last 24 h}. */
    String kept() {
        return "its last " + amount();
    }

    /** How much a room keeps, in words: {@code 100 lines of the last 24 h}. */
    String amount() {
        return lines + " lines of the last " + age();
    }

    /** How long a line is kept, in words: {@code 24 h}, {@code 90 min}, {@code 30 s}. */
    String age() {
        if (ageMillis >= 3_600_000L && ageMillis % 3_600_000L == 0) {
            return ageMillis / 3_600_000L + " h";
        }
        if (ageMillis >= 60_000L && ageMillis % 60_000L == 0) {
            return ageMillis / 60_000L + " min";
        }
        return Math.max(1, ageMillis / 1000) + " s";
    }

    private void forgetRoomsNotIn(java.util.function.Predicate<String> exists) {
        rooms.keySet().removeIf(room -> !exists.test(room));
    }
}
