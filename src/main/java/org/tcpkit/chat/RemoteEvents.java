package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Applies to this server's copy of the chat what happened on other servers: their members are kept here as
 * members without a connection ({@link Member#isLocal()} false), in the rooms they are in, so that this
 * server's members see them in lists and hear them join, speak and leave. Another server's event passes the
 * rules a member of this one meets: the room limits and names, who may give a status, who may disconnect
 * whom. An event that names someone this server does not know on its server is logged and not applied, and
 * that server is asked for its members again: the two views differ.
 */
final class RemoteEvents {
    private static final Consumer<Room> NOTHING = room -> { };

    private final Chat chat;
    private final Logger log;
    private final Consumer<String> resync;
    private final org.tcpkit.log.Repeats repeats;

    /** @param resync asks a server for its members again */
    RemoteEvents(Chat chat, Logger log, Consumer<String> resync) {
        this.chat = chat;
        this.log = log;
        this.resync = resync;
        this.repeats = new org.tcpkit.log.Repeats(log);
    }

    void apply(String origin, ChatEvent event) {
        if (event instanceof ChatEvent.Arrived a) {
            arrived(a);
        } else if (event instanceof ChatEvent.Left l) {
            ifFrom(origin, event, l.nick(), m -> chat.state.leaveChat(m, l.reason()));
        } else if (event instanceof ChatEvent.Joined j) {
            ifFrom(origin, event, j.nick(), m -> joined(m, j));
        } else if (event instanceof ChatEvent.Parted p) {
            ifFrom(origin, event, p.nick(), m -> chat.state.partFrom(m, p.room(), p.reason()));
        } else if (event instanceof ChatEvent.Renamed r) {
            ifFrom(origin, event, r.nick(), m -> renamed(m, r.to()));
        } else if (event instanceof ChatEvent.Said s) {
            ifFrom(origin, event, s.nick(), m -> {
                Room room = chat.room(s.room());
                if (room != null && m.isIn(room)) {
                    chat.state.sayIn(m, room, s.speech(), s.text());
                }
            });
        } else if (event instanceof ChatEvent.Told t) {
            ifFrom(origin, event, t.nick(), m -> {
                Member to = chat.member(t.to());
                if (to != null && to.isLocal()) {
                    chat.state.toldHere(m, to, t.speech(), t.text());
                }
            });
        } else if (event instanceof ChatEvent.TopicSet t) {
            ifFrom(origin, event, t.nick(), m -> {
                Room room = chat.room(t.room());
                if (room != null) {
                    chat.state.topicOf(m, room, t.text(), t.at());
                }
            });
        } else if (event instanceof ChatEvent.StatusSet s) {
            ifFrom(origin, event, s.nick(), by -> {
                Room room = chat.room(s.room());
                Member target = chat.member(s.target());
                if (room != null && target != null && by.isIn(room)
                        && (room.isOperator(by) || by.serverOperator())) {
                    chat.state.statusOf(by, room, target, s.status(), s.give());
                } else {
                    refused(origin, event, s.nick() + " may not give a status in " + s.room());
                }
            });
        } else if (event instanceof ChatEvent.Flags f) {
            ifFrom(origin, event, f.nick(), m -> {
                m.away(f.away());
                m.invisible(f.invisible());
                m.serverOperator(f.operator());
            });
        } else if (event instanceof ChatEvent.Killed k) {
            ifFrom(origin, event, k.nick(), by -> {
                Member target = chat.member(k.target());
                if (!by.serverOperator()) {
                    refused(origin, event, k.nick() + " is not a server operator");
                } else if (target != null && target.isLocal()) {
                    chat.state.killHere(target, k.reason(), k.nick() + " on server " + origin);
                }
            });
        } else if (event instanceof ChatEvent.Here h) {
            here(h);
        } else if (event instanceof ChatEvent.Gone g) {
            int gone = drop(g.server(), g.reason());
            if (gone > 0) {
                log.info("chat relay: server {} is gone ({}); {} of its members left", g.server(), g.reason(), gone);
            }
        }
    }

    /** Takes every member of other servers out, with {@code reason}; returns how many. */
    int dropAll(String reason) {
        return drop(null, reason);
    }

    /** This server's members and the topics of their rooms. */
    ChatEvent.Here here(String server) {
        List<ChatEvent.Present> members = new ArrayList<>();
        Map<String, ChatEvent.RoomTopic> topics = new HashMap<>();
        for (Member member : chat.state.locals()) {
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
                    member.away(), member.invisible(), member.serverOperator(), rooms));
        }
        return new ChatEvent.Here(server, members, new ArrayList<>(topics.values()));
    }

    private void arrived(ChatEvent.Arrived a) {
        Member known = chat.member(a.nick());
        if (known != null) {
            if (known.isLocal() || a.server().equals(known.server())) {
                return;
            }
            chat.state.leaveChat(known, "name taken over by " + a.server());
        }
        chat.state.enterChat(new Member(a.nick(), a.user(), a.realName(), a.host(), a.server()), a.lobby(), NOTHING);
    }

    private void renamed(Member member, String to) {
        Member holder = chat.member(to);
        if (holder != null && holder != member && !holder.isLocal()) {
            chat.state.leaveChat(holder, "name taken over by " + member.server());
        }
        chat.state.renameTo(member, to);
    }

    /** Makes what is known of server {@code h.server()} what it says: members, their rooms and statuses. */
    private void here(ChatEvent.Here h) {
        Set<String> present = new HashSet<>();
        for (ChatEvent.Present p : h.members()) {
            present.add(Nicks.fold(p.nick()));
        }
        for (Member member : chat.members()) {
            if (h.server().equals(member.server()) && !present.contains(Nicks.fold(member.nick()))) {
                chat.state.leaveChat(member, "left while the link was down");
            }
        }
        for (ChatEvent.Present p : h.members()) {
            Member member = chat.member(p.nick());
            if (member == null) {
                member = new Member(p.nick(), p.user(), p.realName(), p.host(), h.server());
                if (!chat.state.enterChat(member, false, NOTHING)) {
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
                chat.state.partFrom(member, room.name(), null);
            }
        }
        for (String mark : marked) {
            String name = mark.replaceFirst("^[@+]+", "");
            Room room = chat.room(name);
            if (room == null || !member.isIn(room)) {
                joined(member, new ChatEvent.Joined(member.nick(), name, false));
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

    private int drop(String server, String reason) {
        int gone = 0;
        for (Member member : chat.members()) {
            if (!member.isLocal() && (server == null || server.equals(member.server()))
                    && chat.state.leaveChat(member, reason)) {
                gone++;
            }
        }
        return gone;
    }

    /**
     * Runs {@code then} with the member called {@code nick} when it is on server {@code origin}, the sender;
     * otherwise the two servers' views differ: logged, and that server asked for its members again.
     */
    private void ifFrom(String origin, ChatEvent event, String nick, Consumer<Member> then) {
        Member member = chat.member(nick);
        if (member != null && origin.equals(member.server())) {
            then.accept(member);
            return;
        }
        refused(origin, event, nick + " is not known here as a member of that server");
        resync.accept(origin);
    }

    /** Logs (summarized) an event of another server that is not applied here. */
    private void refused(String origin, ChatEvent event, String why) {
        String kind = event.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        repeats.log(org.slf4j.event.Level.WARN, "chat relay: an event not applied", "chat relay: a {} from server "
                + "{} not applied: {}", kind, origin, why);
    }

    /** A join on another server, under this server's rules for rooms, as every server applies it. */
    private void joined(Member member, ChatEvent.Joined j) {
        String problem = chat.roomProblem(j.room());
        Chat.JoinRefusal refusal = problem != null ? Chat.JoinRefusal.BAD_NAME
                : chat.state.moveInto(member, j.room(), j.move(), NOTHING);
        if (refusal != null && refusal != Chat.JoinRefusal.ALREADY_THERE) {
            refused(member.server(), j, "joining " + j.room() + ": " + refusal.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + (problem == null ? "" : " (" + problem + ")"));
        }
    }

    /**
     * What this server knows of server {@code server}'s members ({@code server} null: its own), for a beat
     * named {@code id}: how many, and a digest of their nicknames, flags and rooms with their marks.
     */
    ChatEvent.Beat beat(String server, String id) {
        List<String> lines = new ArrayList<>();
        for (Member member : chat.members()) {
            if (server == null ? member.isLocal() : server.equals(member.server())) {
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
            return new ChatEvent.Beat(id, lines.size(), java.util.HexFormat.of().formatHex(sha.digest(), 0, 8));
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
