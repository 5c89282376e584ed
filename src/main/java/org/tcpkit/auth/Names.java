package org.tcpkit.auth;

import java.text.Normalizer;

/** The rules for user names: 1 to 32 characters after trimming, no control characters, compared in NFC. */
public final class Names {
    /** The longest name, in characters (code points). */
    public static final int MAX_LENGTH = 32;

    private Names() {
    }

    /** The name as stored: surrounding white space removed, Unicode composed (NFC). */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /** Why {@code name} (already normalized) is not acceptable, or null when it is. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "a name needs at least 1 character";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "a name has at most " + MAX_LENGTH + " characters; that one has " + length;
        }
        boolean bad = name.codePoints().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || c == 0xFFFD);
        return bad ? "a name cannot contain control or invisible formatting characters" : null;
    }
}
