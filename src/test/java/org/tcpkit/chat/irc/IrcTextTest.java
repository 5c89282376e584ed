package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IRC's line form: long text split into lines that fit, and a split that always ends. */
@Timeout(10)
class IrcTextTest {
    @Test
    void longTextIsSplitIntoLinesThatFitAndLosesNothing() {
        String head = ":alice!~alice@127.0.0.1 PRIVMSG #lobby :";
        String text = "Привет 👋 ".repeat(200);
        String[] lines = new String(IrcText.split(head, text, ""), StandardCharsets.UTF_8).split("\r\n");
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 510, line);
            assertTrue(line.startsWith(head), line);
            joined.append(line.substring(head.length()));
        }
        assertEquals(text, joined.toString());
    }

    @Test
    void aHeadLongerThanALineStillEnds() {
        String head = ":" + "h".repeat(4000) + " PRIVMSG #lobby :";
        byte[] out = IrcText.split(head, "text that has to go somewhere", "");
        String[] lines = new String(out, StandardCharsets.UTF_8).split("\r\n");
        assertTrue(lines.length <= "text that has to go somewhere".length(), lines.length + " lines");
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 510, "a line of " + line.length());
        }
    }

    @Test
    void wordsAreSpreadOverLinesThatFit() {
        List<String> words = java.util.Collections.nCopies(100, "#room-with-a-long-name");
        List<String> lines = IrcText.words(":tcpkit 319 alice bob :", words);
        int count = 0;
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 510, line);
            count += line.substring(":tcpkit 319 alice bob :".length()).split(" ").length;
        }
        assertEquals(100, count);
        assertEquals(List.of(), IrcText.words(":tcpkit 319 alice bob :", List.of()));
    }
}
