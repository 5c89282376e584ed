package org.tcpkit.chat;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The one nickname rule, for joining and for {@code /nick}: names that look the same to a person are the
 * same name.
 * <ul>
 *   <li>1 to {@link #MAX_LENGTH} characters after NFKC normalization, which turns compatibility forms
 *       (fullwidth letters, mathematical bold, ligatures) into the plain letters they stand for.</li>
 *   <li>No spaces, control, format or invisible characters (zero-width joiners, bidi controls, Hangul
 *       fillers), no combining marks on Latin, Greek or Cyrillic letters, and none of the characters the
 *       chat's lines are built from: {@code < > ( ) * ! @ # : ,} and a leading {@code /}.</li>
 *   <li>Letters of one script only (Japanese may mix Han and kana, Korean Han and Hangul); digits and
 *       {@code - _ . [ ] { } | ^ ` '} go with any script. Cyrillic, Greek, Arabic, Han ... names are welcome.</li>
 *   <li>Two names clash when they look alike ({@link Confusables}): {@code асе} in Cyrillic, {@code ɑce} with a
 *       Latin alpha and {@code ᎪᏟᎬ} in Cherokee all clash with {@code ace}.</li>
 * </ul>
 */
public final class Nicks {
    /** The longest nickname, in characters (code points). */
    public static final int MAX_LENGTH = 16;
    /** Characters the chat's lines are made of: {@code <nick>}, {@code (you)}, {@code *nick*}, {@code ! }. */
    static final String RESERVED = "<>()*!@#:,";
    private static final Set<UnicodeScript> JAPANESE =
            EnumSet.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
    private static final Set<UnicodeScript> KOREAN = EnumSet.of(UnicodeScript.HAN, UnicodeScript.HANGUL);
    private static final Set<UnicodeScript> NO_LOOSE_MARKS =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.GREEK, UnicodeScript.CYRILLIC);

    private Nicks() {
    }

    /** The nickname as used: surrounding white space removed, compatibility forms folded (NFKC). */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    }

    /** The form two nicknames are compared in: they clash when these are equal ({@link Confusables#fold}). */
    public static String fold(String nick) {
        return Confusables.fold(nick);
    }

    /**
     * Another name for someone whose name was taken: {@code nick} cut to leave room for {@code -} and four random
     * digits.
     */
    static String guest(String nick) {
        int keep = Math.min(nick.codePointCount(0, nick.length()), MAX_LENGTH - 5);
        String stem = nick.substring(0, nick.offsetByCodePoints(0, keep));
        return stem + "-" + String.format("%04d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000));
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
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        UnicodeScript previous = UnicodeScript.COMMON;
        for (int i = 0; i < nick.length(); ) {
            int c = nick.codePointAt(i);
            i += Character.charCount(c);
            if (invisible(c)) {
                return "a nickname cannot contain spaces, control or invisible characters";
            }
            if (RESERVED.indexOf(c) >= 0) {
                return "a nickname cannot contain any of " + String.join(" ", RESERVED.split(""));
            }
            int type = Character.getType(c);
            if ((type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK)
                    && NO_LOOSE_MARKS.contains(previous)) {
                return "a nickname cannot put combining marks on Latin, Greek or Cyrillic letters";
            }
            UnicodeScript script = UnicodeScript.of(c);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                scripts.add(script);
                previous = script;
            }
        }
        if (scripts.size() > 1 && !JAPANESE.containsAll(scripts) && !KOREAN.containsAll(scripts)) {
            return "a nickname cannot mix scripts (" + names(scripts) + ")";
        }
        return null;
    }

    /** Spaces, controls, format characters (bidi, zero-width) and characters that show as blank. */
    static boolean invisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || c == 0xFFFD || c == 0x115F || c == 0x1160
                || c == 0x3164 || c == 0xFFA0 || c == 0x034F || c == 0x2800 || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0xE0100 && c <= 0xE01EF);
    }

    private static String names(Set<UnicodeScript> scripts) {
        StringBuilder out = new StringBuilder();
        for (UnicodeScript script : scripts) {
            if (out.length() > 0) {
                out.append(" and ");
            }
            String name = script.name().toLowerCase(Locale.ROOT);
            out.append(Character.toUpperCase(name.charAt(0))).append(name.substring(1));
        }
        return out.toString();
    }
}
