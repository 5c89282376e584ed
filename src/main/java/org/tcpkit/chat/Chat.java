package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.tcpkit.net.DisconnectReason;

/**
 * The chat: one space of nicknames, and the rooms. Everyone starts in {@link Room#LOBBY}; a room is made by
 * the first to join it and goes when the last leaves (the lobby stays). Lines and actions go to a room,
 * private messages to a nickname anywhere, joins and leaves to the room concerned.
 *
 * <p>What the chat guarantees: delivery only puts lines in the members' outboxes; no socket is written here
 * and no lock is held that a sender needs, so a member that stops reading delays nobody: when its outbox
 * overflows it is dropped. A drop closes the member's connection only after the lock is released, so no
 * join, leave, move or rename ever waits on a socket. Membership changes and their notices happen together
 * under one lock, so whoever joins later sees a member in the room's list rather than as a notice.
 */
final class Chat {
    /** Rooms that may exist at once, the lobby included. */
    static final int MAX_ROOMS = 1000;

    private final ConcurrentHashMap<String, Member> everyone = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Logger log;
    private final int maxRooms;
    private volatile boolean closing;

    Chat(Logger log) {
        this(log, MAX_ROOMS);
    }

    Chat(Logger log, int maxRooms) {
        this.log = log;
        this.maxRooms = maxRooms;
        rooms.put(Room.fold(Room.LOBBY), new Room(Room.LOBBY));
    }

    /**
     * Adds the member under its nickname, in the lobby, and tells the lobby, in one step. False when the
     * nickname is taken (as {@link Nicks#fold} compares). The welcome, given who is in the lobby, is queued
     * before the member is added: {@link #say} runs without the lock, and a line said meanwhile must not
     * reach the newcomer ahead of its welcome.
     */
    boolean join(Member member, java.util.function.Function<List<String>, String> welcome) {
        List<Member> drops = new ArrayList<>();
        Room lobby = rooms.get(Room.fold(Room.LOBBY));
        synchronized (lock) {
            if (closing || everyone.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            lobby.order.writeLock().lock();
            try {
                List<String> online = lobby.who();
                online.add(member.nick());
                online.sort(String.CASE_INSENSITIVE_ORDER);
                member.outbox.offer(Member.line(welcome.apply(online)));
                everyone.put(Nicks.fold(member.nick()), member);
                enter(member, lobby, drops);
            } finally {
                lobby.order.writeLock().unlock();
            }
        }
        drop(drops);
        log.info("chat join: {} from {} ({} online)", member.nick(), member.connection.peer(), everyone.size());
        return true;
    }

    /** Removes the member and tells each room it was in why it left. */
    void leave(Member member, String reason) {
        boolean removed;
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            removed = everyone.remove(Nicks.fold(member.nick()), member);
            if (removed) {
                for (Room room : new ArrayList<>(member.rooms)) {
                    exit(member, room, closing ? null : "* " + member.nick() + " left (" + reason + ")", drops);
                }
            }
        }
        drop(drops);
        if (removed) {
            log.info("chat leave: {} from {} ({}), {} online", member.nick(), member.connection.peer(), reason,
                    everyone.size());
        }
    }

    /**
     * Moves a line member from its current room to {@code name} (made if new), telling both rooms.
     *
     * @return null when done, else why not (a sentence for the member)
     */
    String move(Member member, String name) {
        String problem = Room.problem(name);
        if (problem != null) {
            return problem;
        }
        List<Member> drops = new ArrayList<>();
        Room from;
        Room to;
        synchronized (lock) {
            from = member.current;
            if (from != null && Room.fold(from.name).equals(Room.fold(name))) {
                return "you are in " + from.name + " already";
            }
            to = rooms.get(Room.fold(name));
            if (to == null) {
                if (rooms.size() >= maxRooms) {
                    return "the server has " + maxRooms + " rooms already; join one of them (/rooms)";
                }
                to = new Room(name);
                rooms.put(Room.fold(name), to);
            }
            if (from != null) {
                exit(member, from, "* " + member.nick() + " left for " + to.name, drops);
            }
            to.order.writeLock().lock();
            try {
                List<String> here = to.who();
                here.add(member.nick());
                here.sort(String.CASE_INSENSITIVE_ORDER);
                member.outbox.offer(Member.line("* You are in " + to.name + " now. Here (" + here.size() + "): "
                        + String.join(", ", here)));
                enter(member, to, drops);
            } finally {
                to.order.writeLock().unlock();
            }
        }
        drop(drops);
        log.info("chat move: {} from {} to {}", member.nick(), from == null ? "nowhere" : from.name, to.name);
        return null;
    }

