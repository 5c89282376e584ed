package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.tcpkit.log.Repeats;

/**
 * The one function that applies the chat's events, in the log's order, on every server: this server's own
 * events and every other server's alike. Members of other servers are kept here as members without a
 * connection ({@link Member#isLocal()} false), so that this server's members see them in lists and hear them
 * join, speak and leave; an own event brings, in its {@link Local}, the member with its connection and what to
 * queue for it. An event passes the rules a member of this server meets (the room limits and names, who may
 * give a status, who may disconnect whom), checked as it is applied, so servers that apply the same events in
 * the same order agree. An event that names someone this server does not know on the server it comes from is
 * logged and not applied, and that server is asked for its members again: the two views differ.
 */
final class Apply {
    private static final Consumer<Room> NOTHING = room -> { };

    private final Chat chat;
    private final ChatState state;
    private final String self;
    private final Consumer<String> resync;
    private final Repeats repeats;

    /**
     * @param self   this server's id, the origin of its own events
     * @param resync asks another server for its members again
     */
    Apply(Chat chat, String self, Logger log, Consumer<String> resync) {
        this.chat = chat;
        this.state = chat.state;
        this.self = self;
        this.resync = resync;
        this.repeats = new Repeats(log);
    }

    /**
     * Applies {@code entry}; {@code local} for this server's own events, else null. Returns the change's result.
     * What it queues for the member who asked for it is part of that member's {@link Answer}, when one is open.
     */
    Object apply(Entry entry, Local local) {
        Local own = local == null || local == Local.NONE ? null : local;
        return own == null || own.answer == null ? applying(entry, own)
                : Answer.within(own.answer, () -> applying(entry, own));
    }

    private Object applying(Entry entry, Local own) {
        ChatEvent event = entry.event();
        String origin = entry.origin();
        if (event instanceof ChatEvent.Arrived a) {
            return arrived(origin, a, own);
        } else if (event instanceof ChatEvent.Left l) {
            return with(origin, event, l.nick(), own, m -> state.leaveChat(m, l.reason()));
        } else if (event instanceof ChatEvent.Joined j) {
            return with(origin, event, j.nick(), own, m -> joined(m, j.room(), j.move(), j.key(), true, own));
        } else if (event instanceof ChatEvent.Parted p) {
            return with(origin, event, p.nick(), own, m -> state.partFrom(m, p.room(), p.reason()));
        } else if (event instanceof ChatEvent.Renamed r) {
            return with(origin, event, r.nick(), own, m -> renamed(m, r.to()));
        } else if (event instanceof ChatEvent.Said s) {
            return with(origin, event, s.nick(), own, m -> said(m, s, entry, own));
        } else if (event instanceof ChatEvent.Told t) {
            return with(origin, event, t.nick(), own, m -> told(m, t, entry));
        } else if (event instanceof ChatEvent.TopicSet t) {
            return with(origin, event, t.nick(), own, m -> {
                Room room = chat.room(t.room());
                if (room != null && room.topicLocked() && !room.isOperator(m) && !m.serverOperator()) {
                    refused(origin, t, t.nick() + " may not set the topic of " + t.room());
                    return false;
                }
                return room != null && state.topicOf(m, room, t.text(), t.at());
            });
        } else if (event instanceof ChatEvent.StatusSet s) {
            return with(origin, event, s.nick(), own, by -> status(origin, s, by));
        } else if (event instanceof ChatEvent.RoomMode r) {
            return with(origin, event, r.nick(), own, by -> {
                Operators.Refusal refusal = operatorIn(origin, r, by, r.room());
                if (refusal == null) {
                    state.moderation.modeOf(by, chat.room(r.room()), r.changes(), r.args());
                }
                return refusal;
            });
        } else if (event instanceof ChatEvent.Kicked k) {
            return with(origin, event, k.nick(), own, by -> {
                Operators.Refusal refusal = operatorIn(origin, k, by, k.room());
                Member target = chat.member(k.target());
                if (refusal == null && (target == null
                        || !state.moderation.kickFrom(by, chat.room(k.room()), target, k.reason()))) {
                    refusal = Operators.Refusal.TARGET_NOT_IN_ROOM;
                }
                return refusal;
            });
        } else if (event instanceof ChatEvent.Invited i) {
            return with(origin, event, i.nick(), own, by -> {
                Room room = chat.room(i.room());
                Member to = chat.member(i.target());
                if (room == null || !by.isIn(room)) {
                    return Operators.Refusal.NOT_IN_ROOM;
                }
                if (room.inviteOnly() && !room.isOperator(by) && !by.serverOperator()) {
                    refused(origin, i, i.nick() + " may not invite into " + i.room());
                    return Operators.Refusal.NOT_OPERATOR;
                }
                if (to != null) {
                    state.moderation.inviteTo(by, room, to);
                }
                return null;
            });
        } else if (event instanceof ChatEvent.Flags f) {
            return with(origin, event, f.nick(), own, m -> {
                state.moderation.awayOf(m, f.away());
                m.invisible(f.invisible());
                m.serverOperator(f.operator());
                return null;
            });
        } else if (event instanceof ChatEvent.RealName r) {
            return with(origin, event, r.nick(), own, m -> {
                state.moderation.realNameOf(m, r.realName());
                return null;
            });
        } else if (event instanceof ChatEvent.HostSet h) {
            return with(origin, event, h.nick(), own, by -> {
                Member target = chat.member(h.target());
                if (!by.serverOperator()) {
                    refused(origin, h, h.nick() + " is not a server operator");
                    return false;
                }
                if (target == null) {
                    return false;
                }
                state.moderation.hostOf(target, h.user(), h.host());
                return true;
            });
        } else if (event instanceof ChatEvent.Wallops w) {
            return with(origin, event, w.nick(), own, by -> {
                if (!by.serverOperator()) {
                    refused(origin, w, w.nick() + " is not a server operator");
                } else {
                    state.moderation.wallops(by, w.text());
                }
                return null;
            });
        } else if (event instanceof ChatEvent.Killed k) {
            return with(origin, event, k.nick(), own, by -> killed(origin, k, by));
        } else if (event instanceof ChatEvent.Here h) {
            if (!h.server().equals(self)) {
                here(h);
            }
        } else if (event instanceof ChatEvent.Gone g) {
            if (!g.server().equals(self)) {
                int gone = drop(g.server(), g.reason());
                if (gone > 0) {
                    chat.log().info("chat relay: server {} is gone ({}); {} of its members left", g.server(),
                            g.reason(), gone);
                }
            }
        }
        return null;
    }

