package org.tcpkit.echo;

/**
 * Finds the line {@code exit} (ended by LF or CRLF) in a byte stream that arrives in arbitrary pieces.
 *
 * <p>A state machine over the bytes, so a line split across reads ({@code "ex"} then {@code "it\n"}) is
 * still found and nothing is buffered.
 */
final class ExitLineDetector {
    private static final byte[] WORD = {'e', 'x', 'i', 't'};
    /** Not at the start of a line, or the line already differs from {@code exit}. */
    private static final int OTHER = -1;
    /** {@code exit} followed by CR: one LF away from a match. */
    private static final int AFTER_CR = WORD.length + 1;

    /** OTHER, or how many bytes of the current line match so far (0 means at the start of a line). */
    private int state;

    /**
     * Scans {@code length} bytes at {@code offset}.
     *
     * @return the index just past the LF that ends an {@code exit} line, or -1 if none ends in this range
     */
    int scan(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (state == WORD.length || state == AFTER_CR) {
                    state = 0;
                    return i + 1;
                }
                state = 0;
            } else if (state >= 0 && state < WORD.length && b == WORD[state]) {
                state++;
            } else if (state == WORD.length && b == '\r') {
                state = AFTER_CR;
            } else {
                state = OTHER;
            }
        }
        return -1;
    }
}
