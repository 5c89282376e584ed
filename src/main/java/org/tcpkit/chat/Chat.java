package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.tcpkit.net.DisconnectReason;

/**
 * The chat: one space of nicknames, and the rooms; what every door shares. Members arrive through a door (the
 * line protocol, IRC) and may be in several rooms; a room is made by the first to join it and goes when the
 * last leaves (the lobby stays). Lines and actions go to a room, private messages to a nickname anywhere,
 * joins and leaves to the room concerned. Each member's {@link Door} spells the events for its client.
 *
 * <p>Each change is decided here and applied by {@link ChatState}, which also says what the chat guarantees
 * about delivery and order. Alone, a server applies a change at once; joined to others by a {@link Relay}, it
 * sends the change out and applies it when it comes back, in the relay's order, as every other server does.
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

    /** What this server knows of the chat, and the events applied to it. */
    final ChatState state;
    private final Logger log;
    /** The link to other servers, when this one is joined to them; null when it stands alone. */
    private volatile Relaying relaying;

    public Chat(Logger log, ChatLimits limits) {
        this.log = log;
        this.state = new ChatState(log, limits);
    }

    public ChatLimits limits() {
        return state.limits();
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
            if (state.closing || state.everyone.containsKey(Nicks.fold(member.nick()))) {
                return false;
            }
            Relay.Claim claim = linked.relay.claim(member.nick());
            if (claim == Relay.Claim.TAKEN) {
                return false;
            }
            if (claim == Relay.Claim.CLAIMED) {
                boolean in = linked.state(new ChatEvent.Arrived(member.nick(), member.user(), member.realName(),
                        member.host(), linked.relay.id(), inLobby), () -> state.enterChat(member, inLobby, welcome));
                if (!in) {
                    linked.relay.release(member.nick());
                }
                return in;
            }
        }
        return state.enterChat(member, inLobby, welcome);
    }

    /** Removes the member from the chat and tells everyone who shared a room with it why it left. */
    public void leave(Member member, String said) {
        String reason = ChatText.cut(said, ChatText.MAX_REASON_BYTES);
        Relaying linked = relaying;
        if (linked == null) {
            state.leaveChat(member, reason);
            return;
        }
        String nick = member.nick();
        linked.state(new ChatEvent.Left(nick, reason), () -> state.leaveChat(member, reason), () -> {
            if (member.isLocal()) {
                linked.relay.release(nick);
            }
        });
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
            return state.moveInto(member, name, move, greeting);
        }
        JoinRefusal refusal = state.joinRefusal(member, name, move);
        if (refusal != null) {
            return refusal;
        }
        // The limits are checked again as the join is applied, in the relay's order, as every server applies
        // it: two servers racing for the last room agree on which join gets it.
        return linked.state(new ChatEvent.Joined(member.nick(), name, move),
                () -> state.moveInto(member, name, move, greeting));
    }

    /** Takes the member out of room {@code name}, telling everyone there (the member too) why. */
    public PartRefusal part(Member member, String name, String said) {
        String reason = said == null ? null : ChatText.cut(said, ChatText.MAX_REASON_BYTES);
        Relaying linked = relaying;
        if (linked == null) {
            return state.partFrom(member, name, reason);
        }
        PartRefusal refusal = state.partRefusal(member, name);
        if (refusal != null) {
            return refusal;
        }
        return linked.state(new ChatEvent.Parted(member.nick(), name, reason),
                () -> state.partFrom(member, name, reason));
    }

    /** Renames the member unless the new nickname is taken; tells everyone in its rooms, once each, and it. */
    public boolean rename(Member member, String newNick) {
        Relaying linked = relaying;
        if (linked == null) {
            return state.renameTo(member, newNick);
        }
        String old = member.nick();
        boolean other = !Nicks.fold(old).equals(Nicks.fold(newNick));
        Member holder = state.everyone.get(Nicks.fold(newNick));
        if (other && holder != null) {
            return false;
        }
        Relay.Claim claim = other ? linked.relay.claim(newNick) : Relay.Claim.CLAIMED;
        if (claim == Relay.Claim.TAKEN) {
            return false;
        }
        boolean done = linked.state(new ChatEvent.Renamed(old, newNick), () -> state.renameTo(member, newNick));
        if (other && claim == Relay.Claim.CLAIMED) {
            linked.relay.release(done ? old : newNick);
        }
        return done;
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
            state.sayIn(from, room, speech, text);
        } else {
            linked.line(new ChatEvent.Said(from.nick(), room.name, speech, text),
                    () -> state.sayIn(from, room, speech, text));
        }
        return true;
    }

    /** A private message, to a nickname in any room; returns whom it reached, or null when nobody has it. */
    public Member tell(Member from, String toNick, Speech speech, String text) {
        Member to = state.everyone.get(Nicks.fold(toNick));
        if (to == null) {
            return null;
        }
        log.info("chat private message: {} -> {}", from.nick(), to.nick());
        Relaying linked = relaying;
        if (!to.isLocal() && linked != null) {
            linked.line(new ChatEvent.Told(from.nick(), to.nick(), speech, text), () -> { });
        }
        state.send(to, to.door.told(from, to, speech, text));
        if (to != from) {
            state.send(from, from.door.toldEcho(from, to, speech, text));
        }
        return to;
    }

    /** Sets the topic of a room the member is in and tells everyone there; false when it is not there. */
    public boolean topic(Member member, Room room, String text) {
        int end = text.offsetByCodePoints(0, Math.min(Room.MAX_TOPIC, text.codePointCount(0, text.length())));
        String cut = text.substring(0, end);
        long at = System.currentTimeMillis() / 1000;
        Relaying linked = relaying;
        if (linked == null) {
            return state.topicOf(member, room, cut, at);
        }
        if (!member.rooms.contains(room)) {
            return false;
        }
        return linked.state(new ChatEvent.TopicSet(member.nick(), room.name, cut, at),
                () -> state.topicOf(member, room, cut, at));
    }

    /**
     * Gives {@code target} a status in {@code room} ({@code give}) or takes it away, telling everyone there:
     * {@code o} makes an operator, {@code v} gives a voice; only an operator may. Nothing is told when nothing
     * changes.
     */
    public OperatorRefusal status(Member by, Room room, Member target, char status, boolean give) {
        synchronized (state.lock) {
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
        if (linked == null) {
            return state.statusOf(by, room, target, status, give);
        }
        return linked.state(new ChatEvent.StatusSet(by.nick(), room.name, target.nick(), status, give),
                () -> state.statusOf(by, room, target, status, give));
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
        state.killHere(target, why, by.nick() + ": " + reason);
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
        return new ArrayList<>(state.everyone.values());
    }

    /** The room called {@code name}, or null. */
    public Room room(String name) {
        return state.rooms.get(Room.fold(name));
    }

    /** The member called {@code nick}, or null. */
    public Member member(String nick) {
        return state.everyone.get(Nicks.fold(nick));
    }

    /** How many rooms there are, the lobby included. */
    public int roomCount() {
        return state.rooms.size();
    }

    /** The rooms, sorted by name. */
    public List<Room> rooms() {
        List<Room> list = new ArrayList<>(state.rooms.values());
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name, b.name));
        return list;
    }

    /** Why {@code name} cannot name a room here, or null when it can. */
    public String roomProblem(String name) {
        return Room.problem(name, state.limits().maxRoomName());
    }

    /** A line from the server for one member only. */
    public void notice(Member member, String text) {
        state.send(member, member.door.notice(member, text));
    }

    /** Bytes for one member only (a reply to its own command); a member too far behind is dropped. */
    public void reply(Member member, byte[] bytes) {
        state.send(member, bytes);
    }

    /**
     * Tells everyone the server is shutting down and lets their outboxes drain (bounded). Under the lock, so
     * an arrival in progress either completes first (its welcome goes out before the notice) or is refused.
     */
    public void shutDown(long millis) {
        List<Member> all = state.close();
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
        return state.closing;
    }

    /** How many people are in the chat, in all rooms. */
    public int size() {
        return state.everyone.size();
    }

}
