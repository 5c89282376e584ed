package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IRC masks: the usual cases, agreement with a reference on random ones, and no blow-up on hostile ones. */
@Timeout(10)
class WildcardsTest {
    @Test
    void starsAndQuestionMarksMatchAsIrcSays() {
        assertTrue(Wildcards.matches("*", ""));
        assertTrue(Wildcards.matches("*", "alice"));
        assertTrue(Wildcards.matches("al*", "Alice"));
        assertTrue(Wildcards.matches("*CE", "alice"));
        assertTrue(Wildcards.matches("a?i*e", "alice"));
        assertTrue(Wildcards.matches("*l*c*", "alice"));
        assertTrue(Wildcards.matches("a**e", "ae"));
        assertFalse(Wildcards.matches("a?", "a"));
        assertFalse(Wildcards.matches("b*", "alice"));
        assertFalse(Wildcards.matches("*b", "alice"));
        assertFalse(Wildcards.matches("alice", "alicex"));
        assertFalse(Wildcards.matches("ab*ba", "aba"), "the head and tail may not overlap");
    }

    @Test
    void agreesWithARegularExpressionOnRandomMasks() {
        Random random = new Random(862);
        for (int i = 0; i < 20_000; i++) {
            String mask = random(random, "ab*?", random.nextInt(8));
            String text = random(random, "abAB", random.nextInt(10));
            StringBuilder regex = new StringBuilder();
            for (char c : mask.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            boolean expected = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(text).matches();
            assertEquals(expected, Wildcards.matches(mask, text), mask + " against " + text);
        }
    }

    @Test
    void aMaskThatMakesRegularExpressionsBacktrackForeverIsCheap() {
        String text = "a".repeat(150);
        for (int i = 0; i < 1000; i++) {
            assertFalse(Wildcards.matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
        }
        assertFalse(Wildcards.matches("*" + "a".repeat(Wildcards.MAX_MASK), text), "a mask too long matches nothing");
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
