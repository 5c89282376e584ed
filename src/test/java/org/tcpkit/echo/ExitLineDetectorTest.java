package org.tcpkit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitLineDetectorTest {
    private static int scan(ExitLineDetector detector, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return detector.scan(ByteBuffer.wrap(bytes), 0, bytes.length);
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

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsLineFeedsAtEveryOffsetOfAWord(boolean direct) {
        for (int at = 0; at < 70; at++) {
            ByteBuffer bytes = direct ? ByteBuffer.allocateDirect(70) : ByteBuffer.allocate(70);
            for (int i = 0; i < 70; i++) {
                bytes.put(i, i == at ? (byte) '\n' : (byte) 0x8A);
            }
            assertEquals(at, ExitLineDetector.indexOfLineFeed(bytes, 0, 70));
            assertEquals(-1, ExitLineDetector.indexOfLineFeed(bytes, at + 1, 70));
        }
    }

    @Test
    void findsExitInADirectBufferAtAnOffsetAndLeavesItsPositionAlone() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(64);
        bytes.put("0123456789abcdefghijklmnopqrstuvwxyz\nexit\r\nrest".getBytes(StandardCharsets.US_ASCII));
        int position = bytes.position();
        assertEquals(43, new ExitLineDetector().scan(bytes, 3, position - 3));
        assertEquals(position, bytes.position());
        assertEquals(-1, new ExitLineDetector().scan(bytes, 3, 35));
    }

    @Test
    void findsExitSplitByteByByte() {
        ExitLineDetector detector = new ExitLineDetector();
        String text = "long line of data\r\nexit\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length - 1; i++) {
            assertEquals(-1, detector.scan(ByteBuffer.wrap(bytes), i, 1), "at byte " + i);
        }
        assertEquals(bytes.length, detector.scan(ByteBuffer.wrap(bytes), bytes.length - 1, 1));
    }

    @Test
    void aLongLineCarriedAcrossReadsIsNotMistakenForExit() {
        ExitLineDetector detector = new ExitLineDetector();
        assertEquals(-1, scan(detector, "abcdefgh"));
        assertEquals(-1, scan(detector, "exit\n"));
        assertEquals(5, scan(detector, "exit\n"));
    }

    @Test
    void exitInsideALineDoesNotCount() {
        ExitLineDetector detector = new ExitLineDetector();
        assertEquals(-1, scan(detector, "say exit"));
        assertEquals(-1, scan(detector, "\n"));
        assertEquals(5, scan(detector, "exit\n"));
    }
}
