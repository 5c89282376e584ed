package org.tcpkit.net.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tcpkit.testing.Frames;

/** RFC 6455's own examples and rules, on the framing alone. */
class WebSocketTest {
    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static final byte[] MASK = bytes(0x37, 0xfa, 0x21, 0x3d);

    /** What the server reads from {@code frames}, and what it sent back. */
    private record Read(String text, byte[] sent, String reason) {
    }

    private static Read read(byte[] frames, boolean binary) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WebSocket socket = new WebSocket(new ByteArrayInputStream(frames), sent, binary);
        InputStream in = socket.input();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            text.write(buffer, 0, n);
        }
        return new Read(text.toString(StandardCharsets.UTF_8), sent.toByteArray(), socket.closeReason());
    }

    /** The status code of the close frame at the end of what the server sent. */
    private static int closeCode(byte[] sent) {
        for (int i = 0; i + 3 < sent.length; i++) {
            if ((sent[i] & 0xFF) == 0x88) {
                return ((sent[i + 2] & 0xFF) << 8) | (sent[i + 3] & 0xFF);
            }
        }
        return -1;
    }

    @Test
    void theAcceptValueIsTheRfcsExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocket.accept("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(WebSocket.validKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertFalse(WebSocket.validKey("c2hvcnQ="), "a key of 5 bytes");
        assertFalse(WebSocket.validKey("not base64!"));
    }

    @Test
    void theRfcsMaskedHelloAndItsFragmentsReadAsOneLineEach() throws IOException {
        byte[] hello = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(hello);
        frames.writeBytes(Frames.masked(0x01, "Hel".getBytes(StandardCharsets.UTF_8), MASK));
        // A ping between the fragments is answered in passing (RFC 6455, 5.4).
        frames.writeBytes(Frames.masked(0x89, "Hello".getBytes(StandardCharsets.UTF_8), MASK));
        frames.writeBytes(Frames.masked(0x80, "lo".getBytes(StandardCharsets.UTF_8), MASK));
        frames.writeBytes(Frames.masked(0x88, bytes(0x03, 0xe8), MASK));
        Read read = read(frames.toByteArray(), false);
        assertEquals("Hello\r\nHello\r\n", read.text());
        byte[] pong = bytes(0x8a, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertArrayEquals(pong, java.util.Arrays.copyOfRange(read.sent(), 0, pong.length),
                "the RFC's unmasked pong of Hello");
        assertEquals(1000, closeCode(read.sent()), "the client's close answered with its code");
    }

    @Test
    void linesGoOutOneMessageEachUnmaskedAsTheRfcsExamplesAndAcrossWrites() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WebSocket socket = new WebSocket(new ByteArrayInputStream(new byte[0]), sent, false);
        byte[] lines = "Hello\r\nWor".getBytes(StandardCharsets.UTF_8);
        socket.output().write(lines, 0, lines.length);
        socket.output().write("ld\r\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertArrayEquals(bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x81, 0x05, 'W', 'o', 'r', 'l', 'd'),
                sent.toByteArray());
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        WebSocket other = new WebSocket(new ByteArrayInputStream(new byte[0]), binary, true);
        byte[] line = ("x".repeat(256) + "\r\n").getBytes(StandardCharsets.UTF_8);
        other.output().write(line, 0, line.length);
        assertArrayEquals(bytes(0x82, 0x7e, 0x01, 0x00), java.util.Arrays.copyOf(binary.toByteArray(), 4),
                "256 bytes: the RFC's 16-bit length");
        assertArrayEquals(bytes(0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0), WebSocket.header(0x2, 65536),
                "64 KiB: the RFC's 64-bit length");
    }

    @Test
    void aMessageOfTheLargestSizeIsReadWholeWhateverItsFramesAndCharacters() throws IOException {
        // 8,190 bytes of one-, two- and three-byte characters, and 2 more: characters cross every read's edge.
        String big = "a\u00e9\u4e2d".repeat(1365) + "ok";
        byte[] payload = big.getBytes(StandardCharsets.UTF_8);
        assertEquals(WebSocket.MAX_MESSAGE, payload.length);
        Read one = read(Frames.masked(0x81, payload, MASK), false);
        assertEquals(big + "\r\n", one.text(), "in one frame");
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int from = 0; from < payload.length; from += 1000) {
            byte[] piece = java.util.Arrays.copyOfRange(payload, from, Math.min(payload.length, from + 1000));
            boolean last = from + 1000 >= payload.length;
            pieces.writeBytes(Frames.masked((last ? 0x80 : 0) | (from == 0 ? 0x1 : 0x0), piece, MASK));
            pieces.writeBytes(Frames.masked(0x89, bytes('p'), MASK));
        }
        Read nine = read(pieces.toByteArray(), false);
        assertEquals(big + "\r\n", nine.text(), "in nine frames, pings between them");
        assertEquals("the connection ended without a close frame", nine.reason(), "no fault found in it");
    }

    @Test
    void everyFaultClosesWithItsStatus() throws IOException {
        byte[] text = "hi".getBytes(StandardCharsets.UTF_8);
        assertEquals(1002, closeCode(read(bytes(0x81, 0x02, 'h', 'i'), false).sent()), "unmasked");
        assertEquals(1002, closeCode(read(Frames.masked(0xC1, text, MASK), false).sent()), "a reserved bit");
        assertEquals(1002, closeCode(read(Frames.masked(0x83, text, MASK), false).sent()), "an unknown opcode");
        assertEquals(1002, closeCode(read(Frames.masked(0x80, text, MASK), false).sent()), "a continuation of nothing");
        assertEquals(1002, closeCode(read(Frames.masked(0x09, text, MASK), false).sent()), "a fragmented ping");
        ByteArrayOutputStream twoStarts = new ByteArrayOutputStream();
        twoStarts.writeBytes(Frames.masked(0x01, text, MASK));
        twoStarts.writeBytes(Frames.masked(0x01, text, MASK));
        assertEquals(1002, closeCode(read(twoStarts.toByteArray(), false).sent()), "a message inside a message");
        Read bad = read(Frames.masked(0x81, bytes(0x63, 0x61, 0x66, 0xe9), MASK), false);
        assertEquals(1007, closeCode(bad.sent()), "text that is not UTF-8");
        assertFalse(bad.text().contains("\r\n"), "no line comes of it: " + bad.text());
        assertEquals(1007, closeCode(read(Frames.masked(0x81, bytes(0xed, 0xa0, 0x80), MASK), false).sent()),
                "a surrogate is not UTF-8");
        assertEquals("caf\ufffd\r\n", read(Frames.masked(0x82, bytes(0x63, 0x61, 0x66, 0xe9), MASK), true).text(),
                "a binary message passes as it is: the IRC door answers its bad UTF-8 itself");
        assertEquals(1009, closeCode(read(Frames.masked(0x81, "x".repeat(WebSocket.MAX_MESSAGE + 1)
                .getBytes(StandardCharsets.UTF_8), MASK), false).sent()), "over the size");
        ByteArrayOutputStream forever = new ByteArrayOutputStream();
        forever.writeBytes(Frames.masked(0x01, text, MASK));
        for (int i = 0; i < 1000; i++) {
            forever.writeBytes(Frames.masked(0x00, text, MASK));
        }
        Read endless = read(forever.toByteArray(), false);
        assertEquals(1009, closeCode(endless.sent()), "fragments without end");
        assertTrue(endless.reason().contains("frames"), endless.reason());
    }

    @Test
    void aFloodOfPingsGetsABoundedNumberOfPongs() throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            frames.writeBytes(Frames.masked(0x89, "p".getBytes(StandardCharsets.UTF_8), MASK));
        }
        frames.writeBytes(Frames.masked(0x81, "after".getBytes(StandardCharsets.UTF_8), MASK));
        Read read = read(frames.toByteArray(), false);
        assertEquals("after\r\n", read.text());
        int pongs = 0;
        for (int i = 0; i + 2 < read.sent().length; i += 3) {
            pongs += (read.sent()[i] & 0xFF) == 0x8a ? 1 : 0;
        }
        assertTrue(pongs >= 1 && pongs <= 2 * WebSocket.PONGS_A_SECOND, pongs + " pongs for 1000 pings");
    }
}
