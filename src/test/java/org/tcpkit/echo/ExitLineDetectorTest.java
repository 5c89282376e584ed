package org.tcpkit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitLineDetectorTest {
    private static int scan(ExitLineDetector detector, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(bytes, 0, bytes.length);
    }

    @Test
    void findsExitAtStartWithLf() {
        assertEquals(5, scan(new ExitLineDetector(), "exit\nmore"));
    }

    @Test
    void findsExitWithCrLf() {
        assertEquals(6, scan(new ExitLineDetector(), "exit\r\n"));
    }

    @Test
    void findsExitAfterOtherLines() {
        assertEquals(11, scan(new ExitLineDetector(), "hello\nexit\n"));
    }

    @Test
    void findsExitSplitAcrossReads() {
        ExitLineDetector detector = new ExitLineDetector();
        assertEquals(-1, scan(detector, "abc\nex"));
        assertEquals(-1, scan(detector, "i"));
        assertEquals(-1, scan(detector, "t\r"));
        assertEquals(1, scan(detector, "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exits\n", " exit\n", "Exit\n", "xexit\n", "exit\r\r\n", "exit \n", "exi\nt\n", "exit"})
    void ignoresLinesThatAreNotExactlyExit(String text) {
        assertEquals(-1, scan(new ExitLineDetector(), text));
    }

    @Test
    void exitInsideALineDoesNotCount() {
        ExitLineDetector detector = new ExitLineDetector();
        assertEquals(-1, scan(detector, "say exit"));
        assertEquals(-1, scan(detector, "\n"));
        assertEquals(5, scan(detector, "exit\n"));
    }
}
