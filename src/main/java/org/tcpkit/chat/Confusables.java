package org.tcpkit.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names that look alike to a person compare equal: the confusable skeleton of Unicode's UTS #39 (each character
 * replaced by the prototype it can be mistaken for: Cyrillic {@code о} and Latin {@code o}, dotless {@code ı} and
 * {@code i}, Latin alpha {@code ɑ} and {@code a}, Cherokee {@code Ꭺ} and {@code A}, the digit {@code 0} and
 * {@code O}), taken without regard to case, and with small capitals ({@code ʟ}) read as the letters they are.
 *
 * <p>The prototypes are Unicode's own data, as ICU computes them, kept in {@code confusables.txt} beside this
 * class; a test checks the file against ICU, and can write it anew for a new Unicode version.
 */
public final class Confusables {
    /** Where the table is, beside this class. */
    static final String TABLE = "confusables.txt";
    private static final Map<Integer, String> PROTOTYPES = load();
    /** The folded form of each ASCII character, for the names that are all ASCII. */
    private static final String[] ASCII = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = slowFold(String.valueOf(c));
        }
    }

    private Confusables() {
    }

    /**
     * The form names are compared in: compatibility forms folded (NFKC), lower case, the skeleton, lower case
     * again, over and over until nothing changes (a prototype may itself have one once in lower case). Case goes
     * first, so {@code Ian} and {@code ian} are one name, and a capital {@code I} is not read as an {@code l}.
     */
    public static String fold(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 128) {
                return slowFold(name);
            }
        }
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            out.append(ASCII[name.charAt(i)]);
        }
        return out.toString();
    }

    /** UTS #39's skeleton of {@code text}: NFD, each character replaced by its prototype, NFD again. */
    static String skeleton(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int c = nfd.codePointAt(i);
            String prototype = PROTOTYPES.get(c);
            if (prototype == null) {
                out.appendCodePoint(c);
            } else {
                out.append(prototype);
            }
            i += Character.charCount(c);
        }
        return Normalizer.normalize(out, Normalizer.Form.NFD);
    }

    private static String slowFold(String name) {
        String folded = name;
        for (int pass = 0; pass < 4; pass++) {
            String next = skeleton(Normalizer.normalize(folded, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                    .toLowerCase(Locale.ROOT);
            if (next.equals(folded)) {
                break;
            }
            folded = next;
        }
        return folded;
    }

    /** The table: lines of a character and its prototype, in hexadecimal code points; {@code #} starts a comment. */
    static Map<Integer, String> load() {
        Map<Integer, String> table = new HashMap<>(16_384);
        try (InputStream in = Confusables.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(" ");
                StringBuilder prototype = new StringBuilder();
                for (int i = 1; i < fields.length; i++) {
                    prototype.appendCodePoint(Integer.parseInt(fields[i], 16));
                }
                table.put(Integer.parseInt(fields[0], 16), prototype.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
