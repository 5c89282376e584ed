package org.tcpkit.chat.redis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatText;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;

/**
 * The fields of an event as they are read from Redis, each checked as a client's input is: names follow the
 * nickname and room rules, every field has its bound, text is neutralized. Each reader throws
 * {@link IllegalArgumentException} saying what is wrong.
 */
final class EventFields {
    static final Pattern SERVER = Pattern.compile("[0-9a-f]{8}");
    /** IRC's user name as the doors make it ({@code ~} and up to 10 safe characters, or the door's name). */
    static final Pattern USER = Member.USER;
    /** An address or host name, with an IPv6 scope. */
    static final Pattern HOST = Member.HOST;
    static final Pattern DIGEST = Pattern.compile("[0-9a-f]{1,64}");
    static final Pattern ACCOUNT = Pattern.compile("[^\\s\\p{Cntrl}\\p{Cf},;!@:*]{1,64}");

    private EventFields() {
    }

    /** A string field of at most {@code max} characters, null when absent. */
    static String optional(JsonObject o, String name, int max) {
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

    static String string(JsonObject o, String name, int max) {
        String value = optional(o, name, max);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        return value;
    }

    static String matching(JsonObject o, String name, Pattern pattern) {
        String value = string(o, name, 200);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not what it should be: "
                    + org.tcpkit.net.Preview.ofText(value));
        }
        return value;
    }

    static String server(JsonObject o, String name) {
        return matching(o, name, SERVER);
    }

    static String user(JsonObject o) {
        return matching(o, "user", USER);
    }

    static String host(JsonObject o) {
        return matching(o, "host", HOST);
    }

    /** A real name: neutralized, at most {@link Member#MAX_REAL_NAME_BYTES} bytes. */
    static String real(JsonObject o) {
        return bounded(o, "real", Member.MAX_REAL_NAME_BYTES, false);
    }

    /** A line's text: neutralized, not blank, at most {@link #EventCodec.MAX_TEXT_BYTES} bytes. */
    static String text(JsonObject o) {
        String text = bounded(o, "text", EventCodec.MAX_TEXT_BYTES, false);
        if (text.isBlank()) {
            throw new IllegalArgumentException("an empty 'text'");
        }
        return text;
    }

    /** A line's text: none for a tag message, else as {@link #text}. */
    static String said(JsonObject o, Speech speech) {
        if (speech != Speech.TAG) {
            return text(o);
        }
        String text = optional(o, "text", EventCodec.MAX_TEXT_BYTES);
        if (text != null && !text.isEmpty()) {
            throw new IllegalArgumentException("a tag message with text");
        }
        return "";
    }

    static String clientTags(JsonObject o) {
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
    static String key(JsonObject o) {
        String key = optional(o, "key", 64);
        String problem = key == null ? null : Room.modeProblem('k', key);
        if (problem != null) {
            throw new IllegalArgumentException("a join's key: " + problem);
        }
        return key;
    }

    /** An account name: up to 64 characters, none of them a space, a control or one of {@code ,;!@:*}; or null. */
    static String account(JsonObject o) {
        return o.has("account") && !o.get("account").isJsonNull() ? matching(o, "account", ACCOUNT) : null;
    }

    static String reason(JsonObject o, boolean optional) {
        return bounded(o, "reason", ChatText.MAX_REASON_BYTES, optional);
    }

    static String away(JsonObject o) {
        String away = bounded(o, "away", 4 * Member.MAX_AWAY, true);
        if (away != null && away.codePointCount(0, away.length()) > Member.MAX_AWAY) {
            throw new IllegalArgumentException("an 'away' longer than " + Member.MAX_AWAY + " characters");
        }
        return away;
    }

    static String topic(JsonObject o, String name) {
        String topic = bounded(o, name, 4 * Room.MAX_TOPIC, false);
        if (topic.codePointCount(0, topic.length()) > Room.MAX_TOPIC) {
            throw new IllegalArgumentException("a topic longer than " + Room.MAX_TOPIC + " characters");
        }
        return topic;
    }

    /** Text as a member's own is taken: neutralized, and no longer than {@code maxBytes} bytes of UTF-8. */
    static String bounded(JsonObject o, String name, int maxBytes, boolean optional) {
        String value = optional ? optional(o, name, maxBytes) : string(o, name, maxBytes);
        if (value == null) {
            return null;
        }
        if (ChatText.cut(value, maxBytes).length() < value.length()) {
            throw new IllegalArgumentException("'" + name + "' is longer than " + maxBytes + " bytes");
        }
        return ChatText.neutralize(value);
    }

    static String nick(JsonObject o, String name) {
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

    static String room(JsonObject o, String name) {
        return checkRoom(string(o, name, Room.MAX_NAME_BYTES));
    }

    static String checkRoom(String room) {
        String problem = Room.problem(room, Room.MAX_NAME_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException("'" + org.tcpkit.net.Preview.ofText(room) + "' is not a room name: "
                    + problem);
        }
        return room;
    }

    static long number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("no number '" + name + "'");
        }
        return e.getAsLong();
    }

    static boolean flag(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    static Speech speech(JsonObject o) {
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
    static ChatEvent.RoomMode roomMode(JsonObject o) {
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

    static char status(JsonObject o) {
        String status = string(o, "status", 1);
        if (!status.equals("o") && !status.equals("v")) {
            throw new IllegalArgumentException("status '" + status + "'");
        }
        return status.charAt(0);
    }

    static JsonArray array(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("no list '" + name + "'");
        }
        return e.getAsJsonArray();
    }
}
