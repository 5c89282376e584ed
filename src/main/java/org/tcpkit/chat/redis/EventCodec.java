package org.tcpkit.chat.redis;

import static org.tcpkit.chat.redis.EventFields.account;
import static org.tcpkit.chat.redis.EventFields.array;
import static org.tcpkit.chat.redis.EventFields.away;
import static org.tcpkit.chat.redis.EventFields.checkRoom;
import static org.tcpkit.chat.redis.EventFields.clientTags;
import static org.tcpkit.chat.redis.EventFields.flag;
import static org.tcpkit.chat.redis.EventFields.host;
import static org.tcpkit.chat.redis.EventFields.key;
import static org.tcpkit.chat.redis.EventFields.matching;
import static org.tcpkit.chat.redis.EventFields.nick;
import static org.tcpkit.chat.redis.EventFields.number;
import static org.tcpkit.chat.redis.EventFields.real;
import static org.tcpkit.chat.redis.EventFields.reason;
import static org.tcpkit.chat.redis.EventFields.room;
import static org.tcpkit.chat.redis.EventFields.roomMode;
import static org.tcpkit.chat.redis.EventFields.said;
import static org.tcpkit.chat.redis.EventFields.server;
import static org.tcpkit.chat.redis.EventFields.speech;
import static org.tcpkit.chat.redis.EventFields.status;
import static org.tcpkit.chat.redis.EventFields.string;
import static org.tcpkit.chat.redis.EventFields.text;
import static org.tcpkit.chat.redis.EventFields.topic;
import static org.tcpkit.chat.redis.EventFields.user;
import static org.tcpkit.chat.redis.EventFields.DIGEST;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Speech;

/**
 * Events as they cross Redis: one JSON object per message, {@code {"v":1,"from":ID,"n":N,"ts":MILLIS,"seq":S,
 * "type":...}} and the event's fields (docs/PROTOCOL.md lists them), signed when the servers share a secret.
 * What comes in is checked as a client's input is before it is believed, since anyone with access to the
 * Redis could have published it: names follow the nickname and room rules, every field has a bound that
 * leaves an IRC line room for its text, and text is neutralized (controls, bidi overrides, invisible
 * characters) as a member's own is.
 */
final class EventCodec {
    /** The version of the format. */
    static final int VERSION = 1;
    /** The longest message read; a server with thousands of members stays well under it. */
    static final int MAX_MESSAGE = 4 << 20;
    /** The longest text of a line, in bytes: the longest line any door takes. */
    static final int MAX_TEXT_BYTES = 1000;
    /** The most members one {@code here} lists. */
    static final int MAX_MEMBERS = 50_000;

    /** One message, decoded: who sent it, its number on the wire and time, the sender's own number, the event. */
    record Envelope(String from, long number, long at, long seq, ChatEvent event, boolean late) {
        /** An envelope for an event appended as it happens. */
        Envelope(String from, long number, long at, long seq, ChatEvent event) {
            this(from, number, at, seq, event, false);
        }
    }

    private final Seal seal;

    /** @param seal signs what goes out and checks what comes in; null when the servers share no secret */
    EventCodec(Seal seal) {
        this.seal = seal;
    }

    /** Whether events are signed and checked. */
    boolean sealed() {
        return seal != null;
    }

