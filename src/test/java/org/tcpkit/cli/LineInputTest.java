package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineInputTest {
    private static LineInput of(String text) {
        return new LineInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsEmptyLinesIncludingTheFirst() throws IOException {
        LineInput lines = of("\n\nx\n");
        assertEquals("", lines.readLine());
        assertEquals("", lines.readLine());
        assertEquals("x", lines.readLine());
        assertNull(lines.readLine());
    }

    @Test
    void splitsOnlyAtLfAndCrLf() throws IOException {
        LineInput lines = of("a\u2028b\u0085c\rd\r\nlast");
        assertEquals("a\u2028b\u0085c\rd", lines.readLine());
        assertEquals("last", lines.readLine());
        assertNull(lines.readLine());
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String longLine = "ю".repeat(20_000);
        LineInput lines = of(longLine + "\r\nnext\n");
        assertEquals(longLine, lines.readLine());
        assertEquals("next", lines.readLine());
    }

    @Test
    void refusesALineOverTheLimitInsteadOfBufferingForever() {
        LineInput lines = new LineInput(new java.io.InputStream() {
            private long left = LineInput.MAX_LINE_CHARS + 10L;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }
        });
        IOException e = assertThrows(IOException.class, lines::readLine);
        assertEquals("an input line is longer than " + LineInput.MAX_LINE_CHARS + " characters", e.getMessage());
    }
}
