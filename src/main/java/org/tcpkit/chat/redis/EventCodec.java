package org.tcpkit.chat.redis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatText;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;
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
    private static final Pattern SERVER = Pattern.compile("[0-9a-f]{8}");
    /** IRC's user name as the doors make it ({@code ~} and up to 10 safe characters, or the door's name). */
    private static final Pattern USER = Member.USER;
    /** An address or host name, with an IPv6 scope. */
    private static final Pattern HOST = Member.HOST;
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{1,64}");
    private static final Pattern ACCOUNT = Pattern.compile("[^\\s\\p{Cntrl}\\p{Cf},;!@:*]{1,64}");

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
                yield new ChatEvent.Said(nick(o, "nick"), room(o, "room"), speech, said(o, speech), tags(o));
            }
            case "told" -> {
                Speech speech = speech(o);
                yield new ChatEvent.Told(nick(o, "nick"), nick(o, "to"), speech, said(o, speech), tags(o));
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

    /** A string field of at most {@code max} characters, null when absent. */
    private static String optional(JsonObject o, String name, int max) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("'" + name + "' is not a string");
        }
        String value = e.getAsString();
        if (value.length() > max) {
            throw new IllegalArgumentException("'" + name + "' has " + value.length() + " characters");
        }
        return value;
    }

    private static String string(JsonObject o, String name, int max) {
        String value = optional(o, name, max);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        return value;
    }

    private static String matching(JsonObject o, String name, Pattern pattern) {
        String value = string(o, name, 200);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not what it should be: "
                    + org.tcpkit.net.Preview.ofText(value));
        }
        return value;
    }

    private static String server(JsonObject o, String name) {
        return matching(o, name, SERVER);
    }

    private static String user(JsonObject o) {
        return matching(o, "user", USER);
    }

    private static String host(JsonObject o) {
        return matching(o, "host", HOST);
    }

    /** A real name: neutralized, at most {@link Member#MAX_REAL_NAME_BYTES} bytes. */
    private static String real(JsonObject o) {
        return bounded(o, "real", Member.MAX_REAL_NAME_BYTES, false);
    }

    /** A line's text: neutralized, not blank, at most {@link #MAX_TEXT_BYTES} bytes. */
    private static String text(JsonObject o) {
        String text = bounded(o, "text", MAX_TEXT_BYTES, false);
        if (text.isBlank()) {
            throw new IllegalArgumentException("an empty 'text'");
        }
        return text;
    }

    /** A line's text: none for a tag message, else as {@link #text}. */
    private static String said(JsonObject o, Speech speech) {
        if (speech != Speech.TAG) {
            return text(o);
        }
        String text = optional(o, "text", MAX_TEXT_BYTES);
        if (text != null && !text.isEmpty()) {
            throw new IllegalArgumentException("a tag message with text");
        }
        return "";
    }

    /** A line's client-only tags ({@link org.tcpkit.chat.ClientTags}): absent when none. */
    private static void tags(JsonObject o, String tags) {
        if (!tags.isEmpty()) {
            o.addProperty("tags", tags);
        }
    }

    private static String tags(JsonObject o) {
        String tags = optional(o, "tags", org.tcpkit.chat.ClientTags.MAX_BYTES);
        if (tags == null) {
            return "";
        }
        String problem = org.tcpkit.chat.ClientTags.problem(tags);
        if (problem != null) {
            throw new IllegalArgumentException("a line with " + problem);
        }
        return tags;
    }

    /** A room key given with a join, as a client's is checked ({@link Room#modeProblem}); null when none. */
    private static String key(JsonObject o) {
        String key = optional(o, "key", 64);
        String problem = key == null ? null : Room.modeProblem('k', key);
        if (problem != null) {
            throw new IllegalArgumentException("a join's key: " + problem);
        }
        return key;
    }

    /** An account name: up to 64 characters, none of them a space, a control or one of {@code ,;!@:*}; or null. */
    private static String account(JsonObject o) {
        return o.has("account") && !o.get("account").isJsonNull() ? matching(o, "account", ACCOUNT) : null;
    }

    private static String reason(JsonObject o, boolean optional) {
        return bounded(o, "reason", ChatText.MAX_REASON_BYTES, optional);
    }

    private static String away(JsonObject o) {
        String away = bounded(o, "away", 4 * Member.MAX_AWAY, true);
        if (away != null && away.codePointCount(0, away.length()) > Member.MAX_AWAY) {
            throw new IllegalArgumentException("an 'away' longer than " + Member.MAX_AWAY + " characters");
        }
        return away;
    }

    private static String topic(JsonObject o, String name) {
        String topic = bounded(o, name, 4 * Room.MAX_TOPIC, false);
        if (topic.codePointCount(0, topic.length()) > Room.MAX_TOPIC) {
            throw new IllegalArgumentException("a topic longer than " + Room.MAX_TOPIC + " characters");
        }
        return topic;
    }

    /** Text as a member's own is taken: neutralized, and no longer than {@code maxBytes} bytes of UTF-8. */
    private static String bounded(JsonObject o, String name, int maxBytes, boolean optional) {
        String value = optional ? optional(o, name, maxBytes) : string(o, name, maxBytes);
        if (value == null) {
            return null;
        }
        if (ChatText.cut(value, maxBytes).length() < value.length()) {
            throw new IllegalArgumentException("'" + name + "' is longer than " + maxBytes + " bytes");
        }
        return ChatText.neutralize(value);
    }

    private static String nick(JsonObject o, String name) {
        String nick = string(o, name, 4 * Nicks.MAX_LENGTH);
        String problem = Nicks.problem(nick);
        if (problem == null && !Nicks.normalize(nick).equals(nick)) {
            problem = "it is not in its normal form";
        }
        if (problem != null) {
            throw new IllegalArgumentException("'" + name + "' is not a nickname: " + problem);
        }
        return nick;
    }

    private static String room(JsonObject o, String name) {
        return checkRoom(string(o, name, Room.MAX_NAME_BYTES));
    }

    private static String checkRoom(String room) {
        String problem = Room.problem(room, Room.MAX_NAME_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException("'" + org.tcpkit.net.Preview.ofText(room) + "' is not a room name: "
                    + problem);
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
        String speech = string(o, "speech", 16);
        return switch (speech) {
            case "message" -> Speech.MESSAGE;
            case "action" -> Speech.ACTION;
            case "notice" -> Speech.NOTICE;
            case "tag" -> Speech.TAG;
            default -> throw new IllegalArgumentException("speech '" + speech + "'");
        };
    }

    /** A room's mode changes: signs and letters of {@link Room#MODES}, with keys and limits checked as a client's. */
    private static ChatEvent.RoomMode roomMode(JsonObject o) {
        String changes = string(o, "changes", 2 * 16);
        if (!changes.matches("([+-][" + Room.MODES + "])+")) {
            throw new IllegalArgumentException("room mode changes '" + changes + "'");
        }
        JsonArray given = array(o, "args");
        List<String> args = new ArrayList<>();
        for (int i = 0; i + 1 < changes.length(); i += 2) {
            char mode = changes.charAt(i + 1);
            if (Room.takesArg(mode, changes.charAt(i) == '+')) {
                JsonElement e = args.size() < given.size() ? given.get(args.size()) : null;
                String arg = e != null && e.isJsonPrimitive() ? e.getAsString() : null;
                String problem = Room.modeProblem(mode, arg);
                if (problem != null) {
                    throw new IllegalArgumentException("room mode +" + mode + ": " + problem);
                }
                args.add(arg);
            }
        }
        if (args.size() != given.size()) {
            throw new IllegalArgumentException("room mode arguments that go with no change");
        }
        return new ChatEvent.RoomMode(nick(o, "nick"), room(o, "room"), changes, args);
    }

    private static char status(JsonObject o) {
        String status = string(o, "status", 1);
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