    /**
     * Runs {@code then} with the member the event is about: this server's own, from its {@link Local} (or by
     * name), or another server's by name when it is on the server the event comes from; otherwise the views
     * differ: logged, and that server asked for its members again.
     */
    private Object with(String origin, ChatEvent event, String nick, Local own, Function<Member, Object> then) {
        Member member = own != null && own.member != null ? own.member : chat.member(nick);
        if (member != null && (member.isLocal() ? origin.equals(self) : origin.equals(member.server()))) {
            return then.apply(member);
        }
        refused(origin, event, nick + " is not known here as a member of that server");
        if (!origin.equals(self)) {
            resync.accept(origin);
        }
        return null;
    }

    private Object arrived(String origin, ChatEvent.Arrived a, Local own) {
        if (own != null) {
            return state.enterChat(own.member, a.lobby(), own.greeting == null ? NOTHING : own.greeting);
        }
        if (origin.equals(self) || !a.server().equals(origin)) {
            return false;
        }
        Member known = chat.member(a.nick());
        if (known != null) {
            if (known.isLocal() || a.server().equals(known.server())) {
                return false;
            }
            state.leaveChat(known, "name taken over by " + a.server());
        }
        Member member = new Member(a.nick(), a.user(), a.realName(), a.host(), a.server());
        member.account(a.account());
        return state.enterChat(member, a.lobby(), NOTHING);
    }

    /**
     * A join, under this server's rules for rooms, as every server applies it; {@code checkKey}: the room's key
     * is checked against {@code key} (not when a server says where its members are).
     */
    private Chat.JoinRefusal joined(Member member, String room, boolean move, String key, boolean checkKey,
                                    Local own) {
        String problem = chat.roomProblem(room);
        Chat.JoinRefusal refusal = problem != null ? Chat.JoinRefusal.BAD_NAME
                : state.moveInto(member, room, move, key, checkKey,
                own == null || own.greeting == null ? NOTHING : own.greeting);
        if (refusal != null && refusal != Chat.JoinRefusal.ALREADY_THERE && !member.isLocal()) {
            refused(member.server(), new ChatEvent.Joined(member.nick(), room, move), "joining " + room + ": "
                    + refusal.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (problem == null ? "" : " (" + problem + ")"));
        }
        return refusal;
    }