    String encode(Envelope envelope) {
        ChatEvent event = envelope.event();
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("from", envelope.from());
        o.addProperty("n", envelope.number());
        o.addProperty("ts", envelope.at());
        o.addProperty("seq", envelope.seq());
        if (envelope.late()) {
            o.addProperty("late", true);
        }
        if (event instanceof ChatEvent.Arrived a) {
            type(o, "arrived").addProperty("nick", a.nick());
            o.addProperty("user", a.user());
            o.addProperty("real", a.realName());
            o.addProperty("host", a.host());
            o.addProperty("server", a.server());
            o.addProperty("lobby", a.lobby());
            if (a.account() != null) {
                o.addProperty("account", a.account());
            }
        } else if (event instanceof ChatEvent.Left l) {
            type(o, "left").addProperty("nick", l.nick());
            o.addProperty("reason", l.reason());
        } else if (event instanceof ChatEvent.Joined j) {
            type(o, "joined").addProperty("nick", j.nick());
            o.addProperty("room", j.room());
            o.addProperty("move", j.move());
            if (j.key() != null) {
                o.addProperty("key", j.key());
            }
        } else if (event instanceof ChatEvent.Parted p) {
            type(o, "parted").addProperty("nick", p.nick());
            o.addProperty("room", p.room());
            o.addProperty("reason", p.reason());
        } else if (event instanceof ChatEvent.Renamed r) {
            type(o, "renamed").addProperty("nick", r.nick());
            o.addProperty("to", r.to());
        } else if (event instanceof ChatEvent.Said s) {
            type(o, "said").addProperty("nick", s.nick());
            o.addProperty("room", s.room());
            o.addProperty("speech", s.speech().name().toLowerCase(Locale.ROOT));
            o.addProperty("text", s.text());
            tags(o, s.tags());
        } else if (event instanceof ChatEvent.Told t) {
            type(o, "told").addProperty("nick", t.nick());
            o.addProperty("to", t.to());
            o.addProperty("speech", t.speech().name().toLowerCase(Locale.ROOT));
            o.addProperty("text", t.text());
            tags(o, t.tags());
        } else if (event instanceof ChatEvent.TopicSet t) {
            type(o, "topic").addProperty("nick", t.nick());
            o.addProperty("room", t.room());
            o.addProperty("text", t.text());
            o.addProperty("at", t.at());
        } else if (event instanceof ChatEvent.StatusSet s) {
            type(o, "status").addProperty("nick", s.nick());
            o.addProperty("room", s.room());
            o.addProperty("target", s.target());
            o.addProperty("status", String.valueOf(s.status()));
            o.addProperty("give", s.give());
        } else if (event instanceof ChatEvent.RoomMode r) {
            type(o, "mode").addProperty("nick", r.nick());
            o.addProperty("room", r.room());
            o.addProperty("changes", r.changes());
            JsonArray args = new JsonArray();
            r.args().forEach(args::add);
            o.add("args", args);
        } else if (event instanceof ChatEvent.Kicked k) {
            type(o, "kicked").addProperty("nick", k.nick());
            o.addProperty("room", k.room());
            o.addProperty("target", k.target());
            o.addProperty("reason", k.reason());
        } else if (event instanceof ChatEvent.Invited i) {
            type(o, "invited").addProperty("nick", i.nick());
            o.addProperty("room", i.room());
            o.addProperty("target", i.target());
        } else if (event instanceof ChatEvent.Flags f) {
            type(o, "flags").addProperty("nick", f.nick());
            o.addProperty("away", f.away());
            o.addProperty("invisible", f.invisible());
            o.addProperty("operator", f.operator());
        } else if (event instanceof ChatEvent.HostSet h) {
            type(o, "host").addProperty("nick", h.nick());
            o.addProperty("target", h.target());
            o.addProperty("user", h.user());
            o.addProperty("host", h.host());
        } else if (event instanceof ChatEvent.RealName r) {
            type(o, "realname").addProperty("nick", r.nick());
            o.addProperty("real", r.realName());
        } else if (event instanceof ChatEvent.Wallops w) {
            type(o, "wallops").addProperty("nick", w.nick());
            o.addProperty("text", w.text());
        } else if (event instanceof ChatEvent.Killed k) {
            type(o, "killed").addProperty("nick", k.nick());
            o.addProperty("target", k.target());
            o.addProperty("reason", k.reason());
        } else if (event instanceof ChatEvent.Hello h) {
            type(o, "hello").addProperty("server", h.server());
            o.addProperty("want", h.want());
        } else if (event instanceof ChatEvent.Beat b) {
            type(o, "beat").addProperty("server", b.server());
            o.addProperty("members", b.members());
            o.addProperty("digest", b.digest());
        } else if (event instanceof ChatEvent.Here h) {
            type(o, "here").addProperty("server", h.server());
            o.add("members", members(h.members()));
            JsonArray topics = new JsonArray();
            for (ChatEvent.RoomTopic t : h.topics()) {
                JsonObject topic = new JsonObject();
                topic.addProperty("room", t.room());
                topic.addProperty("text", t.text());
                topic.addProperty("by", t.by());
                topic.addProperty("at", t.at());
                topics.add(topic);
            }
            o.add("topics", topics);
        } else if (event instanceof ChatEvent.Gone g) {
            type(o, "gone").addProperty("server", g.server());
            o.addProperty("reason", g.reason());
        }
        String json = o.toString();
        return seal == null ? json : seal.sign(json);
    }

    private static JsonArray members(List<ChatEvent.Present> present) {
        JsonArray members = new JsonArray();
        for (ChatEvent.Present p : present) {
            JsonObject m = new JsonObject();
            m.addProperty("nick", p.nick());
            m.addProperty("user", p.user());
            m.addProperty("real", p.realName());
            m.addProperty("host", p.host());
            m.addProperty("away", p.away());
            m.addProperty("invisible", p.invisible());
            m.addProperty("operator", p.operator());
            if (p.account() != null) {
                m.addProperty("account", p.account());
            }
            JsonArray rooms = new JsonArray();
            p.rooms().forEach(rooms::add);
            m.add("rooms", rooms);
            members.add(m);
        }
        return members;
    }

    /**
     * Reads one message, its signature checked first when the servers share a secret.
     *
     * @throws IllegalArgumentException saying what is wrong, when it is not a message this server believes
     */
    Envelope decode(String message) {
        if (message.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message of " + message.length() + " characters");
        }
        String json = seal == null ? message : seal.open(message);
        JsonObject o;
        try {
            JsonElement element = JsonParser.parseString(json);
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            o = element.getAsJsonObject();
            if (number(o, "v") != VERSION) {
                throw new IllegalArgumentException("format version " + o.get("v") + ", not " + VERSION);
            }
            return new Envelope(server(o, "from"), number(o, "n"), number(o, "ts"), number(o, "seq"), event(o),
                    o.has("late") && flag(o, "late"));
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException bad ? bad
                    : new IllegalArgumentException("not a tcpkit event: " + e.getMessage());
        }
    }