    /** Renames the member unless the new nickname is taken; tells everyone in its rooms, once each. */
    boolean rename(Member member, String newNick) {
        String old = member.nick();
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            String oldKey = Nicks.fold(old);
            String newKey = Nicks.fold(newNick);
            if (!oldKey.equals(newKey) && everyone.putIfAbsent(newKey, member) != null) {
                return false;
            }
            if (!oldKey.equals(newKey)) {
                everyone.remove(oldKey, member);
            }
            for (Room room : member.rooms) {
                room.order.writeLock().lock();
                try {
                    room.members.remove(oldKey, member);
                    room.members.put(newKey, member);
                } finally {
                    room.order.writeLock().unlock();
                }
            }
            member.rename(newNick);
            byte[] line = Member.line("* " + old + " is now known as " + newNick);
            for (Member neighbour : neighbours(member)) {
                deliver(neighbour, line, drops);
            }
        }
        drop(drops);
        log.info("chat nick change: {} is now {} ({})", old, newNick, member.connection.peer());
        return true;
    }

    /** A message to the sender's current room; the sender's copy is marked as its own. */
    void say(Member from, String text) {
        Room room = from.current;
        if (room == null) {
            return;
        }
        byte[] others = Member.line("<" + from.nick() + "> " + text);
        List<Member> drops = new ArrayList<>(0);
        room.order.readLock().lock();
        try {
            for (Member member : room.members.values()) {
                deliver(member, member == from ? Member.line("<" + from.nick() + " (you)> " + text) : others,
                        drops);
            }
        } finally {
            room.order.readLock().unlock();
        }
        drop(drops);
    }

    /** An action ({@code /me}), seen by everyone in the sender's current room. */
    void act(Member from, String text) {
        Room room = from.current;
        if (room == null) {
            return;
        }
        byte[] line = Member.line("* " + from.nick() + " " + text);
        List<Member> drops = new ArrayList<>();
        room.order.readLock().lock();
        try {
            for (Member member : room.members.values()) {
                deliver(member, line, drops);
            }
        } finally {
            room.order.readLock().unlock();
        }
        drop(drops);
    }

    /** A private message, to a nickname in any room; false when nobody has that nickname. */
    boolean tell(Member from, String toNick, String text) {
        Member to = everyone.get(Nicks.fold(toNick));
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

    /** The member's current room (the lobby for a member between rooms). */
    Room current(Member member) {
        Room room = member.current;
        return room == null ? rooms.get(Room.fold(Room.LOBBY)) : room;
    }

    /** The rooms with their member counts, sorted by name: {@code #lab3 (2)}. */
    List<String> rooms() {
        List<String> list = new ArrayList<>();
        for (Room room : rooms.values()) {
            list.add(room.name + " (" + room.members.size() + ")");
        }
        list.sort(String.CASE_INSENSITIVE_ORDER);
        return list;
    }

    /** A line for one member only. */
    void notice(Member member, String text) {
        deliver(member, Member.line(text));
    }

    /**
     * Tells everyone the server is shutting down and lets their outboxes drain (bounded). Under the lock, so
     * a join in progress either completes first (its welcome goes out before the notice) or is refused.
     */
    void shutDown(long millis) {
        byte[] notice = Member.line("* server shutting down");
        List<Member> all;
        synchronized (lock) {
            closing = true;
            all = new ArrayList<>(everyone.values());
            for (Member member : all) {
                member.outbox.offer(notice);
            }
        }
        long deadline = System.currentTimeMillis() + millis;
        for (Member member : all) {
            member.outbox.finish(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    /** How many people are in the chat, in all rooms. */
    int size() {
        return everyone.size();
    }

    /** Puts the member in {@code room} and tells the others there (under the lock). */
    private void enter(Member member, Room room, List<Member> drops) {
        byte[] line = Member.line("* " + member.nick() + " joined");
        for (Member other : room.members.values()) {
            deliver(other, line, drops);
        }
        room.members.put(Nicks.fold(member.nick()), member);
        member.rooms.add(room);
        member.current = room;
    }

    /** Takes the member out of {@code room}, tells the others there {@code notice} (unless null), and lets an
     * empty room other than the lobby go (under the lock). */
    private void exit(Member member, Room room, String notice, List<Member> drops) {
        room.order.writeLock().lock();
        try {
            room.members.remove(Nicks.fold(member.nick()), member);
        } finally {
            room.order.writeLock().unlock();
        }
        member.rooms.remove(room);
        if (member.current == room) {
            member.current = null;
        }
        if (notice != null) {
            byte[] line = Member.line(notice);
            for (Member other : room.members.values()) {
                deliver(other, line, drops);
            }
        }
        if (room.members.isEmpty() && !Room.fold(room.name).equals(Room.fold(Room.LOBBY))) {
            rooms.remove(Room.fold(room.name), room);
        }
    }

    /** Everyone who shares a room with the member, the member included, each once. */
    private static Set<Member> neighbours(Member member) {
        Set<Member> all = new LinkedHashSet<>();
        all.add(member);
        for (Room room : member.rooms) {
            all.addAll(room.members.values());
        }
        return all;
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

    /** Closes the connections of members found too slow; never called with the lock held. */
    private void drop(List<Member> drops) {
        for (Member member : drops) {
            log.warn("chat drop: {} from {} is too slow: more than {} bytes wait for it", member.nick(),
                    member.connection.peer(), Outbox.LIMIT_BYTES);
            member.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }
}
