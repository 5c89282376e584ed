package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.tcpkit.net.DisconnectReason;

/**
 * The chat: one space of nicknames, and the rooms; what every door shares. Members arrive through a door (the
 * line protocol, IRC) and may be in several rooms; a room is made by the first to join it and goes when the
 * last leaves (the lobby stays). Lines and actions go to a room, private messages to a nickname anywhere,
 * joins and leaves to the room concerned. Each member's {@link Door} spells the events for its client.
 *
 * <p>What the chat guarantees: delivery only puts bytes in the members' outboxes; no socket is written here
 * and no lock is held that a sender needs, so a member that stops reading delays nobody: when its outbox
 * overflows it is dropped. A drop closes the member's connection only after the locks are released, so no
 * join, leave, move or rename ever waits on a socket. Membership changes and their notices happen together
 * under one lock, so whoever joins later sees a member in the room's list rather than as a notice. A room
 * delivers its lines under its read lock and its notices (joins, leaves, quits, renames, topics) under its
 * write lock, so everyone in it sees lines and notices in one order.
 */
public final class Chat {
    /** Why a member could not join a room. */
    public enum JoinRefusal {
        /** It is in that room already. */
        ALREADY_THERE,
        /** The name is not a room name ({@link #roomProblem}). */
        BAD_NAME,
        /** The server has {@link ChatLimits#maxRooms()} rooms already. */
        TOO_MANY_ROOMS,
        /** The member is in {@link ChatLimits#maxRoomsPerMember()} rooms already. */
        MEMBER_IN_TOO_MANY
    }

    /** Why a member could not make another an operator of a room, or take that away. */
    public enum OperatorRefusal {
        /** The one asking is not in the room. */
        NOT_IN_ROOM,
        /** The one asking is not an operator there. */
        NOT_OPERATOR,
        /** The other is not in the room. */
        TARGET_NOT_IN_ROOM
    }

    /**
     * How a member's session ended, as its door saw it.
     *
     * @param reason what the others hear ({@code quit: bye}, {@code connection lost})
     * @param ending how the connection ended, for the server's log
     * @param flush  whether the member's last lines (a goodbye) should still go out
     */
    public record Departure(String reason, DisconnectReason ending, boolean flush) {
        /** The connection ended or broke without a word. */
        public static final Departure LOST = new Departure("connection lost", DisconnectReason.CLOSED, false);
    }

    /** How long a leaving member's last lines may take to be written. */
    private static final long FLUSH_MILLIS = 2_000;

    /** Why a member could not leave a room. */
    public enum PartRefusal {
        NO_SUCH_ROOM, NOT_THERE
    }

    private final ConcurrentHashMap<String, Member> everyone = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Logger log;
    private final ChatLimits limits;
    private volatile boolean closing;
    /** The link to other servers, when this one is joined to them; null when it stands alone. */
    private volatile Relaying relaying;

    public Chat(Logger log, ChatLimits limits) {
        this.log = log;
        this.limits = limits;
        rooms.put(Room.fold(Room.LOBBY), new Room(Room.LOBBY));
    }

    public ChatLimits limits() {
        return limits;
    }

    /**
     * Joins this chat to the others on {@code relay}: from now on events go out through it and are applied as
     * they come back ({@code waitMillis}: how long a member's own change may take to come back before it is
     * applied here alone). Call once, before members arrive.
     */
    public void link(Relay relay, long waitMillis) {
        Relaying joined = new Relaying(this, relay, log, waitMillis);
        relaying = joined;
        relay.start(joined);
    }

    /** The server this chat is joined to others through, or null. */
    Relaying relaying() {
        return relaying;
    }

    Logger log() {
        return log;
    }

