package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLimitsTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max processes             95614                95614                processes
            Max open files            20000                1048576              files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void theSoftLimitIsReadFromTheOpenFilesRow() {
        assertEquals(OptionalLong.of(20000), HostLimits.openFilesLimit(LIMITS));
        assertEquals(OptionalLong.empty(), HostLimits.openFilesLimit(LIMITS.replace("20000  ", "unlimited")));
        assertThrows(IllegalArgumentException.class, () -> HostLimits.openFilesLimit("Limit  Soft Limit\n"));
    }

    @Test
    void onLinuxTheFiguresAreTheOnesTheJvmReports() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/limits")), "no /proc here: the JVM's figures are used");
        assumeTrue(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean);
        UnixOperatingSystemMXBean jvm = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        assertEquals(OptionalLong.of(jvm.getMaxFileDescriptorCount()), HostLimits.fileDescriptorLimit());
        long ours = HostLimits.openFileDescriptors();
        long theirs = jvm.getOpenFileDescriptorCount();
        // Other tests' threads may open or close a file between the two counts.
        assertTrue(Math.abs(ours - theirs) <= 2, "counted " + ours + ", the JVM " + theirs);
    }

    @Test
    void filesOpenedAreCounted(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc here: the JVM's figures are used");
        Path file = Files.writeString(dir.resolve("f"), "x");
        List<FileChannel> opened = new ArrayList<>();
        try {
            long before = HostLimits.openFileDescriptors();
            for (int i = 0; i < 20; i++) {
                opened.add(FileChannel.open(file));
            }
            long after = HostLimits.openFileDescriptors();
            // Other tests' threads may open or close a few files meanwhile; twenty stand out of that.
            assertTrue(after - before >= 17 && after - before <= 23, "before " + before + ", after " + after);
        } finally {
            for (FileChannel channel : opened) {
                channel.close();
            }
        }
    }
}
