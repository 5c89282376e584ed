package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes a room's operators and the server's make, applied on this server in the log's order: statuses,
 * room modes, kicks, invitations, WALLOPS, and a member's away message, each told to whoever hears it, under
 * the chat's lock and the rooms' write locks as every change to the chat is.
 */
final class Moderation {
    private final ChatState state;

    Moderation(ChatState state) {
        this.state = state;
    }

    /** {@link Operators#status} on this server, once its checks are passed. */
    Operators.Refusal statusOf(Member by, Room room, Member target, char status, boolean give) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            if (!target.rooms.contains(room)) {
                return Operators.Refusal.TARGET_NOT_IN_ROOM;
            }
            String key = Nicks.fold(target.nick());
            java.util.Set<String> holders = status == 'o' ? room.operators : room.voiced;
            try (Delivery.Held held = Delivery.holding(List.of(room))) {
                if (give ? !holders.add(key) : !holders.remove(key)) {
                    return null;
                }
                Delivery.tell(room, new Spelled(door -> door.status(by, room, target, status, give)), drops);
            }
        }
        state.drop(drops);
        state.log.info("chat status: {} {} +{} {} in {}", by.nick(), give ? "gave" : "took", status, target.nick(),
                room.name);
        return null;
    }

    /** {@link Operators#mode} on this server, once its checks are passed: what changed, told to everyone there. */
    void modeOf(Member by, Room room, String changes, List<String> args) {
        List<Member> drops = new ArrayList<>();
        List<String> done;
        synchronized (state.lock) {
            try (Delivery.Held held = Delivery.holding(List.of(room))) {
                done = room.modes(changes, args, by.nick() + "!" + by.user() + "@" + by.host());
                if (done.get(0).isEmpty()) {
                    return;
                }
                Delivery.tell(room, new Spelled(door -> door.mode(by, room, done.get(0), done.subList(1, done.size()))),
                        drops);
            }
        }
        state.drop(drops);
        state.log.info("chat room mode: {} set {} on {}", by.nick(), done.get(0), room.name);
    }

    /** {@link Operators#kick} on this server: {@code target} out of {@code room}, everyone there (it too) told. */
    boolean kickFrom(Member by, Room room, Member target, String reason) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            if (!target.rooms.contains(room)) {
                return false;
            }
            Spelled kicked = new Spelled(door -> door.kicked(by, room, target, reason));
            try (Delivery.Held held = Delivery.holding(List.of(room))) {
                Delivery.tell(room, kicked, drops);
                state.exit(target, room);
            }
        }
        state.drop(drops);
        state.log.info("chat kick: {} put {} out of {}", by.nick(), target.nick(), room.name);
        return true;
    }

    /**
     * {@link Operators#invite} on this server: {@code to} may join {@code room} now, and is told; so are the room's
     * members who could have invited it (its operators, when it is invite-only) and asked to hear of it.
     */
    void inviteTo(Member by, Room room, Member to) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            room.invite(to.nick());
            Delivery.deliver(to, to.door.invited(by, to, room), drops);
            Spelled notice = new Spelled(door -> door.invitedNotice(by, to, room));
            for (Member other : room.members.values()) {
                if (other != by && other != to && (!room.inviteOnly() || room.isOperator(other))) {
                    Delivery.deliver(other, notice.by(other.door), drops);
                }
            }
        }
        state.drop(drops);
        state.log.info("chat invite: {} invited {} to {}", by.nick(), to.nick(), room.name);
    }

    /** A server operator's WALLOPS, to this server's members with {@code +w} (and to itself). */
    void wallops(Member from, String text) {
        List<Member> drops = new ArrayList<>();
        Spelled line = new Spelled(door -> door.wallops(from, text));
        for (Member member : state.locals()) {
            if (member.wallops() || member == from) {
                Delivery.deliver(member, line.by(member.door), drops);
            }
        }
        state.drop(drops);
    }

    /** {@code member}'s away message, set ({@code away} null: back), told to those who share a room with it. */
    void awayOf(Member member, String away) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            if (java.util.Objects.equals(member.away(), away)) {
                return;
            }
            member.away(away);
            Spelled changed = new Spelled(door -> door.away(member));
            for (Member other : Delivery.neighbours(member)) {
                if (other != member) {
                    Delivery.deliver(other, changed.by(other.door), drops);
                }
            }
        }
        state.drop(drops);
    }

    /** {@code member}'s real name, set and told to those who share a room with it (and to it) who asked. */
    /** {@code member} is shown as {@code user@host} from now on; those who share a room with it are told. */
    void hostOf(Member member, String user, String host) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            String oldUser = member.user();
            String oldHost = member.host();
            member.shownAs(user, host);
            Spelled changed = new Spelled(door -> door.hostChanged(member, oldUser, oldHost));
            for (Member other : Delivery.neighbours(member)) {
                Delivery.deliver(other, changed.by(other.door), drops);
            }
        }
        state.drop(drops);
    }

    void realNameOf(Member member, String realName) {
        List<Member> drops = new ArrayList<>();
        synchronized (state.lock) {
            member.realName(realName);
            Spelled changed = new Spelled(door -> door.realName(member));
            java.util.Set<Member> told = Delivery.neighbours(member);
            for (Member other : told) {
                Delivery.deliver(other, changed.by(other.door), drops);
            }
            if (!told.contains(member)) {
                Delivery.deliver(member, changed.by(member.door), drops);
            }
        }
        state.drop(drops);
    }
}
