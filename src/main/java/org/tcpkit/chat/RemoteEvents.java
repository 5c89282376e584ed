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
 * server's members see them in lists and hear them join, speak and leave. Events that name someone no longer
 * here are let go: the one who sent them was a step behind.
 */
final class RemoteEvents {
    private static final Consumer<Room> NOTHING = room -> { };

    private final Chat chat;
    private final Logger log;

    RemoteEvents(Chat chat, Logger log) {
        this.chat = chat;
        this.log = log;
    }

    void apply(String origin, ChatEvent event) {
        if (event instanceof ChatEvent.Arrived a) {
            arrived(a);
        } else if (event instanceof ChatEvent.Left l) {
            ifFrom(origin, l.nick(), m -> chat.state.leaveChat(m, l.reason()));
        } else if (event instanceof ChatEvent.Joined j) {
            ifFrom(origin, j.nick(), m -> chat.state.moveInto(m, j.room(), j.move(), NOTHING, false));
        } else if (event instanceof ChatEvent.Parted p) {
            ifFrom(origin, p.nick(), m -> chat.state.partFrom(m, p.room(), p.reason()));
        } else if (event instanceof ChatEvent.Renamed r) {
            ifFrom(origin, r.nick(), m -> renamed(m, r.to()));
        } else if (event instanceof ChatEvent.Said s) {
            ifFrom(origin, s.nick(), m -> {
                Room room = chat.room(s.room());
                if (room != null && m.isIn(room)) {
                    chat.state.sayIn(m, room, s.speech(), s.text());
                }
            });
        } else if (event instanceof ChatEvent.Told t) {
            ifFrom(origin, t.nick(), m -> {
                Member to = chat.member(t.to());
                if (to != null && to.isLocal()) {
                    chat.state.toldHere(m, to, t.speech(), t.text());
                }
            });
        } else if (event instanceof ChatEvent.TopicSet t) {
            ifFrom(origin, t.nick(), m -> {
                Room room = chat.room(t.room());
                if (room != null) {
                    chat.state.topicOf(m, room, t.text(), t.at());
                }
            });
        } else if (event instanceof ChatEvent.StatusSet s) {
            ifFrom(origin, s.nick(), by -> {
                Room room = chat.room(s.room());
                Member target = chat.member(s.target());
                if (room != null && target != null) {
                    chat.state.statusOf(by, room, target, s.status(), s.give());
                }
            });
        } else if (event instanceof ChatEvent.Flags f) {
            ifFrom(origin, f.nick(), m -> {
                m.away(f.away());
                m.invisible(f.invisible());
                m.serverOperator(f.operator());
            });
        } else if (event instanceof ChatEvent.Killed k) {
            Member target = chat.member(k.target());
            if (target != null && target.isLocal()) {
                chat.state.killHere(target, k.reason(), k.nick() + " on server " + origin);
            }
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
                chat.state.moveInto(member, name, false, NOTHING, false);
                room = chat.room(name);
            }
            if (room != null) {
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

    /** Runs {@code then} with the member called {@code nick} when it is on server {@code origin}, the sender. */
    private void ifFrom(String origin, String nick, Consumer<Member> then) {
        Member member = chat.member(nick);
        if (member != null && origin.equals(member.server())) {
            then.accept(member);
        }
    }
}
