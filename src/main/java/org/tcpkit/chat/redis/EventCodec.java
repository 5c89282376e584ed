package org.tcpkit.chat.redis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Speech;

/**
 * Events as they cross Redis: one JSON object per message, {@code {"v":1,"from":ID,"seq":N,"type":...}} and the
 * event's fields (docs/PROTOCOL.md lists them). What comes in is checked before it is believed: a message
 * that anyone with access to the Redis could have published never carries a line break or a bad name into
 * the chat.
 */
final class EventCodec {
    /** The version of the format. */
    static final int VERSION = 1;
    /** The longest message read; a server with thousands of members stays well under it. */
    static final int MAX_MESSAGE = 4 << 20;
    private static final int MAX_FIELD = 4096;
    private static final int MAX_ROOM = 200;

    /** One message, decoded. */
    record Envelope(String from, long seq, ChatEvent event) {
    }

    private EventCodec() {
    }

    static String encode(String from, long seq, ChatEvent event) {
        JsonObject o = new JsonObject();
        o.addProperty("v", VERSION);
        o.addProperty("from", from);
        o.addProperty("seq", seq);
        if (event instanceof ChatEvent.Arrived a) {
            type(o, "arrived").addProperty("nick", a.nick());
            o.addProperty("user", a.user());
            o.addProperty("real", a.realName());
            o.addProperty("host", a.host());
            o.addProperty("server", a.server());
            o.addProperty("lobby", a.lobby());
        } else if (event instanceof ChatEvent.Left l) {
            type(o, "left").addProperty("nick", l.nick());
            o.addProperty("reason", l.reason());
        } else if (event instanceof ChatEvent.Joined j) {
            type(o, "joined").addProperty("nick", j.nick());
            o.addProperty("room", j.room());
            o.addProperty("move", j.move());
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
        } else if (event instanceof ChatEvent.Told t) {
            type(o, "told").addProperty("nick", t.nick());
            o.addProperty("to", t.to());
            o.addProperty("speech", t.speech().name().toLowerCase(Locale.ROOT));
            o.addProperty("text", t.text());
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
        } else if (event instanceof ChatEvent.Flags f) {
            type(o, "flags").addProperty("nick", f.nick());
            o.addProperty("away", f.away());
            o.addProperty("invisible", f.invisible());
            o.addProperty("operator", f.operator());
        } else if (event instanceof ChatEvent.Killed k) {
            type(o, "killed").addProperty("nick", k.nick());
            o.addProperty("target", k.target());
            o.addProperty("reason", k.reason());
        } else if (event instanceof ChatEvent.Hello h) {
            type(o, "hello").addProperty("server", h.server());
        } else if (event instanceof ChatEvent.Here h) {
            type(o, "here").addProperty("server", h.server());
            JsonArray members = new JsonArray();
            for (ChatEvent.Present p : h.members()) {
                JsonObject m = new JsonObject();
                m.addProperty("nick", p.nick());
                m.addProperty("user", p.user());
                m.addProperty("real", p.realName());
                m.addProperty("host", p.host());
                m.addProperty("away", p.away());
                m.addProperty("invisible", p.invisible());
                m.addProperty("operator", p.operator());
                JsonArray rooms = new JsonArray();
                p.rooms().forEach(rooms::add);
                m.add("rooms", rooms);
                members.add(m);
            }
            o.add("members", members);
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
        return o.toString();
    }

    /**
     * Reads one message.
     *
     * @throws IllegalArgumentException saying what is wrong, when it is not a message this version reads
     */
    static Envelope decode(String message) {
        if (message.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message of " + message.length() + " characters");
        }
        JsonObject o;
        try {
            JsonElement element = JsonParser.parseString(message);
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            o = element.getAsJsonObject();
            if (number(o, "v") != VERSION) {
                throw new IllegalArgumentException("format version " + o.get("v") + ", not " + VERSION);
            }
            return new Envelope(text(o, "from"), number(o, "seq"), event(o));
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException bad ? bad
                    : new IllegalArgumentException("not a tcpkit event: " + e.getMessage());
        }
    }

    private static ChatEvent event(JsonObject o) {
        String type = text(o, "type");
        return switch (type) {
            case "arrived" -> new ChatEvent.Arrived(nick(o, "nick"), text(o, "user"), text(o, "real"),
                    text(o, "host"), text(o, "server"), flag(o, "lobby"));
            case "left" -> new ChatEvent.Left(nick(o, "nick"), text(o, "reason"));
            case "joined" -> new ChatEvent.Joined(nick(o, "nick"), room(o, "room"), flag(o, "move"));
            case "parted" -> new ChatEvent.Parted(nick(o, "nick"), room(o, "room"), optional(o, "reason"));
            case "renamed" -> new ChatEvent.Renamed(nick(o, "nick"), nick(o, "to"));
            case "said" -> new ChatEvent.Said(nick(o, "nick"), room(o, "room"), speech(o), text(o, "text"));
            case "told" -> new ChatEvent.Told(nick(o, "nick"), nick(o, "to"), speech(o), text(o, "text"));
            case "topic" -> new ChatEvent.TopicSet(nick(o, "nick"), room(o, "room"), text(o, "text"),
                    number(o, "at"));
            case "status" -> new ChatEvent.StatusSet(nick(o, "nick"), room(o, "room"), nick(o, "target"),
                    status(o), flag(o, "give"));
            case "flags" -> new ChatEvent.Flags(nick(o, "nick"), optional(o, "away"), flag(o, "invisible"),
                    flag(o, "operator"));
            case "killed" -> new ChatEvent.Killed(nick(o, "nick"), nick(o, "target"), text(o, "reason"));
            case "hello" -> new ChatEvent.Hello(text(o, "server"));
            case "here" -> here(o);
            case "gone" -> new ChatEvent.Gone(text(o, "server"), text(o, "reason"));
            default -> throw new IllegalArgumentException("an event of unknown type '" + type + "'");
        };
    }

    private static ChatEvent.Here here(JsonObject o) {
        List<ChatEvent.Present> members = new ArrayList<>();
        for (JsonElement element : array(o, "members")) {
            JsonObject m = element.getAsJsonObject();
            List<String> rooms = new ArrayList<>();
            for (JsonElement room : array(m, "rooms")) {
                String marked = room.getAsString();
                checkRoom(marked.replaceFirst("^[@+]+", ""));
                rooms.add(marked);
            }
            members.add(new ChatEvent.Present(nick(m, "nick"), text(m, "user"), text(m, "real"), text(m, "host"),
                    optional(m, "away"), flag(m, "invisible"), flag(m, "operator"), rooms));
        }
        List<ChatEvent.RoomTopic> topics = new ArrayList<>();
        for (JsonElement element : array(o, "topics")) {
            JsonObject t = element.getAsJsonObject();
            topics.add(new ChatEvent.RoomTopic(room(t, "room"), text(t, "text"), text(t, "by"), number(t, "at")));
        }
        return new ChatEvent.Here(text(o, "server"), members, topics);
    }

    private static JsonObject type(JsonObject o, String type) {
        o.addProperty("type", type);
        return o;
    }

    private static String text(JsonObject o, String name) {
        String value = optional(o, name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        return value;
    }

    /** A string field, null when absent; never one with a line break or a NUL, never a long one. */
    private static String optional(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String value = e.getAsString();
        if (value.length() > MAX_FIELD) {
            throw new IllegalArgumentException("'" + name + "' has " + value.length() + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("'" + name + "' holds a line break or a NUL");
            }
        }
        return value;
    }

    private static String nick(JsonObject o, String name) {
        String nick = text(o, name);
        String problem = Nicks.problem(nick);
        if (problem != null) {
            throw new IllegalArgumentException("'" + name + "' is not a nickname: " + problem);
        }
        return nick;
    }

    private static String room(JsonObject o, String name) {
        return checkRoom(text(o, name));
    }

    private static String checkRoom(String room) {
        if (!room.startsWith("#") || room.length() < 2 || room.length() > MAX_ROOM || room.contains(" ")
                || room.contains(",")) {
            throw new IllegalArgumentException("'" + room + "' is not a room name");
        }
        return room;
    }

    private static long number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("no number '" + name + "'");
        }
        return e.getAsLong();
    }

    private static boolean flag(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    private static Speech speech(JsonObject o) {
        String speech = text(o, "speech");
        return switch (speech) {
            case "message" -> Speech.MESSAGE;
            case "action" -> Speech.ACTION;
            case "notice" -> Speech.NOTICE;
            default -> throw new IllegalArgumentException("speech '" + speech + "'");
        };
    }

    private static char status(JsonObject o) {
        String status = text(o, "status");
        if (!status.equals("o") && !status.equals("v")) {
            throw new IllegalArgumentException("status '" + status + "'");
        }
        return status.charAt(0);
    }

    private static JsonArray array(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("no list '" + name + "'");
        }
        return e.getAsJsonArray();
    }
}
