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
 * than the limit.
 */
public final class LineReader {
    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer = new byte[4096];
    private final byte[] line;
    private int position;
    private int limit;

    /** One line: its text, or why it was refused. */
    public record Line(String text, String problem) {
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
        this.line = new byte[maxLine + 1];
    }

    /**
     * The next line.
     *
     * @return the line, a refusal (too long, not UTF-8), or null when the client closed the connection
     */
    public Line read() throws IOException {
        int length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                int count = in.read(buffer, 0, buffer.length);
                if (count < 0) {
                    return null;
                }
                position = 0;
                limit = count;
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (tooLong || length > maxLine) {
                    return new Line(null, "that line is longer than " + maxLine + " bytes");
                }
                return decode(length);
            }
            if (length < line.length) {
                line[length++] = b;
            } else {
                tooLong = true;
            }
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
        return new SequenceInputStream(new ByteArrayInputStream(buffer, position, limit - position), next);
    }
}
