package org.tcpkit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogSinkTest {
    private static final long BIG = 1L << 30;
    /** 2026-11-21 10:58:16.007 UTC, then whatever the test sets. */
    private final AtomicLong now = new AtomicLong(1_795_258_696_007L);

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("test.log");
    }

    private LogSink sink(long maxBytes, int files, ByteArrayOutputStream mirror) throws IOException {
        return new LogSink(new LogFile(log(), maxBytes, files), mirror, now::get, ZoneOffset.UTC);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String unstamped(String text) {
        return text.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[\\d+\\] ", "");
    }

    private String file(Path path) throws IOException {
        return unstamped(Files.readString(path, StandardCharsets.UTF_8));
    }

    @Test
    void stampsEveryLineWithTheTimeToTheMillisecond() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        sink.write(line("INFO A - one"));
        now.addAndGet(995);
        sink.write("INFO B - two\nINFO C - th".getBytes(StandardCharsets.UTF_8));
        now.addAndGet(1);
        sink.write("ree\n".getBytes(StandardCharsets.UTF_8));
        sink.close();
        String process = "[" + ProcessHandle.current().pid() + "] ";
        assertEquals("2026-11-21 10:58:16.007 " + process + "INFO A - one\n"
                + "2026-11-21 10:58:17.002 " + process + "INFO B - two\n"
                + "2026-11-21 10:58:17.002 " + process + "INFO C - three\n", Files.readString(log()));
    }

    @Test
    void flushDoesNotReachTheFileButSyncDoesAndOnlyWholeLines() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        sink.write(line("one"));
        sink.write("tw".getBytes(StandardCharsets.UTF_8));
        sink.flush();
        assertEquals("", file(log()));
        sink.sync();
        assertEquals("one\n", file(log()));
        sink.write(line("o"));
        sink.sync();
        assertEquals("one\ntwo\n", file(log()));
        sink.close();
    }

    @Test
    void mirrorGetsEveryLineTheFileGets() throws IOException {
        ByteArrayOutputStream mirror = new ByteArrayOutputStream();
        LogSink sink = sink(BIG, 5, mirror);
        sink.write(line("seen"));
        sink.sync();
        assertEquals("seen\n", unstamped(mirror.toString(StandardCharsets.UTF_8)));
        sink.close();
        assertEquals("seen\n", file(log()));
    }

    @Test
    void moreThanTheBufferIsWrittenInOrderWithLongLinesCut() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String text = "event " + i + " " + "x".repeat(i % 50);
            expected.append(text).append('\n');
            sink.write(line(text));
            if (i % 1000 == 0) {
                sink.sync();
            }
        }
        sink.write(line("y".repeat(100_000)));
        expected.append("y".repeat(LogSink.MAX_LINE)).append('\u2026').append('\n');
        sink.close();
        assertEquals(expected.toString(), file(log()));
    }

    @Test
    void controlBytesAreEscapedSoOneEventIsOneLine() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        sink.write(line("INFO x - name=evil\r2026-01-01 INFO forged \u001b[2J\ttab"));
        sink.close();
        assertEquals("INFO x - name=evil\\x0d2026-01-01 INFO forged \\x1b[2J\ttab\n", file(log()));
    }

    @Test
    void writesAfterCloseAreDropped() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        sink.write(line("kept"));
        sink.close();
        sink.write(line("dropped"));
        sink.sync();
        assertEquals("kept\n", file(log()));
    }

    @Test
    void rotatesBySizeKeepingTheNewestFilesAndWholeLines() throws IOException {
        LogSink sink = sink(4096, 3, null);
        int events = 2_000;
        for (int i = 0; i < events; i++) {
            sink.write(line(String.format("event %05d %s", i, "z".repeat(40))));
            if (i % 50 == 0) {
                sink.sync();
            }
        }
        sink.close();
        assertTrue(Files.exists(dir.resolve("test.log.1")));
        assertTrue(Files.exists(dir.resolve("test.log.2")));
        assertFalse(Files.exists(dir.resolve("test.log.3")), "only 3 files are kept");
        List<String> kept = new ArrayList<>();
        for (String name : List.of("test.log.2", "test.log.1", "test.log")) {
            Path path = dir.resolve(name);
            assertTrue(Files.size(path) <= 4096, name + " has " + Files.size(path) + " bytes");
            String text = file(path);
            assertTrue(text.endsWith("\n"), name + " ends with a whole line");
            kept.addAll(List.of(text.split("\n")));
        }
        // The newest events, consecutive and in order, each whole.
        int last = Integer.parseInt(kept.get(kept.size() - 1).substring(6, 11));
        assertEquals(events - 1, last);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(String.format("event %05d %s", last - kept.size() + 1 + i, "z".repeat(40)), kept.get(i));
        }
    }

    @Test
    void aDeletedOrMovedLogFileIsCreatedAgain() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        sink.write(line("before"));
        sink.sync();
        Files.move(log(), dir.resolve("moved.log"));
        sink.write(line("after move"));
        sink.sync();
        Files.delete(log());
        sink.write(line("after delete"));
        sink.close();
        assertEquals("before\n", file(dir.resolve("moved.log")));
        assertEquals("after delete\n", file(log()));
    }

    @Test
    void aFullBufferDropsWholeEventsWithoutBlockingAndCountsThem() throws IOException {
        LogSink sink = sink(BIG, 5, null);
        int events = 0;
        long started = System.nanoTime();
        // Nothing writes the buffer out here, so it fills and further events are dropped, not waited for.
        while (sink.unreported() == 0) {
            sink.write(line("event " + events++ + " " + "x".repeat(200)));
        }
        for (int i = 0; i < 100; i++) {
            sink.write(line("event " + events++ + " " + "x".repeat(200)));
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20));
        assertEquals(101, sink.unreported());
        sink.close();
        String text = file(log());
        assertTrue(text.contains("WARN log - 101 event(s) were not logged: events came faster than the log file "
                + "could take them\n"), text.substring(0, 200));
        long written = text.lines().filter(l -> l.startsWith("event ")).count();
        assertEquals(events - 101, written);
    }

    /**
     * A real full disk: a 256 KiB tmpfs. Events logged while it is full are lost and counted, never written
     * twice or torn; once there is room again, one line says how many were lost, then logging goes on.
     */
    @Test
    void aFullDiskLosesEventsWithACountAndNeverTearsOrRepeatsThem() throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectories(mount);
        org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs",
                mount.toString()), "needs root to mount a small tmpfs");
        try {
            Path logFile = mount.resolve("full.log");
            LogSink sink = new LogSink(new LogFile(logFile, BIG, 5), null, now::get, ZoneOffset.UTC);
            Path filler = mount.resolve("filler");
            byte[] block = new byte[4096];
            try (var out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException expected) {
                // The disk is full now.
            }
            for (int i = 0; i < 300; i++) {
                sink.write(line(String.format("lost %03d %s", i, "x".repeat(60))));
                if (i % 100 == 99) {
                    sink.sync();
                }
            }
            sink.sync();
            assertEquals(300, sink.unreported());
            Files.delete(filler);
            for (int i = 0; i < 10; i++) {
                sink.write(line("kept " + i));
            }
            sink.close();
            String text = file(logFile);
            List<String> lines = text.lines().toList();
            assertEquals("WARN log - 300 event(s) were not logged: cannot write the log file "
                    + "(No space left on device)", lines.get(0));
            assertEquals(List.of("kept 0", "kept 1", "kept 2", "kept 3", "kept 4", "kept 5", "kept 6", "kept 7",
                    "kept 8", "kept 9"), lines.subList(1, lines.size()));
        } finally {
            run("umount", mount.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void aLogFileIsReadableByItsOwnerAloneNewOrOld() throws Exception {
        Path fresh = log();
        new LogFile(fresh, BIG, 5).close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fresh)));
        Path old = fresh.resolveSibling("old.log");
        Files.writeString(old, "an older line\n");
        Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        new LogFile(old, BIG, 5).close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(old)));
        assertEquals("an older line\n", Files.readString(old));
    }
}
