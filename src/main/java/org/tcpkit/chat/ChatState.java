package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.tcpkit.net.DisconnectReason;

/**
 * What this server knows of the chat, and the events applied to it: its members and rooms (with those of
 * other servers joined by a relay), and the delivery of each event to this server's members. {@link Chat}
 * decides what happens and when; this does it.
 *
 * <p>Delivery only appends a room's lines to its {@link Feed}s (once per door, whatever the number of members)
 * and puts everything else in the members' outboxes; no socket is written here and no lock is held that a
 * sender needs, so a member that stops reading delays nobody: when too much waits for it, it is dropped. A drop
 * closes the member's connection only after the locks are released, so no join, leave, move or rename ever
 * waits on a socket. Membership changes and their notices happen together under one lock, so whoever joins
 * later sees a member in the room's list rather than as a notice. A room takes its lines under its read lock
 * (its feed puts them in one order) and its notices (joins, leaves, quits, renames, topics) under its write
 * lock, so everyone in it sees lines and notices in one order; a member starts reading the feed on joining
 * and stops on leaving, under that lock too.
 */
final class ChatState {
    final ConcurrentHashMap<String, Member> everyone = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    final Object lock = new Object();
    final Logger log;
    private final ChatLimits limits;
    /** The rooms' recent lines. */
    final History history;
    volatile boolean closing;

    ChatState(Logger log, ChatLimits limits) {
        this.log = log;
        this.limits = limits;
        this.history = new History(limits.historyLines(), limits.historyAge().toMillis(), limits.maxRooms());
        rooms.put(Room.fold(Room.LOBBY), new Room(Room.LOBBY));
    }

    ChatLimits limits() {
        return limits;
    }

    /** This server's own members (not those of other servers joined by a relay), at this moment. */
    /** The changes of operators and statuses, applied here. */
    final Moderation moderation = new Moderation(this);
    /** The lines said in rooms and to members, delivered and kept here. */
    final Lines lines = new Lines(this);
    /** Who watches which nicknames (MONITOR). */
    final Watchers watchers = new Watchers();
    /** The names people had, for WHOWAS. */
    final Whowas whowas = new Whowas();
    /** The most people the chat has had at once, and the most of them on this server. */
    volatile int peak;
    volatile int localPeak;
    private volatile int localCount;

    /** Counts one more member in, for the peaks (under the lock). */
    private void counted(Member member) {
        peak = Math.max(peak, everyone.size());
        if (member.isLocal()) {
            localPeak = Math.max(localPeak, ++localCount);
        }
    }

    /** How many of the chat's members are on this server (under the lock, or as a moment's reading). */
    int localCount() {
        return localCount;
    }

    List<Member> locals() {
        List<Member> locals = new ArrayList<>();
        for (Member member : everyone.values()) {
            if (member.isLocal()) {
                locals.add(member);
            }
        }
        return locals;
    }

    /**
     * Why the member cannot join room {@code name} now (the limits on rooms included), or null when it can. Read
     * under the lock, as the chat stands between two changes: a member told of a change (its kick) and asking at
     * once is answered on the chat as the change left it, not as it was halfway.
     */
    Chat.JoinRefusal joinRefusal(Member member, String name, boolean move, String key, boolean checkKey) {
        synchronized (lock) {
            return joinRefusalNow(member, name, move, key, checkKey);
        }
    }

    private Chat.JoinRefusal joinRefusalNow(Member member, String name, boolean move, String key, boolean checkKey) {
        Room to = rooms.get(Room.fold(name));
        if (to != null && member.rooms.contains(to)) {
            return Chat.JoinRefusal.ALREADY_THERE;
        }
        if (checkKey && to != null && to.key() != null && !to.key().equals(key)) {
            return Chat.JoinRefusal.BAD_KEY;
        }
        if (!move && member.rooms.size() >= limits.maxRoomsPerMember()) {
            return Chat.JoinRefusal.MEMBER_IN_TOO_MANY;
        }
        if (to == null && rooms.size() >= limits.maxRooms()) {
            return Chat.JoinRefusal.TOO_MANY_ROOMS;
        }
        if (to != null && to.inviteOnly() && !to.invited.contains(Nicks.fold(member.nick()))
                && !to.inviteExcepted(member)) {
            return Chat.JoinRefusal.INVITE_ONLY;
        }
        boolean invited = to != null && to.invited.contains(Nicks.fold(member.nick()));
        if (to != null && !invited && to.banned(member)) {
            return Chat.JoinRefusal.BANNED;
        }
        if (to != null && to.limit() > 0 && to.size() >= to.limit()) {
            return Chat.JoinRefusal.FULL;
        }
        return null;
    }

    /** Why the member cannot leave room {@code name}, or null when it can; read under the lock, as a join's. */
    Chat.PartRefusal partRefusal(Member member, String name) {
        synchronized (lock) {
            Room room = rooms.get(Room.fold(name));
            if (room == null) {
                return Chat.PartRefusal.NO_SUCH_ROOM;
            }
            return member.rooms.contains(room) ? null : Chat.PartRefusal.NOT_THERE;
        }
    }

