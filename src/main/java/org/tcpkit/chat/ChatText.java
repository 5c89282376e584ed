package org.tcpkit.chat;

/**
 * Makes text from one member safe to show to the others: control characters (which move cursors and ring
 * bells), line and paragraph separators, and invisible format characters (bidi overrides and isolates that
 * reorder what follows, zero-width characters, the BOM) become {@code ?}. A zero-width joiner between two
 * symbols is kept, since that is how emoji such as families are written.
 */
public final class ChatText {
    /** The longest reason for leaving a room or the chat, in bytes of UTF-8. */
    public static final int MAX_REASON_BYTES = 200;

    private ChatText() {
    }

    /** {@code text} cut, at a character boundary, to at most {@code maxBytes} bytes of UTF-8. */
    public static String cut(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes > maxBytes) {
                return text.substring(0, i);
            }
            i += Character.charCount(c);
        }
        return text;
    }

    /** {@code text} with every character that could hide, reorder or control text replaced by '?'. */
    public static String neutralize(String text) {
        StringBuilder out = null;
        int previous = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (Character.getType(c) == Character.FORMAT && !emojiJoin(text, i, c, previous));
            if (unsafe && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append('?');
                } else {
                    out.appendCodePoint(c);
                }
            }
            previous = c;
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /** Whether the zero-width joiner at {@code i} sits between two symbols (or a symbol's variation selector). */
    private static boolean emojiJoin(String text, int i, int c, int previous) {
        if (c != 0x200D || i + 1 >= text.length()) {
            return false;
        }
        int next = text.codePointAt(i + 1);
        boolean before = Character.getType(previous) == Character.OTHER_SYMBOL || previous == 0xFE0F
                || (previous >= 0x1F3FB && previous <= 0x1F3FF);
        return before && Character.getType(next) == Character.OTHER_SYMBOL;
    }
}
