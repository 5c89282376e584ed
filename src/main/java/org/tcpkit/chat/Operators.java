package org.tcpkit.chat;

import java.util.List;
import org.slf4j.Logger;

/**
 * What a room's operators and the server's do to the chat: room modes, statuses, kicks, invitations, kills,
 * WALLOPS and shown hosts. Each is checked here, then appended to the chat's log as an event, which
 * {@link Moderation} applies on every server in the log's order.
 */
public final class Operators {
    /** Why a member could not make another an operator of a room, or take that away. */
    public enum Refusal {
        /** The one asking is not in the room. */
        NOT_IN_ROOM,
        /** The one asking is not an operator there. */
        NOT_OPERATOR,
        /** The other is not in the room. */
        TARGET_NOT_IN_ROOM
    }

    private final ChatState state;
    private final ChatLog events;
    private final Logger log;

    Operators(ChatState state, ChatLog events, Logger log) {
        this.state = state;
        this.events = events;
        this.log = log;
    }

    /**
     * Changes modes of {@code room}: {@code changes} a run of signs and letters of {@link Room#MODES}
     * ({@code +i+t-k}), {@code args} the key of each {@code +k} and the limit of each {@code +l} in turn,
     * checked by the caller ({@link Room#modeProblem}). Only the room's operators (and server operators) may.
     * What changes is told to everyone there at once; nothing when nothing changes.
     */
    public Refusal mode(Member by, Room room, String changes, List<String> args) {
        if (!by.isIn(room) && !by.serverOperator()) {
            return Refusal.NOT_IN_ROOM;
        }
        if (!room.isOperator(by) && !by.serverOperator()) {
            return Refusal.NOT_OPERATOR;
        }
        Object done = events.append(new ChatEvent.RoomMode(by.nick(), room.name, changes, List.copyOf(args)),
                new Local(by, null));
        return done instanceof Refusal refusal ? refusal : null;
    }

    /** Puts {@code target} out of {@code room}, telling everyone there; only the room's operators may. */
    public Refusal kick(Member by, Room room, Member target, String said) {
        String reason = ChatText.cut(said == null ? "" : said, ChatText.MAX_REASON_BYTES);
        if (!by.isIn(room)) {
            return Refusal.NOT_IN_ROOM;
        }
        if (!room.isOperator(by) && !by.serverOperator()) {
            return Refusal.NOT_OPERATOR;
        }
        if (!target.isIn(room)) {
            return Refusal.TARGET_NOT_IN_ROOM;
        }
        Object done = events.append(new ChatEvent.Kicked(by.nick(), room.name, target.nick(), reason),
                new Local(by, null));
        return done instanceof Refusal refusal ? refusal : null;
    }

    /**
     * Invites {@code to} into {@code room}: it may join it even when invite-only, and is told. A member of the
     * room may invite; in an invite-only room, only its operators.
     */
    public Refusal invite(Member by, Room room, Member to) {
        if (!by.isIn(room)) {
            return Refusal.NOT_IN_ROOM;
        }
        if (room.inviteOnly() && !room.isOperator(by) && !by.serverOperator()) {
            return Refusal.NOT_OPERATOR;
        }
        Object done = events.append(new ChatEvent.Invited(by.nick(), room.name, to.nick()), new Local(by, null));
        return done instanceof Refusal refusal ? refusal : null;
    }

    /**
     * Gives {@code target} a status in {@code room} ({@code give}) or takes it away, telling everyone there:
     * {@code o} makes an operator, {@code v} gives a voice; only an operator may. Nothing is told when nothing
     * changes.
     */
    public Refusal status(Member by, Room room, Member target, char status, boolean give) {
        synchronized (state.lock) {
            if (!by.rooms.contains(room)) {
                return Refusal.NOT_IN_ROOM;
            }
            if (!room.isOperator(by) && !by.serverOperator()) {
                return Refusal.NOT_OPERATOR;
            }
            if (!target.rooms.contains(room)) {
                return Refusal.TARGET_NOT_IN_ROOM;
            }
        }
        return (Refusal) events.append(new ChatEvent.StatusSet(by.nick(), room.name, target.nick(), status,
                give), new Local(by, null));
    }

    /**
     * Disconnects {@code target} on a server operator's word; everyone who shared a room with it hears
     * {@code killed by NICK (reason)}.
     */
    public void kill(Member by, Member target, String reason) {
        String why = "killed by " + by.nick() + (reason.isBlank() ? "" : " (" + reason + ")");
        if (!target.isLocal()) {
            log.warn("chat kill: {} from {} by {}: {}", target.nick(), target.where(), by.nick(), reason);
        }
        events.send(new ChatEvent.Killed(by.nick(), target.nick(), why), new Local(by, null));
    }

    /** A server operator's message to everyone with user mode {@code +w}, on every server. */
    public void wallops(Member by, String text) {
        events.send(new ChatEvent.Wallops(by.nick(), ChatText.cut(text, 400)), new Local(by, null));
    }

    /**
     * A server operator shows {@code target} (of any server) as {@code user@host} from now on (IRC's CHGHOST);
     * returns false when nobody has that nickname. The caller checks both names' form.
     */
    public boolean showAs(Member by, Member target, String user, String host) {
        log.info("chat host: {} shows {} as {}@{}", by.nick(), target.nick(), user, host);
        return Boolean.TRUE.equals(events.append(new ChatEvent.HostSet(by.nick(), target.nick(), user, host),
                new Local(by, null)));
    }

}