    private static ChatEvent event(JsonObject o) {
        String type = string(o, "type", 16);
        return switch (type) {
            case "arrived" -> new ChatEvent.Arrived(nick(o, "nick"), user(o), real(o), host(o), server(o, "server"),
                    flag(o, "lobby"), account(o));
            case "left" -> new ChatEvent.Left(nick(o, "nick"), reason(o, false));
            case "joined" -> new ChatEvent.Joined(nick(o, "nick"), room(o, "room"), flag(o, "move"), key(o));
            case "parted" -> new ChatEvent.Parted(nick(o, "nick"), room(o, "room"), reason(o, true));
            case "renamed" -> new ChatEvent.Renamed(nick(o, "nick"), nick(o, "to"));
            case "said" -> {
                Speech speech = speech(o);
                yield new ChatEvent.Said(nick(o, "nick"), room(o, "room"), speech, said(o, speech), clientTags(o));
            }
            case "told" -> {
                Speech speech = speech(o);
                yield new ChatEvent.Told(nick(o, "nick"), nick(o, "to"), speech, said(o, speech), clientTags(o));
            }
            case "topic" -> new ChatEvent.TopicSet(nick(o, "nick"), room(o, "room"), topic(o, "text"),
                    number(o, "at"));
            case "status" -> new ChatEvent.StatusSet(nick(o, "nick"), room(o, "room"), nick(o, "target"),
                    status(o), flag(o, "give"));
            case "mode" -> roomMode(o);
            case "kicked" -> new ChatEvent.Kicked(nick(o, "nick"), room(o, "room"), nick(o, "target"),
                    reason(o, false));
            case "invited" -> new ChatEvent.Invited(nick(o, "nick"), room(o, "room"), nick(o, "target"));
            case "flags" -> new ChatEvent.Flags(nick(o, "nick"), away(o), flag(o, "invisible"),
                    flag(o, "operator"));
            case "realname" -> new ChatEvent.RealName(nick(o, "nick"), real(o));
            case "host" -> new ChatEvent.HostSet(nick(o, "nick"), nick(o, "target"), user(o), host(o));
            case "wallops" -> new ChatEvent.Wallops(nick(o, "nick"), text(o));
            case "killed" -> new ChatEvent.Killed(nick(o, "nick"), nick(o, "target"), reason(o, false));
            case "hello" -> new ChatEvent.Hello(server(o, "server"),
                    o.has("want") && !o.get("want").isJsonNull() ? server(o, "want") : null);
            case "beat" -> new ChatEvent.Beat(server(o, "server"), (int) Math.min(Integer.MAX_VALUE,
                    Math.max(0, number(o, "members"))), matching(o, "digest", DIGEST));
            case "here" -> here(o);
            case "gone" -> new ChatEvent.Gone(server(o, "server"), reason(o, false));
            default -> throw new IllegalArgumentException("an event of unknown type '" + type + "'");
        };
    }

    private static ChatEvent.Here here(JsonObject o) {
        JsonArray listed = array(o, "members");
        if (listed.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("a list of " + listed.size() + " members");
        }
        List<ChatEvent.Present> members = new ArrayList<>();
        for (JsonElement element : listed) {
            JsonObject m = element.getAsJsonObject();
            JsonArray marked = array(m, "rooms");
            if (marked.size() > 1000) {
                throw new IllegalArgumentException("a member in " + marked.size() + " rooms");
            }
            List<String> rooms = new ArrayList<>();
            for (JsonElement room : marked) {
                String mark = room.getAsString();
                checkRoom(mark.replaceFirst("^[@+]{1,2}", ""));
                rooms.add(mark);
            }
            members.add(new ChatEvent.Present(nick(m, "nick"), user(m), real(m), host(m), away(m),
                    flag(m, "invisible"), flag(m, "operator"), rooms, account(m)));
        }
        List<ChatEvent.RoomTopic> topics = new ArrayList<>();
        for (JsonElement element : array(o, "topics")) {
            JsonObject t = element.getAsJsonObject();
            topics.add(new ChatEvent.RoomTopic(room(t, "room"), topic(t, "text"), nick(t, "by"), number(t, "at")));
        }
        return new ChatEvent.Here(server(o, "server"), members, topics);
    }

    private static JsonObject type(JsonObject o, String type) {
        o.addProperty("type", type);
        return o;
    }

    /** A line's client-only tags ({@link org.tcpkit.chat.ClientTags}): absent when none. */
    private static void tags(JsonObject o, String tags) {
        if (!tags.isEmpty()) {
            o.addProperty("tags", tags);
        }
    }
}
