package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreviewTest {
    private static String preview(byte[] bytes) {
        return Preview.of(bytes, 0, bytes.length);
    }

    @Test
    void escapesControlCharactersSoALogLineStaysOneLine() {
        assertEquals("\"a\\r\\n\\t\\0\\x1b\\\\\\\"\"", preview("a\r\n\t\0\u001b\\\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void showsUtf8TextAsText() {
        assertEquals("\"Привет\"", preview("Привет".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void replacesInvalidUtf8() {
        assertEquals("\"\uFFFD(\"", preview(new byte[] {(byte) 0xC3, 0x28}));
    }

    @Test
    void cutsLongDataWithAnEllipsis() {
        byte[] bytes = "z".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertEquals("\"" + "z".repeat(Preview.MAX_BYTES) + "\"\u2026", preview(bytes));
    }

    @Test
    void formatsIpv6PeersInBrackets() {
        assertEquals("[::1]:7777", Peers.format("::1", 7777));
        assertEquals("127.0.0.1:80", Peers.format("127.0.0.1", 80));
    }
}
