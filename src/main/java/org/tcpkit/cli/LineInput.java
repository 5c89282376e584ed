package org.tcpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Standard input as lines, decoded as UTF-8 and split at LF or CRLF only: empty lines are kept, and U+0085,
 * U+2028 or U+2029 travel inside a line unchanged (unlike {@code Scanner.nextLine()}, which splits there,
 * and unlike a delimiter-based {@code Scanner}, which drops an empty first line).
 */
final class LineInput {
    /** The longest line accepted, in characters, so input without line breaks cannot exhaust memory. */
    static final int MAX_LINE_CHARS = 8 * 1024 * 1024;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean ended;

    LineInput(InputStream in) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * The next line without its line break, or null at end of input. A last line without a line break is
     * returned as a line.
     *
     * @throws IOException if reading fails or a line is longer than {@link #MAX_LINE_CHARS}
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && !fill()) {
                return line == null ? null : stripCr(line);
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(Math.max(16, position - start));
            }
            line.append(buffer, start, position - start);
            if (line.length() > MAX_LINE_CHARS) {
                throw new IOException("an input line is longer than " + MAX_LINE_CHARS + " characters");
            }
            if (position < limit) {
                position++;
                return stripCr(line);
            }
        }
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int count = in.read(buffer, 0, buffer.length);
        if (count < 0) {
            ended = true;
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }

    private static String stripCr(StringBuilder line) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }
}