    /** Queues bytes for one member only; a member too far behind is dropped. */
    void send(Member member, byte[] bytes) {
        List<Member> drops = new ArrayList<>(0);
        Delivery.deliver(member, bytes, drops);
        drop(drops);
    }

    /**
     * Refuses newcomers from now on and queues the shutdown notice for every member of this server (under the
     * lock, so an arrival in progress either completes first or is refused); returns them.
     */
    List<Member> close() {
        synchronized (lock) {
            closing = true;
            List<Member> all = locals();
            Spelled closingNotice = new Spelled(Door::closing);
            for (Member member : all) {
                member.outbox.offer(closingNotice.by(member.door));
            }
            return all;
        }
    }

    /** {@link Chat#arrive} on this server: adds the member unless its name is taken here or the chat is closing. */
    boolean enterChat(Member member, boolean inLobby, Consumer<Room> welcome) {
        List<Member> drops = new ArrayList<>();
        Room lobby = inLobby ? rooms.get(Room.fold(Room.LOBBY)) : null;
        synchronized (lock) {
            if (closing || everyone.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            Runnable findable = () -> {
                everyone.put(Nicks.fold(member.nick()), member);
                counted(member);
                presence(member, member.nick(), true, drops);
            };
            if (lobby == null) {
                welcome.accept(null);
                findable.run();
            } else {
                enter(member, lobby, welcome, findable, drops);
            }
        }
        drop(drops);
        log.info("chat join: {} from {} ({} online)", member.nick(), member.where(), everyone.size());
        return true;
    }

    /** {@link Chat#leave} on this server; false when the member was not here. */
    boolean leaveChat(Member member, String reason) {
        boolean removed;
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            List<Room> its = new ArrayList<>(member.rooms);
            try (Delivery.Held held = Delivery.holding(its)) {
                removed = everyone.remove(Nicks.fold(member.nick()), member);
                if (removed) {
                    whowas.remember(member, member.nick());
                    if (member.isLocal()) {
                        localCount--;
                    }
                    watchers.clear(member);
                    presence(member, member.nick(), false, drops);
                    Set<Member> told = closing ? Set.of() : Delivery.neighbours(member);
                    for (Room room : its) {
                        exit(member, room);
                    }
                    Spelled quit = new Spelled(door -> door.quit(member, reason));
                    for (Member other : told) {
                        if (other != member) {
                            Delivery.deliver(other, quit.by(other.door), drops);
                        }
                    }
                }
            }
        }
        drop(drops);
        if (removed) {
            log.info("chat leave: {} from {} ({}), {} online", member.nick(), member.where(), reason,
                    everyone.size());
        }
        return removed;
    }

    /**
     * {@link Chat#join} on this server, the limits on rooms checked as it is applied: a join from another server
     * meets this server's limits, and servers applying joins in one order agree on which fit.
     */
    Chat.JoinRefusal moveInto(Member member, String name, boolean move, String key, boolean checkKey,
                              Consumer<Room> greeting) {
        List<Member> drops = new ArrayList<>();
        Room from;
        Room to;
        synchronized (lock) {
            Chat.JoinRefusal refusal = joinRefusalNow(member, name, move, key, checkKey);
            if (refusal != null) {
                return refusal;
            }
            from = move ? member.current : null;
            to = rooms.get(Room.fold(name));
            if (to == null) {
                to = new Room(name);
                to.operators.add(Nicks.fold(member.nick()));
                rooms.put(Room.fold(name), to);
            }
            if (from != null) {
                try (Delivery.Held held = Delivery.holding(List.of(from))) {
                    exit(member, from);
                    Delivery.tell(from, new Spelled(leftFor(member, from, null, to)), drops);
                }
            }
            to.invited.remove(Nicks.fold(member.nick()));
            enter(member, to, greeting, () -> { }, drops);
        }
        drop(drops);
        log.info("chat room join: {} to {}{}", member.nick(), to.name, from == null ? "" : " from " + from.name);
        return null;
    }

    /** {@link Chat#part} on this server. */
    Chat.PartRefusal partFrom(Member member, String name, String reason) {
        List<Member> drops = new ArrayList<>();
        Room room;
        synchronized (lock) {
            Chat.PartRefusal refusal = partRefusal(member, name);
            if (refusal != null) {
                return refusal;
            }
            room = rooms.get(Room.fold(name));
            Spelled left = new Spelled(leftFor(member, room, reason, null));
            try (Delivery.Held held = Delivery.holding(List.of(room))) {
                exit(member, room);
                Delivery.deliver(member, left.by(member.door), drops);
                Delivery.tell(room, left, drops);
            }
        }
        drop(drops);
        log.info("chat room part: {} from {}", member.nick(), room.name);
        return null;
    }