    private Boolean renamed(Member member, String to) {
        Member holder = chat.member(to);
        if (holder != null && holder != member && !holder.isLocal() && !member.isLocal()) {
            state.leaveChat(holder, "name taken over by " + member.server());
        }
        return state.renameTo(member, to);
    }

    private Object said(Member from, ChatEvent.Said s, Entry entry, Local own) {
        Room room = chat.room(s.room());
        if (room != null && room.maySpeak(from)) {
            state.lines.sayIn(from, room, s.speech(), s.text(), entry);
            return true;
        }
        // Checked as it was let go, refused as it is applied (the member was put out, or the room's modes
        // changed, in between): the sender is told, as it would have been a moment earlier; a notice never is.
        if (own != null && own.member == from && (s.speech() == Speech.MESSAGE || s.speech() == Speech.ACTION)) {
            byte[] why = from.door.unsaid(from, s.room(), room);
            if (why != null) {
                state.send(from, why);
            }
        }
        return false;
    }

    private Member told(Member from, ChatEvent.Told t, Entry entry) {
        Member to = chat.member(t.to());
        if (to != null) {
            state.lines.tell(from, to, t.speech(), t.text(), entry);
        }
        return to;
    }

    private Operators.Refusal status(String origin, ChatEvent.StatusSet s, Member by) {
        Room room = chat.room(s.room());
        Member target = chat.member(s.target());
        if (room == null || !by.isIn(room)) {
            return Operators.Refusal.NOT_IN_ROOM;
        }
        if (!room.isOperator(by) && !by.serverOperator()) {
            refused(origin, s, s.nick() + " may not give a status in " + s.room());
            return Operators.Refusal.NOT_OPERATOR;
        }
        if (target == null) {
            return Operators.Refusal.TARGET_NOT_IN_ROOM;
        }
        return state.moderation.statusOf(by, room, target, s.status(), s.give());
    }

    /** Null when {@code by} is an operator of room {@code name} (or a server operator) and in it; else why not. */
    private Operators.Refusal operatorIn(String origin, ChatEvent event, Member by, String name) {
        Room room = chat.room(name);
        if (room == null || !by.isIn(room) && !by.serverOperator()) {
            return Operators.Refusal.NOT_IN_ROOM;
        }
        if (!room.isOperator(by) && !by.serverOperator()) {
            refused(origin, event, by.nick() + " is not an operator of " + name);
            return Operators.Refusal.NOT_OPERATOR;
        }
        return null;
    }

    private Object killed(String origin, ChatEvent.Killed k, Member by) {
        Member target = chat.member(k.target());
        if (!by.serverOperator()) {
            refused(origin, k, k.nick() + " is not a server operator");
        } else if (target != null && target.isLocal()) {
            state.killHere(target, k.reason(), k.nick() + (origin.equals(self) ? "" : " on server " + origin));
        }
        return null;
    }

    /** Logs (summarized) an event that is not applied here. */
    private void refused(String origin, ChatEvent event, String why) {
        String kind = event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        repeats.log(org.slf4j.event.Level.WARN, "chat relay: an event not applied", "chat relay: a {} from server "
                + "{} not applied: {}", kind, origin, why);
    }

    /** Makes what is known of server {@code h.server()} what it says: members, their rooms and statuses. */
    private void here(ChatEvent.Here h) {
        Set<String> present = new HashSet<>();
        for (ChatEvent.Present p : h.members()) {
            present.add(Nicks.fold(p.nick()));
        }
        for (Member member : chat.members()) {
            if (h.server().equals(member.server()) && !present.contains(Nicks.fold(member.nick()))) {
                state.leaveChat(member, "left while the link was down");
            }
        }
        for (ChatEvent.Present p : h.members()) {
            Member member = chat.member(p.nick());
            if (member == null) {
                member = new Member(p.nick(), p.user(), p.realName(), p.host(), h.server());
                member.account(p.account());
                if (!state.enterChat(member, false, NOTHING)) {
                    continue;
                }
            } else if (!h.server().equals(member.server())) {
                continue;
            }
            member.away(p.away());
            member.invisible(p.invisible());
            member.serverOperator(p.operator());
            rooms(member, p.rooms());
        }
        for (ChatEvent.RoomTopic t : h.topics()) {
            Room room = chat.room(t.room());
            if (room != null && (room.topic() == null || room.topic().at() < t.at())) {
                room.topic(t.text().isEmpty() ? null : new Room.Topic(t.text(), t.by(), t.at()));
            }
        }
    }

