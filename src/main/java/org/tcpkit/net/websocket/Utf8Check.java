package org.tcpkit.net.websocket;

/**
 * Checks UTF-8 as it arrives, a byte at a time, across the frames of one message (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF), as RFC 6455 asks of a text message: it must be valid UTF-8 whole,
 * though a frame may end in the middle of a character.
 */
final class Utf8Check {
    /** Bytes still owed by the character under way. */
    private int needed;
    /** The smallest and largest value the next continuation byte may have (they narrow the second byte only). */
    private int low = 0x80;
    private int high = 0xBF;

    /** Takes one byte; false when the text is not UTF-8 from here on. */
    boolean take(int b) {
        if (needed == 0) {
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            return true;
        }
        if (b < low || b > high) {
            return false;
        }
        low = 0x80;
        high = 0xBF;
        needed--;
        return true;
    }

    /** Whether the text so far ends on a character's edge. */
    boolean complete() {
        return needed == 0;
    }

    /** Starts a new message. */
    void reset() {
        needed = 0;
        low = 0x80;
        high = 0xBF;
    }

    /** Whether {@code bytes[offset, offset + length)} is UTF-8, whole. */
    static boolean valid(byte[] bytes, int offset, int length) {
        Utf8Check check = new Utf8Check();
        for (int i = offset; i < offset + length; i++) {
            if (!check.take(bytes[i] & 0xFF)) {
                return false;
            }
        }
        return check.complete();
    }
}
