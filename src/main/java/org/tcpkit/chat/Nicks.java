package org.tcpkit.chat;

import java.text.Normalizer;
import java.util.Locale;

/** Nickname rules: 1 to 16 characters, no spaces or control characters, not starting with '/'. */
public final class Nicks {
    /** The longest nickname, in characters (code points). */
    public static final int MAX_LENGTH = 16;

    private Nicks() {
    }

    /** The nickname as used: surrounding white space removed, Unicode composed (NFC). */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /** The form two nicknames are compared in: they clash when these are equal. */
    public static String fold(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    /** Why {@code nick} (already normalized) cannot be used, or null when it can. */
    public static String problem(String nick) {
        if (nick.isEmpty()) {
            return "a nickname needs at least 1 character";
        }
        int length = nick.codePointCount(0, nick.length());
        if (length > MAX_LENGTH) {
            return "a nickname has at most " + MAX_LENGTH + " characters; that one has " + length;
        }
        if (nick.startsWith("/")) {
            return "a nickname cannot start with '/'";
        }
        boolean bad = nick.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == 0xFFFD);
        return bad ? "a nickname cannot contain spaces or control characters" : null;
    }
}
