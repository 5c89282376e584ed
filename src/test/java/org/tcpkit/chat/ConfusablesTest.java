package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The look-alike table against ICU's implementation of UTS #39, and names that must and must not clash. Run
 * with {@code -Dtcpkit.confusables.write=true} to write the table anew from the ICU on the test class path.
 */
class ConfusablesTest {
    private static final Path SOURCE = Path.of("src/main/resources/org/tcpkit/chat", Confusables.TABLE);
    private static final Pattern SMALL_CAPITAL = Pattern.compile("(LATIN|GREEK|CYRILLIC) LETTER SMALL CAPITAL (.+)");

    /** The table as it should be: ICU's prototypes, and small capitals that are their own read as their letters. */
    private static Map<Integer, String> expected() {
        SpoofChecker spoof = new SpoofChecker.Builder().build();
        Normalizer2 nfd = Normalizer2.getNFDInstance();
        Map<Integer, String> table = new TreeMap<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                continue;
            }
            String one = new String(Character.toChars(c));
            if (!nfd.isNormalized(one)) {
                continue;
            }
            String prototype = spoof.getSkeleton(one);
            Matcher small = SMALL_CAPITAL.matcher(String.valueOf(UCharacter.getName(c)));
            if (prototype.equals(one) && small.matches()) {
                int letter = UCharacter.getCharFromName(small.group(1) + " SMALL LETTER " + small.group(2));
                if (letter >= 0) {
                    prototype = spoof.getSkeleton(new String(Character.toChars(letter)));
                }
            }
            if (!prototype.equals(one)) {
                table.put(c, prototype);
            }
        }
        return table;
    }

    @Test
    void theTableIsUnicodesAsIcuComputesIt() throws Exception {
        Map<Integer, String> expected = expected();
        if (Boolean.getBoolean("tcpkit.confusables.write")) {
            List<String> lines = new ArrayList<>();
            lines.add("# Confusable prototypes: Unicode's UTS #39 data as ICU " + com.ibm.icu.util.VersionInfo.ICU_VERSION
                    + " computes it (Unicode " + UCharacter.getUnicodeVersion() + "), for every character");
            lines.add("# that is its own NFD, and small capitals that are their own prototype read as their letters.");
            lines.add("# Each line: the character, then its prototype, in hexadecimal code points. Written by");
            lines.add("# ConfusablesTest with -Dtcpkit.confusables.write=true; do not edit by hand.");
            for (Map.Entry<Integer, String> entry : expected.entrySet()) {
                StringBuilder line = new StringBuilder(String.format("%04X", entry.getKey()));
                entry.getValue().codePoints().forEach(c -> line.append(String.format(" %04X", c)));
                lines.add(line.toString());
            }
            Files.write(SOURCE, lines, StandardCharsets.US_ASCII);
        }
        Map<Integer, String> table = Confusables.load();
        List<String> differences = new ArrayList<>();
        for (int c : expected.keySet()) {
            if (!expected.get(c).equals(table.get(c))) {
                differences.add(String.format("U+%04X", c));
            }
        }
        for (int c : table.keySet()) {
            if (!expected.containsKey(c)) {
                differences.add(String.format("U+%04X (not ICU's)", c));
            }
        }
        assertEquals(List.of(), differences.subList(0, Math.min(20, differences.size())),
                differences.size() + " characters differ from ICU's data: write the table anew");
    }

    @Test
    void skeletonsAreIcusOnMixedText() {
        SpoofChecker spoof = new SpoofChecker.Builder().build();
        Normalizer2 nfd = Normalizer2.getNFDInstance();
        Random random = new Random(39);
        String letters = "aаɑαlıiI1|0OоοmrnᎪᏟᎬéè\u0301\u0308ßẞｌ𝐥#-_.山田";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int j = 0; j < length; j++) {
                int at = letters.offsetByCodePoints(0, random.nextInt(letters.codePointCount(0, letters.length())));
                text.appendCodePoint(letters.codePointAt(at));
            }
            String s = text.toString();
            if (nfd.normalize(s).equals(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD))) {
                assertEquals(spoof.getSkeleton(s), Confusables.skeleton(s), s);
            }
        }
    }

    @Test
    void foldingTwiceChangesNothing() {
        for (int c = 0; c < 0x20000; c++) {
            if (Character.isDefined(c) && !Character.isSurrogate((char) c)) {
                String once = Confusables.fold(new String(Character.toChars(c)));
                assertEquals(once, Confusables.fold(once), String.format("U+%04X", c));
            }
        }
    }

    @Test
    void lookAlikeNamesClashAndOthersDoNot() {
        for (String same : List.of("alice", "Alice", "ALICE", "al\u0131ce", "\u0251lice", "a\u029Fice", "\uFF41lice",
                "\u0430lice", "a1ice")) {
            assertEquals(Confusables.fold("alice"), Confusables.fold(same), same);
        }
        assertEquals(Confusables.fold("ACE"), Confusables.fold("\u13AA\u13DF\u13AC"), "Cherokee");
        assertEquals(Confusables.fold("ace"), Confusables.fold("\u13AA\u13DF\u13AC".toLowerCase(java.util.Locale.ROOT)));
        for (String room : List.of("#LOBBY", "#\uFF4C\uFF4F\uFF42\uFF42\uFF59", "#l\u043Ebby",
                "#\uD835\uDC25\uD835\uDC28\uD835\uDC1B\uD835\uDC1B\uD835\uDC32")) {
            assertEquals(Confusables.fold("#lobby"), Confusables.fold(room), room);
        }
        for (String[] apart : new String[][] {{"alice", "alicia"}, {"bob", "rob"}, {"ann", "anna"},
                {"Олег", "Oleg"}, {"山田", "田山"}, {"#lab1", "#lab2"}}) {
            assertNotEquals(Confusables.fold(apart[0]), Confusables.fold(apart[1]), apart[0] + " " + apart[1]);
        }
    }
}
