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

    @Test
    void ipv6AddressesAreWrittenShortAsPeopleWriteThem() throws Exception {
        assertEquals("[::1]:17002", Peers.format(new java.net.InetSocketAddress(
                java.net.InetAddress.getByName("::1"), 17002)));
        assertEquals("::", Peers.compressed("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8::1", Peers.compressed("2001:db8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Peers.compressed("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:0:0:1::1", Peers.compressed("2001:0:0:1:0:0:0:1"));
        assertEquals("fe80::1%eth0", Peers.compressed("fe80:0:0:0:0:0:0:1%eth0"));
        assertEquals("::ffff:1", Peers.compressed("0:0:0:0:0:0:ffff:1"));
    }
}
