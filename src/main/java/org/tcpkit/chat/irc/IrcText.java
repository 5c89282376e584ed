package org.tcpkit.chat.irc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * IRC's wire form of text: lines of at most {@link #MAX_LINE} bytes with their CRLF, long text split over
 * several lines, and IRC's formatting codes (bold, colours) taken out of what others see.
 */
final class IrcText {
    /** The longest line, CRLF included (RFC 1459). */
    static final int MAX_LINE = 512;
    /** The CTCP delimiter, around {@code ACTION text}. */
    static final char CTCP = '\u0001';

    private IrcText() {
    }

    /** One line for the wire, cut at a character boundary if longer than {@link #MAX_LINE} bytes. */
    static byte[] line(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_LINE - 2);
        while (length < bytes.length && length > 0 && (bytes[length] & 0xC0) == 0x80) {
            length--;
        }
        byte[] out = new byte[length + 2];
        System.arraycopy(bytes, 0, out, 0, length);
        out[length] = '\r';
        out[length + 1] = '\n';
        return out;
    }

    /** Several lines for the wire, one after the other. */
    static byte[] lines(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String text : texts) {
            out.writeBytes(line(text));
        }
        return out.toByteArray();
    }

    /**
     * {@code head + text + tail} as one or more lines, the text split (at character boundaries) so that each
     * line fits in {@link #MAX_LINE} bytes. Line-door members may send longer lines than IRC carries. Every line
     * carries at least one character of the text, so the split always ends; the chat's bounds on names keep
     * every head short enough that nothing is cut.
     */
    static byte[] split(String head, String text, String tail) {
        int room = MAX_LINE - 2 - utf8(head) - utf8(tail);
        if (utf8(text) <= room) {
            return line(head + text + tail);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        while (from < text.length()) {
            int to = from;
            int bytes = 0;
            while (to < text.length()) {
                int c = text.codePointAt(to);
                int size = utf8(c);
                if (bytes + size > room && to > from) {
                    break;
                }
                bytes += size;
                to += Character.charCount(c);
            }
            out.writeBytes(line(head + text.substring(from, to) + tail));
            from = to;
        }
        return out.toByteArray();
    }

    /**
     * {@code head} followed by {@code words} separated by spaces, in as many lines as it takes for each to fit
     * in {@link #MAX_LINE} bytes (a list of names, say); none when there are no words.
     */
    static java.util.List<String> words(String head, java.util.List<String> words) {
        return joined(head, words, ' ');
    }

    /** As {@link #words}, the items separated by commas ({@code MONITOR}'s lists). */
    static java.util.List<String> list(String head, java.util.List<String> items) {
        return joined(head, items, ',');
    }

    private static java.util.List<String> joined(String head, java.util.List<String> words, char separator) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int room = MAX_LINE - 2 - utf8(head);
        StringBuilder line = new StringBuilder(head);
        int bytes = 0;
        for (String word : words) {
            int size = utf8(word);
            if (bytes > 0 && bytes + 1 + size > room) {
                lines.add(line.toString());
                line.setLength(head.length());
                bytes = 0;
            }
            if (bytes > 0) {
                line.append(separator);
                bytes++;
            }
            line.append(word);
            bytes += size;
        }
        if (bytes > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Text as others see it: IRC formatting taken out, controls and invisible characters neutralized. */
    static String clean(String text) {
        return org.tcpkit.chat.ChatText.neutralize(plain(text));
    }

    /**
     * {@code text} without IRC formatting: bold, italics, underline, strike-through, monospace, reverse, reset,
     * and colours with their numbers ({@code ^C4,12}).
     */
    static String plain(String text) {
        if (text.chars().noneMatch(IrcText::formatting)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0003') {
                i = skipColour(text, i + 1) - 1;
            } else if (c == '\u0004') {
                i = skipHex(text, i + 1) - 1;
            } else if (!formatting(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean formatting(int c) {
        return c == 0x02 || c == 0x03 || c == 0x04 || c == 0x0F || c == 0x11 || c == 0x16 || c == 0x1D
                || c == 0x1E || c == 0x1F;
    }

    /** Past {@code N[N][,N[N]]} from {@code at}. */
    private static int skipColour(String text, int at) {
        at = skipDigits(text, at);
        if (at + 1 < text.length() && text.charAt(at) == ',' && Character.isDigit(text.charAt(at + 1))) {
            at = skipDigits(text, at + 1);
        }
        return at;
    }

    private static int skipDigits(String text, int at) {
        int end = Math.min(text.length(), at + 2);
        while (at < end && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    /** Past a hex colour {@code RRGGBB[,RRGGBB]} from {@code at}. */
    private static int skipHex(String text, int at) {
        if (hexAt(text, at)) {
            at += 6;
            if (at < text.length() && text.charAt(at) == ',' && hexAt(text, at + 1)) {
                at += 7;
            }
        }
        return at;
    }

    private static boolean hexAt(String text, int at) {
        if (at + 6 > text.length()) {
            return false;
        }
        for (int i = at; i < at + 6; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** How many bytes {@code text} takes in UTF-8. */
    /** A time as IRCv3's {@code server-time} writes it: UTC, milliseconds, {@code 2026-12-02T14:02:11.250Z}. */
    static String time(long millis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis));
    }

    static int utf8(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            bytes += utf8(c);
            i += Character.charCount(c);
        }
        return bytes;
    }

    private static int utf8(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
}
