package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One named room: who is in it. Its members are changed under {@link Chat}'s lock and this room's write
 * lock; lines are delivered under the read lock. So a line said while someone joins either is done before
 * the newcomer is in (and before its welcome is queued) or reaches the newcomer after its welcome, never
 * between the two.
 */
final class Room {
    /** Where everyone starts. */
    static final String LOBBY = "#lobby";
    /** The longest room name, in characters, the leading {@code #} included. */
    static final int MAX_NAME = 32;

    final String name;
    final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
    final java.util.concurrent.locks.ReentrantReadWriteLock order = new java.util.concurrent.locks.ReentrantReadWriteLock();

    Room(String name) {
        this.name = name;
    }

    /** The nicknames in the room, sorted ignoring case. */
    List<String> who() {
        List<String> nicks = new ArrayList<>();
        for (Member member : members.values()) {
            nicks.add(member.nick());
        }
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }

    /** The form two room names are compared in. */
    static String fold(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** Why {@code name} cannot name a room, or null when it can: {@code #} then letters, digits, - _ . */
    static String problem(String name) {
        if (!name.startsWith("#") || name.length() < 2) {
            return "a room name starts with # and has at least one more character, such as #lab3";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME) {
            return "a room name has at most " + MAX_NAME + " characters; that one has " + length;
        }
        boolean ok = name.substring(1).codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_' || c == '.');
        return ok ? null : "a room name has only letters, digits and - _ . after the #";
    }
}
