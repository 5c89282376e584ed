package org.tcpkit.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines (ended by LF or CRLF) of at most a fixed number of bytes from a client. A longer line is
 * reported as such and its bytes are dropped as they arrive, so no client can make the server buffer more
 * than the limit. Its buffers start small and grow only while a client sends long lines or many at once, so
 * thousands of idle clients cost little.
 */
public final class LineReader {
    private static final int FIRST_BUFFER = 128;
    private static final int MAX_BUFFER = 4096;

    private final InputStream in;
    private final int maxLine;
    private byte[] buffer = new byte[FIRST_BUFFER];
    private byte[] line;
    private int position;
    private int limit;
    /** The line being read: kept across calls, so a read that times out mid-line loses nothing. */
    private int length;
    private boolean tooLong;

    /** One line: its text, or why it was refused ({@code tooLong} when for its length). */
    public record Line(String text, String problem, boolean tooLong) {
        public Line(String text, String problem) {
            this(text, problem, false);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * @param in      the client's input
     * @param maxLine the longest line accepted, in bytes, line break excluded
     */
    public LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
        this.line = new byte[Math.min(maxLine + 1, FIRST_BUFFER)];
    }

    /**
     * The next line.
     *
     * @return the line, a refusal (too long, not UTF-8), or null when the client closed the connection
     * @throws java.net.SocketTimeoutException when the socket has a read timeout and it passes; the part of a
     *         line read so far is kept for the next call
     */
    public Line read() throws IOException {
        while (true) {
            if (position == limit) {
                int count = in.read(buffer, 0, buffer.length);
                if (count < 0) {
                    return null;
                }
                position = 0;
                limit = count;
                if (count == buffer.length && buffer.length < MAX_BUFFER) {
                    byte[] larger = new byte[buffer.length * 2];
                    System.arraycopy(buffer, 0, larger, 0, count);
                    buffer = larger;
                }
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                boolean refused = tooLong || end > maxLine;
                length = 0;
                tooLong = false;
                if (refused) {
                    return new Line(null, "that line is longer than " + maxLine + " bytes", true);
                }
                return decode(end);
            }
            if (length == line.length && line.length < maxLine + 1) {
                line = java.util.Arrays.copyOf(line, Math.min(maxLine + 1, line.length * 2));
            }
            if (length < line.length) {
                line[length++] = b;
            } else {
                tooLong = true;
            }
        }
    }

    /**
     * Reads whatever the client sends until the input's deadline passes (a {@link java.net.SocketTimeoutException}
     * from the stream below), keeping it for the next {@link #read}; false when the client closed the connection
     * first. Once its buffer is full it returns at once, the client being far ahead.
     */
    public boolean idle() throws IOException {
        while (true) {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            if (limit == buffer.length) {
                return true;
            }
            int count;
            try {
                count = in.read(buffer, limit, buffer.length - limit);
            } catch (java.net.SocketTimeoutException e) {
                return true;
            }
            if (count < 0) {
                return false;
            }
            limit += count;
        }
    }

    private Line decode(int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length));
            return new Line(chars.toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(null, "that line is not valid UTF-8");
        }
    }

    /** {@code next}, with whatever was read ahead of the last line put back in front of it. */
    public InputStream remainingInput(InputStream next) {
        if (position == limit) {
            return next;
        }
        byte[] ahead = java.util.Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        return new SequenceInputStream(new ByteArrayInputStream(ahead), next);
    }
}
