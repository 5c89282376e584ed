package org.tcpkit.chat;

/**
 * IRC masks ({@code *} any run of characters, {@code ?} one character), matched ignoring case and without
 * regular expressions (ngircd's {@code match.c} does without them too). The mask is cut at its stars: the first
 * piece must start the text, the last must end it, and each piece between is taken at its leftmost place,
 * which never loses a match, so nothing is tried twice. The cost is at most the mask's length times the
 * text's whatever the mask, where a backtracking pattern grows exponentially with the number of stars.
 */
public final class Wildcards {
    /** The longest mask looked at; nothing in the chat is longer than this, so a longer mask matches nothing. */
    public static final int MAX_MASK = 200;

    private Wildcards() {
    }

    /** Whether {@code text} matches {@code mask} as a whole, ignoring case. */
    public static boolean matches(String mask, String text) {
        if (mask.length() > MAX_MASK) {
            return false;
        }
        int star = mask.indexOf('*');
        if (star < 0) {
            return mask.length() == text.length() && pieceAt(mask, 0, mask.length(), text, 0);
        }
        // The piece before the first star starts the text; the piece after the last ends it.
        if (star > text.length() || !pieceAt(mask, 0, star, text, 0)) {
            return false;
        }
        int lastStar = mask.lastIndexOf('*');
        int tailLength = mask.length() - lastStar - 1;
        int tailAt = text.length() - tailLength;
        if (tailAt < star || !pieceAt(mask, lastStar + 1, mask.length(), text, tailAt)) {
            return false;
        }
        // Each piece between two stars goes at its leftmost place within what is left.
        int at = star;
        int from = star + 1;
        while (from < lastStar) {
            int to = mask.indexOf('*', from);
            if (to > from) {
                int found = find(mask, from, to, text, at, tailAt);
                if (found < 0) {
                    return false;
                }
                at = found + (to - from);
            }
            from = to + 1;
        }
        return true;
    }

    /** Where {@code mask[from, to)} first matches within {@code text[at, end)}, or -1. */
    private static int find(String mask, int from, int to, String text, int at, int end) {
        for (int i = at; i + (to - from) <= end; i++) {
            if (pieceAt(mask, from, to, text, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code mask[from, to)} (no stars) matches the text at {@code at}. */
    private static boolean pieceAt(String mask, int from, int to, String text, int at) {
        if (at + (to - from) > text.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char m = mask.charAt(i);
            char t = text.charAt(at + i - from);
            if (m != '?' && m != t && Character.toLowerCase(m) != Character.toLowerCase(t)) {
                return false;
            }
        }
        return true;
    }
}
