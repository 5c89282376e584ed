package org.tcpkit.net;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** A short, quoted, escaped rendering of received bytes for the event log, safe for any input. */
public final class Preview {
    /** At most this many bytes of a portion are shown; the rest is marked with an ellipsis. */
    public static final int MAX_BYTES = 40;

    private Preview() {
    }

    /**
     * Decodes up to {@link #MAX_BYTES} bytes as UTF-8 (invalid bytes become U+FFFD) and escapes control
     * characters ({@code \n}, {@code \r}, {@code \t}, {@code \0}, others as {@code \xNN}), so a log line
     * stays one line whatever the client sent.
     */
    public static String of(byte[] bytes, int offset, int length) {
        int shown = Math.min(length, MAX_BYTES);
        StringBuilder ascii = asciiOnly(bytes, offset, shown);
        if (ascii != null) {
            return finish(ascii, length > shown);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(shown + 1);
        decoder.decode(ByteBuffer.wrap(bytes, offset, shown), chars, true);
        chars.flip();
        StringBuilder out = new StringBuilder(shown + 8).append('"');
        while (chars.hasRemaining()) {
            escape(chars.get(), out);
        }
        return finish(out, length > shown);
    }

    /** The escaped text when every byte is ASCII (the common case, needing no decoder), else null. */
    private static StringBuilder asciiOnly(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(length + 8).append('"');
        for (int i = offset; i < offset + length; i++) {
            escape((char) bytes[i], out);
        }
        return out;
    }

    private static String finish(StringBuilder out, boolean cut) {
        out.append('"');
        if (cut) {
            out.append('\u2026');
        }
        return out.toString();
    }

    /** The whole text, quoted and escaped like {@link #of}, for lines of a line-based protocol. */
    public static String ofText(String text) {
        String shown = text.length() > MAX_BYTES ? text.substring(0, MAX_BYTES) : text;
        StringBuilder out = new StringBuilder(shown.length() + 8).append('"');
        for (int i = 0; i < shown.length(); i++) {
            escape(shown.charAt(i), out);
        }
        out.append('"');
        if (shown.length() < text.length()) {
            out.append('\u2026');
        }
        return out.toString();
    }

    static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            case '\0': out.append("\\0"); break;
            case '\\': out.append("\\\\"); break;
            case '"': out.append("\\\""); break;
            default:
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
        }
    }
}
