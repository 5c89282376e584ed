package org.tcpkit.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bytes one connection sends, known in advance so every echoed byte can be checked against its position
 * in the stream.
 *
 * <p>Message {@code m} is {@code size} bytes: its number in decimal (up to 8 digits) so reordered or
 * repeated messages are caught, then a body of letters and digits that differs per connection, then a line
 * feed. No line can read {@code exit}, so a server that ends sessions on that line never does here. The body
 * is compared with {@link Arrays#mismatch}, which the JIT vectorizes, so checking costs little.
 */
final class StreamPattern {
    private static final byte[] ALPHABET =
            "ABCDFGHIJKLMNOPQRSTUVWXYZabcdfghijklmnopqrstuvwxyz0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long[] POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L};

    private final int size;
    private final int header;
    /** The whole message with a zero header; only the header changes from message to message. */
    private final byte[] template;

    StreamPattern(int size, long seed) {
        if (size < 2) {
            throw new IllegalArgumentException("message size must be at least 2");
        }
        this.size = size;
        this.header = Math.min(8, size - 1);
        this.template = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            template[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        Arrays.fill(template, 0, header, (byte) '0');
        template[size - 1] = '\n';
    }

    int size() {
        return size;
    }

    /** Writes message {@code index} into {@code target} at {@code offset}. */
    void write(long index, byte[] target, int offset) {
        System.arraycopy(template, 0, target, offset, size);
        for (int p = 0; p < header; p++) {
            target[offset + p] = digit(index, p);
        }
    }

    /**
     * Checks {@code length} received bytes that start at stream position {@code position}.
     *
     * @return the index of the first wrong byte within {@code bytes}, or -1 if all are as sent
     */
    int check(long position, byte[] bytes, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = position + done;
            long index = at / size;
            int inMessage = (int) (at % size);
            int run = Math.min(length - done, size - inMessage);
            int from = offset + done;
            int p = inMessage;
            for (; p < header && p < inMessage + run; p++) {
                if (bytes[from + p - inMessage] != digit(index, p)) {
                    return from + p - inMessage;
                }
            }
            int bodyStart = p;
            int bodyEnd = inMessage + run;
            if (bodyStart < bodyEnd) {
                int mismatch = Arrays.mismatch(bytes, from + bodyStart - inMessage, from + run,
                        template, bodyStart, bodyEnd);
                if (mismatch >= 0) {
                    return from + bodyStart - inMessage + mismatch;
                }
            }
            done += run;
        }
        return -1;
    }

    private byte digit(long index, int position) {
        long power = POWERS[header - 1 - position];
        return (byte) ('0' + (index / power) % 10);
    }
}
