package org.tcpkit.echo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds the line {@code exit} (ended by LF or CRLF) in a byte stream that arrives in arbitrary pieces.
 *
 * <p>Only a line feed can end an {@code exit} line, so the scan looks for line feeds eight bytes at a time
 * (a SWAR test on a {@code long}) and checks the few bytes before each one. The last bytes of an unfinished
 * line (at most five: {@code exit\r}) are carried over to the next piece, so a line split across reads
 * ({@code "ex"} then {@code "it\n"}) is still found. It reads heap and direct buffers alike, by absolute
 * index, leaving their positions alone.
 */
final class ExitLineDetector {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** The longest line that can still be an exit line: {@code exit\r}. */
    private static final int MAX_CARRY = 5;

    /** The unfinished line's bytes so far, when it is no longer than {@link #MAX_CARRY}. */
    private final byte[] carry = new byte[MAX_CARRY];
    /** The unfinished line's length, or more than {@link #MAX_CARRY} once it is too long to matter. */
    private int carried;

    /**
     * Scans {@code length} bytes at {@code offset}.
     *
     * @return the index just past the LF that ends an {@code exit} line, or -1 if none ends in this range
     */
    int scan(ByteBuffer bytes, int offset, int length) {
        int end = offset + length;
        int lineStart = offset;
        while (true) {
            int feed = indexOfLineFeed(bytes, lineStart, end);
            if (feed < 0) {
                carryOver(bytes, lineStart, end);
                return -1;
            }
            boolean exit = isExit(bytes, lineStart, feed);
            carried = 0;
            if (exit) {
                return feed + 1;
            }
            lineStart = feed + 1;
        }
    }

    /** Whether the carried bytes followed by {@code bytes[from, to)} read {@code exit} or {@code exit\r}. */
    private boolean isExit(ByteBuffer bytes, int from, int to) {
        int length = carried + (to - from);
        if (length != 4 && length != 5) {
            return false;
        }
        byte[] line = new byte[length];
        System.arraycopy(carry, 0, line, 0, carried);
        bytes.get(from, line, carried, to - from);
        return line[0] == 'e' && line[1] == 'x' && line[2] == 'i' && line[3] == 't'
                && (length == 4 || line[4] == '\r');
    }

    private void carryOver(ByteBuffer bytes, int from, int to) {
        int length = to - from;
        if (carried + length <= MAX_CARRY) {
            bytes.get(from, carry, carried, length);
            carried += length;
        } else {
            carried = MAX_CARRY + 1;
        }
    }

    /** The index of the first LF in {@code bytes[from, to)}, or -1. */
    static int indexOfLineFeed(ByteBuffer bytes, int from, int to) {
        int i = from;
        // Four words per test: long runs without a line feed cost one branch per 32 bytes.
        for (; i + 4 * Long.BYTES <= to; i += 4 * Long.BYTES) {
            long w0 = (long) LONGS.get(bytes, i) ^ LINE_FEEDS;
            long w1 = (long) LONGS.get(bytes, i + 8) ^ LINE_FEEDS;
            long w2 = (long) LONGS.get(bytes, i + 16) ^ LINE_FEEDS;
            long w3 = (long) LONGS.get(bytes, i + 24) ^ LINE_FEEDS;
            long any = ((w0 - ONES) & ~w0) | ((w1 - ONES) & ~w1) | ((w2 - ONES) & ~w2) | ((w3 - ONES) & ~w3);
            if ((any & HIGHS) != 0) {
                break;
            }
        }
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ LINE_FEEDS;
            long zeroBytes = (word - ONES) & ~word & HIGHS;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
