package org.tcpkit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    /** 2026-11-21 10:58:16.007 UTC, then whatever the test sets. */
    private final AtomicLong now = new AtomicLong(1_795_258_696_007L);

    private LogSink sink(ByteArrayOutputStream file, ByteArrayOutputStream mirror) {
        return new LogSink(file, mirror, now::get, ZoneOffset.UTC);
    }

    @Test
    void stampsEveryLineWithTheTimeToTheMillisecond() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = sink(file, null);
        sink.write(line("INFO A - one"));
        now.addAndGet(995);
        sink.write("INFO B - two\nINFO C - th".getBytes(StandardCharsets.UTF_8));
        now.addAndGet(1);
        sink.write("ree\n".getBytes(StandardCharsets.UTF_8));
        sink.close();
        assertEquals("2026-11-21 10:58:16.007 INFO A - one\n"
                + "2026-11-21 10:58:17.002 INFO B - two\n"
                + "2026-11-21 10:58:17.002 INFO C - three\n", file.toString(StandardCharsets.UTF_8));
    }
    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String unstamped(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "");
    }

    @Test
    void flushDoesNotReachTheFileButSyncDoes() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = sink(file, null);
        sink.write(line("one"));
        sink.flush();
        assertEquals(0, file.size());
        sink.sync();
        assertEquals("one\n", unstamped(file));
    }

    @Test
    void mirrorGetsEveryByteAtOnce() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteArrayOutputStream mirror = new ByteArrayOutputStream();
        LogSink sink = sink(file, mirror);
        sink.write(line("seen"));
        assertEquals("seen\n", unstamped(mirror));
        sink.close();
        assertEquals("seen\n", unstamped(file));
    }

    @Test
    void moreThanTheBufferIsWrittenInOrder() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = sink(file, null);
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
        assertEquals(expected.toString(), unstamped(file));
    }

    @Test
    void writesAfterCloseAreDropped() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogSink sink = sink(file, null);
        sink.write(line("kept"));
        sink.close();
        sink.write(line("dropped"));
        sink.sync();
        assertEquals("kept\n", unstamped(file));
    }
}
