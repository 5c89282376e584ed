package org.tcpkit.chat.irc;

import org.tcpkit.chat.Member;
import org.tcpkit.chat.Room;

/**
 * WHOX ({@code WHO mask %fields[,token]}, ircv3.net's whox): the fields a client asked for, answered as
 * {@code 354} in the order the specification gives them, whatever order they were asked in:
 * {@code t} token, {@code c} channel, {@code u} user, {@code i} IP, {@code h} host, {@code s} server,
 * {@code n} nick, {@code f} flags, {@code d} hop count, {@code l} idle seconds, {@code a} account,
 * {@code o} operator level, {@code r} real name (last, as trailing). {@code a} is the account the member logged
 * in as, {@code 0} when none; members have no idle time here: {@code l} is {@code 0}, as the specification allows.
 */
final class Whox {
    private static final String ORDER = "tcuihsnfdlaor";

    private final String fields;
    private final String token;

    private Whox(String fields, String token) {
        this.fields = fields;
        this.token = token;
    }

    /** The fields of {@code %fields[,token]}; a token is 1 to 3 digits, else ignored. */
    static Whox parse(String asked) {
        String body = asked.substring(1);
        String token = "0";
        int comma = body.indexOf(',');
        if (comma >= 0) {
            String given = body.substring(comma + 1);
            token = given.matches("[0-9]{1,3}") ? given : "0";
            body = body.substring(0, comma);
        }
        StringBuilder fields = new StringBuilder();
        for (char c : ORDER.toCharArray()) {
            if (body.indexOf(c) >= 0) {
                fields.append(c);
            }
        }
        return new Whox(fields.toString(), token);
    }

    /** The parameters of one 354 about {@code other} (seen in {@code room}, or null), the real name last. */
    String[] fields(Room room, Member other, String server, String flags) {
        String[] out = new String[fields.length()];
        for (int i = 0; i < fields.length(); i++) {
            char field = fields.charAt(i);
            String value = switch (field) {
                case 't' -> token;
                case 'c' -> room == null ? "*" : room.name();
                case 'u' -> other.user();
                case 'i' -> "255.255.255.255";
                case 'h' -> other.host();
                case 's' -> server;
                case 'n' -> other.nick();
                case 'f' -> flags;
                case 'a' -> other.account() == null ? "0" : other.account();
                case 'd', 'l', 'o' -> "0";
                default -> ":" + other.realName();
            };
            out[i] = value;
        }
        if (out.length > 0 && fields.charAt(fields.length() - 1) != 'r' && out[out.length - 1].isEmpty()) {
            out[out.length - 1] = "*";
        }
        return out;
    }
}
