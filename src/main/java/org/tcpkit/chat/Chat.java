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
 * <p>Each change is decided here once: checked, then appended to the chat's {@link ChatLog} as an event,
 * which {@link Apply} applies in the log's order, on this server and on every server sharing the log alike.
 * A server alone and servers joined on Redis differ only in the log behind it. {@link ChatState} holds what
 * this server knows of the chat and says what it guarantees about delivery and order.
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
        /** The room is invite-only ({@code +i}) and the member was not invited. */
        INVITE_ONLY,
        /** The room has a key ({@code +k}) and the member did not give it. */
        BAD_KEY,
        /** The room has as many members as its limit ({@code +l}). */
        FULL,
        /** The member matches one of the room's bans ({@code +b}) and was not invited. */
        BANNED,
        /** The member is in {@link ChatLimits#maxRoomsPerMember()} rooms already. */
        MEMBER_IN_TOO_MANY
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

    /** What this server knows of the chat. */
    final ChatState state;
    private final Operators operators;
    private final Logger log;
    private final ChatLog events;
    final Apply apply;

    /** A chat on this server alone: its log lives in this process. */
    public Chat(Logger log, ChatLimits limits) {
        this(log, limits, new org.tcpkit.chat.log.LocalLog());
    }

    /** A chat whose events are ordered by {@code events} (a log shared with other servers, say). */
    public Chat(Logger log, ChatLimits limits, ChatLog events) {
        this.log = log;
        this.state = new ChatState(log, limits);
        this.events = events;
        this.apply = new Apply(this, events.server(), log, server -> resync(server));
        this.operators = new Operators(state, events, log);
        events.start(new ChatLink(this));
    }


    public ChatLimits limits() {
        return state.limits();
    }

    /** What a room's operators and the server's do: modes, statuses, kicks, invitations, kills, WALLOPS, hosts. */
    public Operators operators() {
        return operators;
    }

    /** The log behind the chat. */
    public ChatLog events() {
        return events;
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
        if (state.closing || state.everyone.containsKey(Nicks.fold(member.nick()))) {
            return false;
        }
        ChatLog.Claim claim = events.claim(member.nick());
        if (claim == ChatLog.Claim.TAKEN) {
            return false;
        }
        boolean in = Boolean.TRUE.equals(events.append(new ChatEvent.Arrived(member.nick(), member.user(),
                member.realName(), member.host(), events.server(), inLobby, member.account()),
                new Local(member, welcome)));
        if (!in && claim == ChatLog.Claim.CLAIMED) {
            events.release(member.nick());
        }
        return in;
    }

    /** Removes the member from the chat and tells everyone who shared a room with it why it left. */
    public void leave(Member member, String said) {
        String reason = ChatText.cut(said, ChatText.MAX_REASON_BYTES);
        String nick = member.nick();
        events.append(new ChatEvent.Left(nick, reason), new Local(member, null));
        events.release(nick);
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
     * Puts the member in room {@code name} (made if new), telling the others there. The limits on rooms are
     * checked here and again as the join is applied, in the log's order, as every server applies it: two
     * servers racing for the last room agree on which join gets it.
     *
     * @param move     leave the room the member is in now (a line member), telling that room where it went
     * @param greeting queues the member's own view of the room it joined (with the member in it)
     * @return null when done, else why not
     */
    public JoinRefusal join(Member member, String name, boolean move, Consumer<Room> greeting) {
        return join(member, name, null, move, greeting);
    }

    /** {@link #join(Member, String, boolean, Consumer)}, giving {@code key} for a room that has one ({@code +k}). */
    public JoinRefusal join(Member member, String name, String key, boolean move, Consumer<Room> greeting) {
        if (roomProblem(name) != null) {
            return JoinRefusal.BAD_NAME;
        }
        JoinRefusal refusal = state.joinRefusal(member, name, move, key, true);
        if (refusal != null) {
            return refusal;
        }
        // The key goes with the join only for a room that has one: every server checks it as it applies the join.
        Room room = room(name);
        String given = room != null && room.key() != null ? key : null;
        return (JoinRefusal) events.append(new ChatEvent.Joined(member.nick(), name, move, given),
                new Local(member, greeting));
    }

    /** Takes the member out of room {@code name}, telling everyone there (the member too) why. */
    public PartRefusal part(Member member, String name, String said) {
        String reason = said == null ? null : ChatText.cut(said, ChatText.MAX_REASON_BYTES);
        PartRefusal refusal = state.partRefusal(member, name);
        if (refusal != null) {
            return refusal;
        }
        return (PartRefusal) events.append(new ChatEvent.Parted(member.nick(), name, reason), new Local(member, null));
    }

    /** Renames the member unless the new nickname is taken; tells everyone in its rooms, once each, and it. */
    public boolean rename(Member member, String newNick) {
        String old = member.nick();
        boolean other = !Nicks.fold(old).equals(Nicks.fold(newNick));
        Member holder = state.everyone.get(Nicks.fold(newNick));
        if (other && holder != null) {
            return false;
        }
        ChatLog.Claim claim = other ? events.claim(newNick) : ChatLog.Claim.CLAIMED;
        if (claim == ChatLog.Claim.TAKEN) {
            return false;
        }
        boolean done = Boolean.TRUE.equals(events.append(new ChatEvent.Renamed(old, newNick),
                new Local(member, null)));
        if (other && claim == ChatLog.Claim.CLAIMED) {
            events.release(done ? old : newNick);
            if (!done) {
                // The shared log let go of the old name as the renaming went in: the member keeps it.
                events.claim(old);
            }
        }
        return done;
    }

    /**
     * A message, action or notice to a room the sender is in; the sender gets its door's echo, if any.
     *
     * @return false when the sender is not in {@code room}
     */
    public boolean say(Member from, Room room, Speech speech, String text) {
        return say(from, room, speech, text, "");
    }

    /**
     * As {@link #say(Member, Room, Speech, String)}, with the client-only tags it came with ({@link ChatEvent.Said}).
     */
    public boolean say(Member from, Room room, Speech speech, String text, String tags) {
        if (room == null || !room.maySpeak(from)) {
            return false;
        }
        line(new ChatEvent.Said(from.nick(), room.name, speech, text, tags), new Local(from, null));
        return true;
    }

    /** A private message, to a nickname in any room; returns whom it reached, or null when nobody has it. */
    public Member tell(Member from, String toNick, Speech speech, String text) {
        return tell(from, toNick, speech, text, "");
    }

    /** As {@link #tell(Member, String, Speech, String)}, with client-only tags ({@link ChatEvent.Told}). */
    public Member tell(Member from, String toNick, Speech speech, String text, String tags) {
        Member to = state.everyone.get(Nicks.fold(toNick));
        if (to == null) {
            return null;
        }
        line(new ChatEvent.Told(from.nick(), to.nick(), speech, text, tags), new Local(from, null));
        // Logged once it is on its way: the file never holds up the line.
        log.info("chat private message: {} -> {}", from.nick(), to.nick());
        return to;
    }

    /**
     * A line into the log: nobody waits for it, unless the sender's command is being answered as a whole
     * ({@link Answer}), whose echo must be in that answer.
     */
    private void line(ChatEvent event, Local local) {
        if (Answer.anyOpen()) {
            events.append(event, local);
        } else {
            events.send(event, local);
        }
    }

    /** Sets the topic of a room the member is in and tells everyone there; false when it is not there. */
    public boolean topic(Member member, Room room, String text) {
        int end = text.offsetByCodePoints(0, Math.min(Room.MAX_TOPIC, text.codePointCount(0, text.length())));
        String cut = text.substring(0, end);
        if (!member.rooms.contains(room)) {
            return false;
        }
        return Boolean.TRUE.equals(events.append(new ChatEvent.TopicSet(member.nick(), room.name, cut,
                System.currentTimeMillis() / 1000), new Local(member, null)));
    }

    /** Changes the member's real name (cut to {@link Member#MAX_REAL_NAME_BYTES}), on every server. */
    public void realName(Member member, String realName) {
        events.append(new ChatEvent.RealName(member.nick(), ChatText.cut(realName, Member.MAX_REAL_NAME_BYTES)),
                new Local(member, null));
    }

    /**
     * Marks the member away with {@code message} (null: back), as the log applies it: those who share a room
     * with it and asked to hear of it are told.
     */
    public void away(Member member, String message) {
        events.append(new ChatEvent.Flags(member.nick(), message, member.invisible(), member.serverOperator()),
                new Local(member, null));
    }

    /**
     * The member's invisibility or server operator's status changed (it holds them already): the other
     * servers learn it. (Its away message changes through {@link #away}.)
     */
    public void flagsChanged(Member member) {
        events.send(new ChatEvent.Flags(member.nick(), member.away(), member.invisible(), member.serverOperator()),
                new Local(member, null));
    }

    /**
     * Gives the member the last {@code count} lines of {@code room}, marked as past lines (the line door's
     * /history); returns how many there were.
     */
    public int history(Member member, Room room, int count) {
        return state.lines.history(member, room, Math.min(count, state.limits().historyLines()));
    }

    /**
     * From now on {@code member} (of this server) hears the chat through {@code door}: an IRC client that asked
     * for other capabilities after registering. Nothing said meanwhile is lost or doubled.
     */
    public void redoor(Member member, Door door) {
        state.redoor(member, door);
    }

    /** The lines {@code room} keeps now (its history, within its age), oldest first. */
    public List<Entry> kept(Room room) {
        return state.history.recent(Room.fold(room.name), Integer.MAX_VALUE, System.currentTimeMillis());
    }

    /** How much each room keeps of its past, in words ({@code 100 lines of the last 24 h}), or null when nothing. */
    public String historyKept() {
        return state.history.on() ? state.history.amount() : null;
    }

    /** How long a room keeps a line, in words ({@code 24 h}). */
    public String historyAge() {
        return state.history.age();
    }

    /** Asks server {@code server} for its members again, when the log is shared. */
    private void resync(String server) {
        if (events instanceof Resyncing shared) {
            shared.resync(server);
        }
    }

    /** A log shared by servers that can be asked for one server's members again. */
    public interface Resyncing {
        void resync(String server);
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
        events.close("server shutting down");
        long deadline = System.currentTimeMillis() + millis;
        for (Member member : all) {
            member.outbox.finish(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    /** Whether the chat is shutting down (and refuses newcomers). */
    public boolean closing() {
        return state.closing;
    }

    /** Who watches which nicknames come and go (IRC's MONITOR). */
    public Watchers watchers() {
        return state.watchers;
    }

    /** How many people are in the chat, in all rooms. */
    public int size() {
        return state.everyone.size();
    }

    /**
     * How many people the chat has: in all, invisible ({@code +i}), server operators, on this server, and the
     * most at once since this server started (in all and here).
     */
    public record Census(int total, int invisible, int operators, int local, int peak, int localPeak) {
    }

    /** The chat's {@link Census}, taken at one moment (no arrival half done). */
    public Census census() {
        synchronized (state.lock) {
            int invisible = 0;
            int operators = 0;
            for (Member member : state.everyone.values()) {
                invisible += member.invisible() ? 1 : 0;
                operators += member.serverOperator() ? 1 : 0;
            }
            return new Census(state.everyone.size(), invisible, operators, state.localCount(), state.peak,
                    state.localPeak);
        }
    }

    /**
     * Up to {@code max} names people had that {@code matches} takes, most recent first (0: all remembered).
     */
    public List<Whowas.Gone> whowas(java.util.function.Predicate<String> matches, int max) {
        return state.whowas.of(matches, max);
    }

}
