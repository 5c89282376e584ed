package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.tcpkit.net.DisconnectReason;

/**
 * The chat room: who is in it, and delivery of lines to them. Delivery only puts lines in the members'
 * outboxes; no socket is written here and no lock is held that a sender needs, so a member that stops
 * reading delays nobody: when its outbox overflows it is dropped. A drop closes the member's connection
 * only after the room's lock is released, so no join, leave or rename ever waits on a socket.
 */
final class Room {
    private final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
    private final Object names = new Object();
    private final Logger log;
    private volatile boolean closing;

    Room(Logger log) {
        this.log = log;
    }

    /**
     * Adds the member under its nickname and tells the others, in one step, so whoever joins later sees it
     * in the welcome list rather than as a join notice. False when the nickname is taken (as {@link Nicks#fold}
     * compares). The welcome is queued before the member is added: {@link #say} runs without the lock, and a
     * line said meanwhile must not reach the newcomer ahead of its welcome.
     * Only outboxes are touched under the lock; no socket is written.
     */
    boolean join(Member member, java.util.function.Function<List<String>, String> welcome) {
        List<Member> drops = new ArrayList<>();
        synchronized (names) {
            if (closing || members.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            List<String> online = who();
            online.add(member.nick());
            online.sort(String.CASE_INSENSITIVE_ORDER);
            member.outbox.offer(Member.line(welcome.apply(online)));
            members.put(Nicks.fold(member.nick()), member);
            toOthers(member, "* " + member.nick() + " joined", drops);
        }
        drop(drops);
        log.info("chat join: {} from {} ({} online)", member.nick(), member.connection.peer(), members.size());
        return true;
    }

    /** Removes the member and tells the others why it left. */
    void leave(Member member, String reason) {
        boolean removed;
        List<Member> drops = new ArrayList<>();
        synchronized (names) {
            removed = members.remove(Nicks.fold(member.nick()), member);
            if (removed && !closing) {
                toOthers(member, "* " + member.nick() + " left (" + reason + ")", drops);
            }
        }
        drop(drops);
        if (removed) {
            log.info("chat leave: {} from {} ({}), {} online", member.nick(), member.connection.peer(), reason,
                    members.size());
        }
    }

    /** Renames the member unless the new nickname is taken; tells everyone. */
    boolean rename(Member member, String newNick) {
        String old = member.nick();
        List<Member> drops = new ArrayList<>();
        synchronized (names) {
            String oldKey = Nicks.fold(old);
            String newKey = Nicks.fold(newNick);
            if (!oldKey.equals(newKey) && members.putIfAbsent(newKey, member) != null) {
                return false;
            }
            if (!oldKey.equals(newKey)) {
                members.remove(oldKey, member);
            }
            member.rename(newNick);
            toAll("* " + old + " is now known as " + newNick, drops);
        }
        drop(drops);
        log.info("chat nick change: {} is now {} ({})", old, newNick, member.connection.peer());
        return true;
    }

    /** A message to everyone; the sender's copy is marked as its own. */
    void say(Member from, String text) {
        byte[] others = Member.line("<" + from.nick() + "> " + text);
        List<Member> drops = new ArrayList<>(0);
        for (Member member : members.values()) {
            deliver(member, member == from ? Member.line("<" + from.nick() + " (you)> " + text) : others, drops);
        }
        drop(drops);
    }

    /** An action ({@code /me}), seen by everyone. */
    void act(Member from, String text) {
        List<Member> drops = new ArrayList<>();
        toAll("* " + from.nick() + " " + text, drops);
        drop(drops);
    }

    /** A private message; false when nobody has that nickname. */
    boolean tell(Member from, String toNick, String text) {
        Member to = members.get(Nicks.fold(toNick));
        if (to == null) {
            return false;
        }
        log.info("chat private message: {} -> {}", from.nick(), to.nick());
        deliver(to, Member.line("*" + from.nick() + "* " + text));
        if (to != from) {
            deliver(from, Member.line("-> *" + to.nick() + "* " + text));
        }
        return true;
    }

    /** Everyone's nickname, sorted ignoring case. */
    List<String> who() {
        List<String> nicks = new ArrayList<>();
        for (Member member : members.values()) {
            nicks.add(member.nick());
        }
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }

    /** A line for one member only. */
    void notice(Member member, String text) {
        deliver(member, Member.line(text));
    }

    /** Tells everyone the server is shutting down and lets their outboxes drain (bounded). */
    void shutDown(long millis) {
        closing = true;
        byte[] notice = Member.line("* server shutting down");
        List<Member> everyone = new ArrayList<>(members.values());
        for (Member member : everyone) {
            member.outbox.offer(notice);
        }
        long deadline = System.currentTimeMillis() + millis;
        for (Member member : everyone) {
            member.outbox.finish(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    int size() {
        return members.size();
    }

    private void toAll(String text, List<Member> drops) {
        byte[] line = Member.line(text);
        for (Member member : members.values()) {
            deliver(member, line, drops);
        }
    }

    private void toOthers(Member from, String text, List<Member> drops) {
        byte[] line = Member.line(text);
        for (Member member : members.values()) {
            if (member != from) {
                deliver(member, line, drops);
            }
        }
    }

    /** Queues a line for one member and drops that member at once if it is too far behind. */
    private void deliver(Member member, byte[] line) {
        List<Member> drops = new ArrayList<>(1);
        deliver(member, line, drops);
        drop(drops);
    }

    /** Queues a line; a member too far behind is marked for removal and added to {@code drops}. */
    private static void deliver(Member member, byte[] line, List<Member> drops) {
        if (!member.outbox.offer(line) && member.removal.compareAndSet(null, "dropped as too slow")) {
            drops.add(member);
        }
    }

    /** Closes the connections of members found too slow; never called with the room's lock held. */
    private void drop(List<Member> drops) {
        for (Member member : drops) {
            log.warn("chat drop: {} from {} is too slow: more than {} bytes wait for it", member.nick(),
                    member.connection.peer(), Outbox.LIMIT_BYTES);
            member.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }
}