    /**
     * Adds the member under its nickname, in the lobby when {@code inLobby}, and tells the lobby, in one step.
     * False when the nickname is taken (as {@link Nicks#fold} compares) or the chat is closing.
     *
     * @param welcome queues the member's welcome, given the lobby (with the member in it) or null; it runs
     *                before anyone can send the member a line, so nothing reaches it ahead of its welcome
     */
    public boolean arrive(Member member, boolean inLobby, Consumer<Room> welcome) {
        Relaying linked = relaying;
        if (linked != null) {
            if (closing || everyone.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            Relay.Claim claim = linked.relay.claim(member.nick());
            if (claim == Relay.Claim.TAKEN) {
                return false;
            }
            if (claim == Relay.Claim.CLAIMED) {
                boolean in = linked.state(new ChatEvent.Arrived(member.nick(), member.user(), member.realName(),
                        member.host(), linked.relay.id(), inLobby), () -> enterChat(member, inLobby, welcome));
                if (!in) {
                    linked.relay.release(member.nick());
                }
                return in;
            }
        }
        return enterChat(member, inLobby, welcome);
    }

    /** {@link #arrive} on this server: adds the member unless its name is taken here or the chat is closing. */
    boolean enterChat(Member member, boolean inLobby, Consumer<Room> welcome) {
        List<Member> drops = new ArrayList<>();
        Room lobby = inLobby ? rooms.get(Room.fold(Room.LOBBY)) : null;
        synchronized (lock) {
            if (closing || everyone.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            Runnable findable = () -> everyone.put(Nicks.fold(member.nick()), member);
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

    /** Removes the member from the chat and tells everyone who shared a room with it why it left. */
    public void leave(Member member, String reason) {
        Relaying linked = relaying;
        if (linked == null) {
            leaveChat(member, reason);
            return;
        }
        String nick = member.nick();
        linked.state(new ChatEvent.Left(nick, reason), () -> leaveChat(member, reason), () -> {
            if (member.isLocal()) {
                linked.relay.release(nick);
            }
        });
    }

    /** {@link #leave} on this server; false when the member was not here. */
    boolean leaveChat(Member member, String reason) {
        boolean removed;
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            List<Room> its = new ArrayList<>(member.rooms);
            try (Held held = holding(its)) {
                removed = everyone.remove(Nicks.fold(member.nick()), member);
                if (removed) {
                    Set<Member> told = closing ? Set.of() : neighbours(member);
                    for (Room room : its) {
                        exit(member, room);
                    }
                    Spelled quit = new Spelled(door -> door.quit(member, reason));
                    for (Member other : told) {
                        if (other != member) {
                            deliver(other, quit.by(other.door), drops);
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
     * Takes the member out at the end of its session. What the server decided itself wins over what the door
     * saw: a drop or a kill ({@link Member#removal()}), the idle timeout, the shutdown. Then the member's
     * outbox drains (bounded) or is let go.
     *
     * @return how the connection ended
     */
    public DisconnectReason depart(Member member, Departure seen) {
        String reason = seen.reason();
        DisconnectReason ending = seen.ending();
        boolean flush = seen.flush();
        String removal = member.removal.get();
        DisconnectReason closedBy = member.connection.closedBy();
        if (removal != null) {
            reason = removal;
            ending = DisconnectReason.PROTOCOL;
            flush = false;
        } else if (closedBy == DisconnectReason.TIMEOUT) {
            reason = "timeout";
        } else if (closedBy == DisconnectReason.SHUTDOWN) {
            reason = "server shutting down";
        }
        leave(member, reason);
        if (flush) {
            member.outbox.finish(FLUSH_MILLIS);
        } else {
            member.outbox.abort();
        }
        return ending;
    }

    /**
     * Puts the member in room {@code name} (made if new), telling the others there.
     *
     * @param move     leave the room the member is in now (a line member), telling that room where it went
     * @param greeting queues the member's own view of the room it joined (with the member in it)
     * @return null when done, else why not
     */
    public JoinRefusal join(Member member, String name, boolean move, Consumer<Room> greeting) {
        if (roomProblem(name) != null) {
            return JoinRefusal.BAD_NAME;
        }
        Relaying linked = relaying;
        if (linked == null || !linked.relay.live()) {
            return moveInto(member, name, move, greeting, true);
        }
        Room to = rooms.get(Room.fold(name));
        if (to != null && member.rooms.contains(to)) {
            return JoinRefusal.ALREADY_THERE;
        }
        if (!move && member.rooms.size() >= limits.maxRoomsPerMember()) {
            return JoinRefusal.MEMBER_IN_TOO_MANY;
        }
        if (to == null && rooms.size() >= limits.maxRooms()) {
            return JoinRefusal.TOO_MANY_ROOMS;
        }
        return linked.state(new ChatEvent.Joined(member.nick(), name, move),
                () -> moveInto(member, name, move, greeting, false));
    }

    /**
     * {@link #join} on this server; {@code bounded}: the limits on rooms apply (a join relayed from another
     * server was checked there, and every server applies it alike).
     */
    JoinRefusal moveInto(Member member, String name, boolean move, Consumer<Room> greeting, boolean bounded) {
        List<Member> drops = new ArrayList<>();
        Room from;
        Room to;
        synchronized (lock) {
            from = move ? member.current : null;
            to = rooms.get(Room.fold(name));
            if (to != null && member.rooms.contains(to)) {
                return JoinRefusal.ALREADY_THERE;
            }
            if (bounded && !move && member.rooms.size() >= limits.maxRoomsPerMember()) {
                return JoinRefusal.MEMBER_IN_TOO_MANY;
            }
            if (to == null) {
                if (bounded && rooms.size() >= limits.maxRooms()) {
                    return JoinRefusal.TOO_MANY_ROOMS;
                }
                to = new Room(name);
                to.operators.add(Nicks.fold(member.nick()));
                rooms.put(Room.fold(name), to);
            }
            if (from != null) {
                try (Held held = holding(List.of(from))) {
                    exit(member, from);
                    tell(from, new Spelled(leftFor(member, from, null, to)), drops);
                }
            }
            enter(member, to, greeting, () -> { }, drops);
        }
        drop(drops);
        log.info("chat room join: {} to {}{}", member.nick(), to.name, from == null ? "" : " from " + from.name);
        return null;
    }

    /** Takes the member out of room {@code name}, telling everyone there (the member too) why. */
    public PartRefusal part(Member member, String name, String reason) {
        Relaying linked = relaying;
        if (linked == null || !linked.relay.live()) {
            return partFrom(member, name, reason);
        }
        Room room = rooms.get(Room.fold(name));
        if (room == null) {
            return PartRefusal.NO_SUCH_ROOM;
        }
        if (!member.rooms.contains(room)) {
            return PartRefusal.NOT_THERE;
        }
        return linked.state(new ChatEvent.Parted(member.nick(), room.name, reason),
                () -> partFrom(member, name, reason));
    }

    /** {@link #part} on this server. */
    PartRefusal partFrom(Member member, String name, String reason) {
        List<Member> drops = new ArrayList<>();
        Room room;
        synchronized (lock) {
            room = rooms.get(Room.fold(name));
            if (room == null) {
                return PartRefusal.NO_SUCH_ROOM;
            }
            if (!member.rooms.contains(room)) {
                return PartRefusal.NOT_THERE;
            }
            Spelled left = new Spelled(leftFor(member, room, reason, null));
            try (Held held = holding(List.of(room))) {
                exit(member, room);
                deliver(member, left.by(member.door), drops);
                tell(room, left, drops);
            }
        }
        drop(drops);
        log.info("chat room part: {} from {}", member.nick(), room.name);
        return null;
    }

    /** Renames the member unless the new nickname is taken; tells everyone in its rooms, once each, and it. */
    public boolean rename(Member member, String newNick) {
        Relaying linked = relaying;
        if (linked == null) {
            return renameTo(member, newNick);
        }
        String old = member.nick();
        boolean other = !Nicks.fold(old).equals(Nicks.fold(newNick));
        Member holder = everyone.get(Nicks.fold(newNick));
        if (other && holder != null) {
            return false;
        }
        Relay.Claim claim = other ? linked.relay.claim(newNick) : Relay.Claim.CLAIMED;
        if (claim == Relay.Claim.TAKEN) {
            return false;
        }
        boolean done = linked.state(new ChatEvent.Renamed(old, newNick), () -> renameTo(member, newNick));
        if (other && claim == Relay.Claim.CLAIMED) {
            linked.relay.release(done ? old : newNick);
        }
        return done;
    }

    /** {@link #rename} on this server. */
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
            try (Held held = holding(member.rooms)) {
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
                member.rename(newNick);
                Spelled renamed = new Spelled(door -> door.renamed(old, member));
                for (Member neighbour : neighbours(member)) {
                    deliver(neighbour, renamed.by(neighbour.door), drops);
                }
            }
        }
        drop(drops);
        log.info("chat nick change: {} is now {} ({})", old, newNick, member.where());
        return true;
    }

    /**
     * A message, action or notice to a room the sender is in; the sender gets its door's echo, if any.
     *
     * @return false when the sender is not in {@code room}
     */
    public boolean say(Member from, Room room, Speech speech, String text) {
        if (room == null || !from.rooms.contains(room)) {
            return false;
        }
        Relaying linked = relaying;
        if (linked == null) {
            sayIn(from, room, speech, text);
        } else {
            linked.line(new ChatEvent.Said(from.nick(), room.name, speech, text),
                    () -> sayIn(from, room, speech, text));
        }
        return true;
    }

    /** {@link #say} on this server: delivers to this server's members of the room. */
    void sayIn(Member from, Room room, Speech speech, String text) {
        Spelled others = new Spelled(door -> door.said(from, room, speech, text));
        List<Member> drops = new ArrayList<>(0);
        room.order.readLock().lock();
        try {
            for (Member member : room.members.values()) {
                deliver(member, member == from ? from.door.echo(from, room, speech, text) : others.by(member.door),
                        drops);
            }
        } finally {
            room.order.readLock().unlock();
        }
        drop(drops);
    }

    /** A private message, to a nickname in any room; returns whom it reached, or null when nobody has it. */
    public Member tell(Member from, String toNick, Speech speech, String text) {
        Member to = everyone.get(Nicks.fold(toNick));
        if (to == null) {
            return null;
        }
        log.info("chat private message: {} -> {}", from.nick(), to.nick());
        Relaying linked = relaying;
        if (!to.isLocal() && linked != null) {
            linked.line(new ChatEvent.Told(from.nick(), to.nick(), speech, text), () -> { });
        }
        List<Member> drops = new ArrayList<>(0);
        deliver(to, to.door.told(from, to, speech, text), drops);
        if (to != from) {
            deliver(from, from.door.toldEcho(from, to, speech, text), drops);
        }
        drop(drops);
        return to;
    }

    /** A private message from a member of another server, to a member of this one. */
    void toldHere(Member from, Member to, Speech speech, String text) {
        List<Member> drops = new ArrayList<>(0);
        deliver(to, to.door.told(from, to, speech, text), drops);
        drop(drops);
    }

    /** Sets the topic of a room the member is in and tells everyone there; false when it is not there. */
    public boolean topic(Member member, Room room, String text) {
        int end = text.offsetByCodePoints(0, Math.min(Room.MAX_TOPIC, text.codePointCount(0, text.length())));
        String cut = text.substring(0, end);
        long at = System.currentTimeMillis() / 1000;
        Relaying linked = relaying;
        if (linked == null || !linked.relay.live()) {
            return topicOf(member, room, cut, at);
        }
        if (!member.rooms.contains(room)) {
            return false;
        }
        return linked.state(new ChatEvent.TopicSet(member.nick(), room.name, cut, at),
                () -> topicOf(member, room, cut, at));
    }

    /** {@link #topic} on this server; {@code text} is cut to length already. */
    boolean topicOf(Member member, Room room, String text, long at) {
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            if (!member.rooms.contains(room)) {
                return false;
            }
            try (Held held = holding(List.of(room))) {
                room.topic(text.isEmpty() ? null : new Room.Topic(text, member.nick(), at));
                tell(room, new Spelled(door -> door.topic(member, room)), drops);
            }
        }
        drop(drops);
        log.info("chat topic: {} set the topic of {}", member.nick(), room.name);
        return true;
    }

    /**
     * Gives {@code target} a status in {@code room} ({@code give}) or takes it away, telling everyone there:
     * {@code o} makes an operator, {@code v} gives a voice; only an operator may. Nothing is told when nothing
     * changes.
     */
    public OperatorRefusal status(Member by, Room room, Member target, char status, boolean give) {
        synchronized (lock) {
            if (!by.rooms.contains(room)) {
                return OperatorRefusal.NOT_IN_ROOM;
            }
            if (!room.isOperator(by) && !by.serverOperator()) {
                return OperatorRefusal.NOT_OPERATOR;
            }
            if (!target.rooms.contains(room)) {
                return OperatorRefusal.TARGET_NOT_IN_ROOM;
            }
        }
        Relaying linked = relaying;
        if (linked == null || !linked.relay.live()) {
            return statusOf(by, room, target, status, give);
        }
        return linked.state(new ChatEvent.StatusSet(by.nick(), room.name, target.nick(), status, give),
                () -> statusOf(by, room, target, status, give));
    }

    /** {@link #status} on this server, once its checks are passed. */
    OperatorRefusal statusOf(Member by, Room room, Member target, char status, boolean give) {
        List<Member> drops = new ArrayList<>();
        synchronized (lock) {
            if (!target.rooms.contains(room)) {
                return OperatorRefusal.TARGET_NOT_IN_ROOM;
            }
            String key = Nicks.fold(target.nick());
            java.util.Set<String> holders = status == 'o' ? room.operators : room.voiced;
            try (Held held = holding(List.of(room))) {
                if (give ? !holders.add(key) : !holders.remove(key)) {
                    return null;
                }
                tell(room, new Spelled(door -> door.status(by, room, target, status, give)), drops);
            }
        }
        drop(drops);
        log.info("chat status: {} {} +{} {} in {}", by.nick(), give ? "gave" : "took", status, target.nick(),
                room.name);
        return null;
    }

    /**
     * Disconnects {@code target} on a server operator's word; everyone who shared a room with it hears
     * {@code killed by NICK (reason)}.
     */
    public void kill(Member by, Member target, String reason) {
        String why = "killed by " + by.nick() + (reason.isBlank() ? "" : " (" + reason + ")");
        Relaying linked = relaying;
        if (!target.isLocal()) {
            if (linked != null) {
                log.warn("chat kill: {} from {} by {}: {}", target.nick(), target.where(), by.nick(), reason);
                linked.line(new ChatEvent.Killed(by.nick(), target.nick(), why), () -> { });
            }
            return;
        }
        killHere(target, why, by.nick() + ": " + reason);
    }

    /** Disconnects a member of this server, for {@code why}. */
    void killHere(Member target, String why, String logged) {
        if (target.isLocal() && target.removal.compareAndSet(null, why)) {
            log.warn("chat kill: {} from {} by {}", target.nick(), target.where(), logged);
            target.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }

    /**
     * The member's away message, invisibility or server operator's status changed: the other servers learn it
     * (this one reads them off the member).
     */
    public void flagsChanged(Member member) {
        Relaying linked = relaying;
        if (linked != null) {
            linked.line(new ChatEvent.Flags(member.nick(), member.away(), member.invisible(),
                    member.serverOperator()), () -> { });
        }
    }

    /** Everyone in the chat, at this moment. */
    public List<Member> members() {
        return new ArrayList<>(everyone.values());
    }

    /** The room called {@code name}, or null. */
    public Room room(String name) {
        return rooms.get(Room.fold(name));
    }

    /** The member called {@code nick}, or null. */
    public Member member(String nick) {
        return everyone.get(Nicks.fold(nick));
    }

    /** How many rooms there are, the lobby included. */
    public int roomCount() {
        return rooms.size();
    }

    /** The rooms, sorted by name. */
    public List<Room> rooms() {
        List<Room> list = new ArrayList<>(rooms.values());
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name, b.name));
        return list;
    }

    /** Why {@code name} cannot name a room here, or null when it can. */
    public String roomProblem(String name) {
        return Room.problem(name, limits.maxRoomName());
    }

    /** A line from the server for one member only. */
    public void notice(Member member, String text) {
        List<Member> drops = new ArrayList<>(0);
        deliver(member, member.door.notice(member, text), drops);
        drop(drops);
    }

    /** Bytes for one member only (a reply to its own command); a member too far behind is dropped. */
    public void reply(Member member, byte[] bytes) {
        List<Member> drops = new ArrayList<>(0);
        deliver(member, bytes, drops);
        drop(drops);
    }

    /**
     * Tells everyone the server is shutting down and lets their outboxes drain (bounded). Under the lock, so
     * an arrival in progress either completes first (its welcome goes out before the notice) or is refused.
     */
    public void shutDown(long millis) {
        List<Member> all = new ArrayList<>();
        synchronized (lock) {
            closing = true;
            Spelled closingNotice = new Spelled(Door::closing);
            for (Member member : everyone.values()) {
                if (member.isLocal()) {
                    all.add(member);
                    member.outbox.offer(closingNotice.by(member.door));
                }
            }
        }
        Relaying linked = relaying;
        if (linked != null) {
            linked.relay.close("server shutting down");
        }
        long deadline = System.currentTimeMillis() + millis;
        for (Member member : all) {
            member.outbox.finish(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    /** Whether the chat is shutting down (and refuses newcomers). */
    public boolean closing() {
        return closing;
    }

    /** How many people are in the chat, in all rooms. */
    public int size() {
        return everyone.size();
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
            greeting.accept(room);
            findable.run();
            Spelled joined = new Spelled(door -> door.joined(member, room));
            for (Member other : others) {
                deliver(other, joined.by(other.door), drops);
            }
        } finally {
            room.order.writeLock().unlock();
        }
    }

    /** Takes the member out of {@code room}, and lets an empty room other than the lobby go (under the lock). */
    private void exit(Member member, Room room) {
        room.order.writeLock().lock();
        try {
            room.members.remove(Nicks.fold(member.nick()), member);
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

    /** Write locks held together; closing releases them. */
    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the write locks of {@code rooms} (under the chat's lock, so writers never wait on each other in
     * another order; a sender holds one read lock only). While they are held nothing is said in those rooms,
     * so a notice delivered meanwhile falls between the same two lines for everyone there.
     */
    private static Held holding(java.util.Collection<Room> rooms) {
        List<Room> held = new ArrayList<>(rooms);
        for (Room room : held) {
            room.order.writeLock().lock();
        }
        return () -> {
            for (Room room : held) {
                room.order.writeLock().unlock();
            }
        };
    }

    /** Gives everyone in {@code room} the event (under the lock). */
    private static void tell(Room room, Spelled event, List<Member> drops) {
        for (Member member : room.members.values()) {
            deliver(member, event.by(member.door), drops);
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

    /** Queues bytes (none when null); a member too far behind is marked for removal and added to {@code drops}. */
    private static void deliver(Member member, byte[] bytes, List<Member> drops) {
        if (bytes != null && !member.outbox.offer(bytes) && member.removal.compareAndSet(null, "dropped as too slow")) {
            drops.add(member);
        }
    }

    /** Closes the connections of members found too slow; never called with a lock held. */
    private void drop(List<Member> drops) {
        for (Member member : drops) {
            log.warn("chat drop: {} from {} is too slow: more than {} bytes wait for it", member.nick(),
                    member.where(), Outbox.LIMIT_BYTES);
            member.connection.closeFor(DisconnectReason.PROTOCOL);
        }
    }
}
