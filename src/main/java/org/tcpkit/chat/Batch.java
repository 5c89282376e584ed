package org.tcpkit.chat;

import java.util.Arrays;

/**
 * The bytes one writer sends with its next writes: grown as lines are added, and let go when it has grown
 * larger than what a member usually needs, so an idle member keeps little.
 */
final class Batch {
    /** The first buffer. */
    private static final int MIN_BYTES = 256;
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int size;

    /** Makes room for {@code length} more bytes at once, rather than growing step by step as they come. */
    void reserve(long length) {
        long needed = size + length;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(needed, Math.max(MIN_BYTES, 2L * bytes.length))));
        }
    }

    void add(byte[] from, int offset, int length) {
        if (length == 0) {
            return;
        }
        reserve(length);
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Its buffer's size. */
    int capacity() {
        return bytes.length;
    }

    /** Empties it; keeps the buffer if it is at most {@code keep} bytes. */
    void clear(int keep) {
        size = 0;
        if (bytes.length > keep) {
            bytes = EMPTY;
        }
    }
}
