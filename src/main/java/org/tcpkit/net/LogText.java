package org.tcpkit.net;

/**
 * Text from outside (exception messages, names a client chose, a TLS server name) made safe for one log line:
 * escaped as data previews are ({@code \r}, {@code \n}, {@code \x1b}, ...) and cut at a bound, so a client
 * can neither forge a log line nor flood one.
 */
public final class LogText {
    /** The most characters of one outside text a log line shows. */
    public static final int MAX_CHARS = 300;

    private LogText() {
    }

    /** {@code text} escaped, unquoted, cut at {@link #MAX_CHARS} with an ellipsis; "null" for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\\') {
                if (out == null) {
                    out = new StringBuilder(shown + 16).append(text, 0, i);
                }
                Preview.escape(c, out);
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null) {
            return shown == text.length() ? text : text.substring(0, shown) + '\u2026';
        }
        return shown == text.length() ? out.toString() : out.append('\u2026').toString();
    }
}
