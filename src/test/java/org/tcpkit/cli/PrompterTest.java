package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrompterTest {
    private final StringWriter shown = new StringWriter();

    private Prompter typing(String input) {
        return new Prompter(new LineInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))),
                new PrintWriter(shown, true));
    }

    @Test
    void emptyAnswerTakesTheDefaultShownInBrackets() {
        assertEquals(7777, typing("\n").askPort("Port", 7777));
        assertEquals("Port [7777]: ", shown.toString());
    }

    @Test
    void endOfInputTakesTheDefault() {
        assertEquals(7777, typing("").askPort("Port", 7777));
    }

    @Test
    void validAnswerIsTaken() {
        assertEquals(8080, typing(" 8080 \r\n").askPort("Port", 7777));
    }

    @Test
    void notANumberIsExplainedAndAskedAgain() {
        assertEquals(9000, typing("abc\n9000\n").askPort("Port", 7777));
        assertTrue(shown.toString().contains("'abc' is not a number"), shown.toString());
        assertEquals(2, count(shown.toString(), "Port [7777]: "));
    }

    @Test
    void portsOutsideTheRangeAreExplainedAndAskedAgain() {
        assertEquals(65535, typing("0\n70000\n-5\n65535\n").askPort("Port", 7777));
        String text = shown.toString();
        assertTrue(text.contains("'0' is outside the port range 1-65535"), text);
        assertTrue(text.contains("'70000' is outside the port range 1-65535"), text);
        assertTrue(text.contains("'-5' is outside the port range 1-65535"), text);
    }

    @Test
    void unresolvableHostIsExplainedAndAskedAgain() {
        assertEquals("127.0.0.1", typing("no-such-host.invalid\n127.0.0.1\n").askHost("Host", "localhost",
                Hosts::resolve));
        assertTrue(shown.toString().contains("'no-such-host.invalid' does not resolve"), shown.toString());
    }

    @Test
    void bindAddressMustBelongToThisMachine() {
        assertEquals("0.0.0.0", typing("192.0.2.55\n\n").askHost("Bind address", "0.0.0.0", Hosts::local));
        assertTrue(shown.toString().contains("is not an address of this machine"), shown.toString());
    }

    @Test
    void endlessInvalidInputFallsBackToTheDefault() {
        assertEquals(7777, typing("x\n".repeat(Prompter.MAX_ATTEMPTS + 5)).askPort("Port", 7777));
        assertTrue(shown.toString().contains("Too many invalid answers; using 7777"), shown.toString());
    }

    @Test
    void enterAtTheVeryFirstPromptTakesTheDefaultAndTheNextPromptStillReads() {
        Prompter prompter = typing("\n8080\n");
        assertEquals("localhost", prompter.askHost("Host", "localhost", Hosts::resolve));
        assertEquals(8080, prompter.askPort("Port", 7777));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    @org.junit.jupiter.api.Test
    void aListeningPortMayBeZeroAsWithTheOption() {
        assertEquals(0, typing("0\n").askListenPort("Port", 7777));
        assertEquals(9000, typing("0\n9000\n").askPort("Port", 7777));
    }
}
