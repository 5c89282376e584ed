package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One named room: who is in it, and its topic. Its members are changed under {@link Chat}'s lock and this
 * room's write lock; lines are appended to its {@link Feed}s under the read lock. So a line said while someone
 * joins either is done before the newcomer is in (and before its welcome is queued) or reaches the newcomer
 * after its welcome, never between the two; and everyone in the room sees its lines in one order.
 */
public final class Room {
    /** Where everyone starts. */
    public static final String LOBBY = "#lobby";
    /** The longest room name by default, in characters, the leading {@code #} included. */
    public static final int MAX_NAME = 32;
    /** The longest room name in bytes of UTF-8, whatever the length in characters: it fits an IRC line. */
    public static final int MAX_NAME_BYTES = 200;
    /** The longest topic, in characters. */
    public static final int MAX_TOPIC = 300;

    final String name;
    final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
    final ReentrantReadWriteLock order = new ReentrantReadWriteLock();
    /** The nicknames (folded) of its operators: whoever made the room, and whom an operator made one. */
    final java.util.Set<String> operators = ConcurrentHashMap.newKeySet();
    /** The nicknames (folded) of members an operator gave a voice: a mark, since no room is moderated. */
    final java.util.Set<String> voiced = ConcurrentHashMap.newKeySet();
    private final long created = System.currentTimeMillis() / 1000;
    /** Its lines as each door of its members spells them; one added under the write lock when first needed. */
    private volatile Feed[] feeds = new Feed[0];
    private volatile Topic topic;

    /** A room's topic: its text, who set it and when (seconds since the epoch). */
    public record Topic(String text, String by, long at) {
    }

    Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether {@code member} is one of its operators. */
    public boolean isOperator(Member member) {
        return operators.contains(Nicks.fold(member.nick()));
    }

    /** Whether an operator gave {@code member} a voice here. */
    public boolean isVoiced(Member member) {
        return voiced.contains(Nicks.fold(member.nick()));
    }

    /** The feeds of its lines, one per door its members came through. */
    Feed[] feeds() {
        return feeds;
    }

    /** The feed of its lines as {@code door} spells them, made if none yet (under the write lock). */
    Feed feed(Door door) {
        for (Feed feed : feeds) {
            if (feed.door == door) {
                return feed;
            }
        }
        Feed feed = new Feed(door);
        Feed[] more = java.util.Arrays.copyOf(feeds, feeds.length + 1);
        more[feeds.length] = feed;
        feeds = more;
        return feed;
    }

    /** How many members it has. */
    public int size() {
        return members.size();
    }

    /** When it was made, in seconds since the epoch. */
    public long created() {
        return created;
    }

    /** Its topic, or null when none was set. */
    public Topic topic() {
        return topic;
    }

    void topic(Topic topic) {
        this.topic = topic;
    }

    /** Its members, at this moment. */
    public List<Member> members() {
        return new ArrayList<>(members.values());
    }

    /** The nicknames in the room, sorted ignoring case. */
    public List<String> who() {
        List<String> nicks = new ArrayList<>();
        for (Member member : members.values()) {
            nicks.add(member.nick());
        }
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }

    /** The form two room names are compared in: names that look alike are one room ({@link Confusables#fold}). */
    public static String fold(String name) {
        return Confusables.fold(name);
    }

    /**
     * Why {@code name} cannot name a room, or null when it can: {@code #}, then letters, digits and
     * {@code - _ .}, at most {@code maxName} characters and {@link #MAX_NAME_BYTES} bytes in all.
     */
    public static String problem(String name, int maxName) {
        if (!name.startsWith("#") || name.length() < 2) {
            return "a room name starts with # and has at least one more character, such as #lab3";
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxName) {
            return "a room name has at most " + maxName + " characters; that one has " + length;
        }
        if (ChatText.cut(name, MAX_NAME_BYTES).length() < name.length()) {
            return "a room name has at most " + MAX_NAME_BYTES + " bytes of UTF-8";
        }
        boolean ok = name.substring(1).codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_' || c == '.');
        return ok ? null : "a room name has only letters, digits and - _ . after the #";
    }
}