    /** Puts the member in exactly {@code marked} rooms ({@code @} operator, {@code +} voiced). */
    private void rooms(Member member, List<String> marked) {
        Map<String, String> wanted = new HashMap<>();
        for (String mark : marked) {
            wanted.put(Room.fold(mark.replaceFirst("^[@+]+", "")), mark);
        }
        for (Room room : member.rooms()) {
            if (!wanted.containsKey(Room.fold(room.name()))) {
                state.partFrom(member, room.name(), null);
            }
        }
        for (String mark : marked) {
            String name = mark.replaceFirst("^[@+]+", "");
            Room room = chat.room(name);
            if (room == null || !member.isIn(room)) {
                joined(member, name, false, null, false, null);
                room = chat.room(name);
            }
            if (room != null && member.isIn(room)) {
                String key = Nicks.fold(member.nick());
                String marks = mark.substring(0, mark.length() - name.length());
                mark(room.operators, key, marks.contains("@"));
                mark(room.voiced, key, marks.contains("+"));
            }
        }
    }

    private static void mark(Set<String> holders, String key, boolean held) {
        if (held) {
            holders.add(key);
        } else {
            holders.remove(key);
        }
    }

    /** Takes out every member of server {@code server} (of every other server, when null); returns how many. */
    int drop(String server, String reason) {
        int gone = 0;
        for (Member member : chat.members()) {
            if (!member.isLocal() && (server == null || server.equals(member.server()))
                    && state.leaveChat(member, reason)) {
                gone++;
            }
        }
        return gone;
    }

    /** This server's members and the topics of their rooms. */
    ChatEvent.Here here() {
        List<ChatEvent.Present> members = new ArrayList<>();
        Map<String, ChatEvent.RoomTopic> topics = new HashMap<>();
        for (Member member : state.locals()) {
            List<String> rooms = new ArrayList<>();
            for (Room room : member.rooms()) {
                rooms.add((room.isOperator(member) ? "@" : "") + (room.isVoiced(member) ? "+" : "") + room.name());
                Room.Topic topic = room.topic();
                if (topic != null) {
                    topics.put(Room.fold(room.name()), new ChatEvent.RoomTopic(room.name(), topic.text(),
                            topic.by(), topic.at()));
                }
            }
            members.add(new ChatEvent.Present(member.nick(), member.user(), member.realName(), member.host(),
                    member.away(), member.invisible(), member.serverOperator(), rooms, member.account()));
        }
        return new ChatEvent.Here(self, members, new ArrayList<>(topics.values()));
    }

    /**
     * What this server knows of server {@code server}'s members (its own, for its own id): how many, and a
     * digest of their nicknames, flags and rooms with their marks.
     */
    ChatEvent.Beat beat(String server) {
        boolean own = server.equals(self);
        List<String> lines = new ArrayList<>();
        for (Member member : chat.members()) {
            if (own ? member.isLocal() : server.equals(member.server())) {
                List<String> rooms = new ArrayList<>();
                for (Room room : member.rooms()) {
                    rooms.add((room.isOperator(member) ? "@" : "") + (room.isVoiced(member) ? "+" : "")
                            + Room.fold(room.name()));
                }
                java.util.Collections.sort(rooms);
                lines.add(member.nick() + "\u0000" + member.away() + "\u0000" + member.invisible() + "\u0000"
                        + member.serverOperator() + "\u0000" + String.join(" ", rooms));
            }
        }
        java.util.Collections.sort(lines);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return new ChatEvent.Beat(server, lines.size(), java.util.HexFormat.of().formatHex(sha.digest(), 0, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The other servers that have members here. */
    Set<String> servers() {
        Set<String> servers = new HashSet<>();
        for (Member member : chat.members()) {
            if (!member.isLocal()) {
                servers.add(member.server());
            }
        }
        return servers;
    }
}