    /** {@link Chat#rename} on this server. */
    boolean renameTo(Member member, String newNick) {
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
            try (Delivery.Held held = Delivery.holding(member.rooms)) {
                for (Room room : member.rooms) {
                    room.members.remove(oldKey, member);
                    room.members.put(newKey, member);
                    if (room.operators.remove(oldKey)) {
                        room.operators.add(newKey);
                    }
                    if (room.voiced.remove(oldKey)) {
                        room.voiced.add(newKey);
                    }
                }
                whowas.remember(member, old);
                member.rename(newNick);
                if (!oldKey.equals(newKey)) {
                    presence(member, old, false, drops);
                    presence(member, newNick, true, drops);
                }
                Spelled renamed = new Spelled(door -> door.renamed(old, member));
                for (Member neighbour : Delivery.neighbours(member)) {
                    Delivery.deliver(neighbour, renamed.by(neighbour.door), drops);
                }
            }
        }
        drop(drops);
        log.info("chat nick change: {} is now {} ({})", old, newNick, member.where());
        return true;
    }

    /** {@link Chat#topic} on this server; {@code text} is cut to length already. */
    boolean topicOf(Member member, Room room, String text, long at) {
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            if (!member.rooms.contains(room)) {
                return false;
            }
            try (Delivery.Held held = Delivery.holding(List.of(room))) {
                room.topic(text.isEmpty() ? null : new Room.Topic(text, member.nick(), at));
                Delivery.tell(room, new Spelled(door -> door.topic(member, room)), drops);
            }
        }
        drop(drops);
        log.info("chat topic: {} set the topic of {}", member.nick(), room.name);
        return true;
    }

    /** Tells those who watch {@code nick} that {@code member} took it ({@code online}) or gave it up. */
    private void presence(Member member, String nick, boolean online, List<Member> drops) {
        for (Member watcher : watchers.watching(nick)) {
            if (watcher != member) {
                Delivery.deliver(watcher, watcher.door.presence(watcher, member, nick, online), drops);
            }
        }
    }

    /** Disconnects a member of this server, for {@code why}. */
    void killHere(Member target, String why, String logged) {
        if (target.isLocal() && target.removal.compareAndSet(null, why)) {
            log.warn("chat kill: {} from {} by {}", target.nick(), target.where(), logged);
            target.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }

    /**
     * Puts the member in {@code room}, queues its greeting, runs {@code findable} and then tells the others
     * there (under the lock): whoever hears of the member can find it, and nothing reaches it before its
     * greeting.
     */
    private void enter(Member member, Room room, Consumer<Room> greeting, Runnable findable, List<Member> drops) {
        room.order.writeLock().lock();
        try {
            List<Member> others = new ArrayList<>(room.members.values());
            room.members.put(Nicks.fold(member.nick()), member);
            member.rooms.add(room);
            member.current = room;
            if (member.isLocal()) {
                member.outbox.read(room.feed(member.door).follow(member));
            }
            greeting.accept(room);
            if (member.isLocal() && history.on() && limits.historyOnJoin() > 0) {
                Delivery.deliver(member, member.door.history(member, room, history.recent(Room.fold(room.name),
                        limits.historyOnJoin(), System.currentTimeMillis()), history.kept()), drops);
            }
            findable.run();
            Spelled joined = new Spelled(door -> door.joined(member, room));
            for (Member other : others) {
                Delivery.deliver(other, joined.by(other.door), drops);
            }
        } finally {
            room.order.writeLock().unlock();
        }
    }

    /**
     * {@link Chat#redoor}: from now on the member hears the chat through {@code door}. In each of its rooms, under
     * the room's write lock, it stops reading the old door's feed where it ends and reads the new one's from
     * there, so no line is lost or doubled, and the old feed's lines come first.
     */
    void redoor(Member member, Door door) {
        synchronized (lock) {
            Door old = member.door;
            if (old == door) {
                return;
            }
            member.door = door;
            for (Room room : member.rooms) {
                room.order.writeLock().lock();
                try {
                    if (room.members.get(Nicks.fold(member.nick())) == member) {
                        room.feed(old).unfollow(member);
                        member.outbox.read(room.feed(door).follow(member));
                    }
                } finally {
                    room.order.writeLock().unlock();
                }
            }
        }
    }

    /** Takes the member out of {@code room}, and lets an empty room other than the lobby go (under the lock). */
    void exit(Member member, Room room) {
        room.order.writeLock().lock();
        try {
            if (room.members.remove(Nicks.fold(member.nick()), member) && member.isLocal()) {
                room.feed(member.door).unfollow(member);
            }
            room.operators.remove(Nicks.fold(member.nick()));
            room.voiced.remove(Nicks.fold(member.nick()));
        } finally {
            room.order.writeLock().unlock();
        }
        member.rooms.remove(room);
        if (member.current == room) {
            member.current = null;
        }
        if (room.members.isEmpty() && !Room.fold(room.name).equals(Room.fold(Room.LOBBY))) {
            rooms.remove(Room.fold(room.name), room);
        }
    }

    private static java.util.function.Function<Door, byte[]> leftFor(Member member, Room room, String reason,
                                                                   Room to) {
        return door -> door.left(member, room, reason, to);
    }

    /** Closes the connections of members their outboxes refused; never called with a lock held. */
    void drop(List<Member> drops) {
        for (Member member : drops) {
            log.warn("chat drop: {} from {} {}: {}", member.nick(), member.where(), member.removal.get(),
                    member.outbox.overflowDetail());
            member.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }
}
