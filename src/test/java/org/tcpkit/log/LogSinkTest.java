package org.tcpkit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void flushDoesNotReachTheFileButSyncDoes() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = new LogSink(file, null);
        sink.write(line("one"));
        sink.flush();
        assertEquals(0, file.size());
        sink.sync();
        assertEquals("one\n", file.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mirrorGetsEveryByteAtOnce() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteArrayOutputStream mirror = new ByteArrayOutputStream();
        LogSink sink = new LogSink(file, mirror);
        sink.write(line("seen"));
        assertEquals("seen\n", mirror.toString(StandardCharsets.UTF_8));
        sink.close();
        assertEquals("seen\n", file.toString(StandardCharsets.UTF_8));
    }

    @Test
    void moreThanTheBufferIsWrittenInOrder() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = new LogSink(file, null);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String text = "event " + i + " " + "x".repeat(i % 50);
            expected.append(text).append('\n');
            sink.write(line(text));
        }
        byte[] big = line("y".repeat(100_000));
        sink.write(big);
        expected.append("y".repeat(100_000)).append('\n');
        sink.close();
        assertEquals(expected.toString(), file.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAfterCloseAreDropped() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = new LogSink(file, null);
        sink.write(line("kept"));
        sink.close();
        sink.write(line("dropped"));
        sink.sync();
        assertEquals("kept\n", file.toString(StandardCharsets.UTF_8));
    }
}
