package org.tcpkit.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What this process may still open, read from Linux's {@code /proc} and cgroup files (else from the JVM):
 * file descriptors (the soft limit, which the JVM raises to the hard one at start by default) and threads
 * (the system's pid and thread limits, and the cgroup's {@code pids.max}, less what is in use). Where a
 * figure cannot be read, it is unknown and sets no bound.
 */
public final class HostLimits {
    private HostLimits() {
    }

    /**
     * The file descriptor limit of this process (its soft limit), from {@code /proc/self/limits}, else as the
     * JVM reports it. /proc first: asking the JVM starts its management beans, tens of milliseconds of a
     * server's start.
     */
    public static OptionalLong fileDescriptorLimit() {
        try {
            return openFilesLimit(read(Path.of("/proc/self/limits")));
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                long max = unix.getMaxFileDescriptorCount();
                return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
            }
            return OptionalLong.empty();
        }
    }

    /**
     * The soft limit in the "Max open files" row of a {@code /proc/PID/limits} text; none when unlimited.
     *
     * @throws IllegalArgumentException when the text has no such row
     */
    static OptionalLong openFilesLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
            }
        }
        throw new IllegalArgumentException("no \"Max open files\" row");
    }

    /** File descriptors this process has open now (the entries of {@code /proc/self/fd}), or 0 if unknown. */
    public static long openFileDescriptors() {
        long entries = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path ignored : fds) {
                entries++;
            }
            return Math.max(0, entries - 1);  // the listing's own descriptor
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return Math.max(0, unix.getOpenFileDescriptorCount());
            }
            return 0;
        }
    }

    /** How many more threads the system and this process's cgroup would let it start, if known. */
    public static OptionalLong threadHeadroom() {
        OptionalLong tasks = runningTasks();
        long headroom = Long.MAX_VALUE;
        if (tasks.isPresent()) {
            for (String file : List.of("/proc/sys/kernel/pid_max", "/proc/sys/kernel/threads-max")) {
                OptionalLong max = number(Path.of(file));
                if (max.isPresent()) {
                    headroom = Math.min(headroom, max.getAsLong() - tasks.getAsLong());
                }
            }
        }
        for (Path group : pidsCgroups()) {
            OptionalLong max = number(group.resolve("pids.max"));
            OptionalLong current = number(group.resolve("pids.current"));
            if (max.isPresent() && current.isPresent()) {
                headroom = Math.min(headroom, max.getAsLong() - current.getAsLong());
            }
        }
        return headroom == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, headroom));
    }

    /** Tasks (processes and threads) on the whole system: the fourth field of /proc/loadavg, "1/123". */
    private static OptionalLong runningTasks() {
        try {
            String[] fields = read(Path.of("/proc/loadavg")).split("\\s+");
            return OptionalLong.of(Long.parseLong(fields[3].substring(fields[3].indexOf('/') + 1)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** This process's pids cgroup directories, v1 ("N:pids:/path") and v2 ("0::/path"). */
    private static List<Path> pidsCgroups() {
        try {
            List<Path> groups = new java.util.ArrayList<>();
            for (String line : read(Path.of("/proc/self/cgroup")).split("\n")) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                String relative = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
                if (parts[1].equals("pids")) {
                    groups.add(Path.of("/sys/fs/cgroup/pids").resolve(relative));
                } else if (parts[1].isEmpty()) {
                    groups.add(Path.of("/sys/fs/cgroup").resolve(relative));
                    groups.add(Path.of("/sys/fs/cgroup/unified").resolve(relative));
                }
            }
            return groups;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * A small kernel file's text, trimmed. Read as a stream: these files report a size that is not their
     * length (0, or less than the text), which a read sized by the file's length would believe.
     */
    private static String read(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    private static OptionalLong number(Path file) {
        try {
            String text = read(file);
            return text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
