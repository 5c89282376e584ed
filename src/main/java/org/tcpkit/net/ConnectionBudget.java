package org.tcpkit.net;

import java.util.OptionalLong;

/**
 * Lowers a server's connection limit to what the process can really hold, so that a client past the limit
 * is refused cleanly instead of the server running out of file descriptors or threads in the middle of
 * accepting. Each connection holds one file descriptor, and on platform threads (Java 17 to 20, or
 * {@code --threads platform}) one or two threads.
 */
public final class ConnectionBudget {
    /** File descriptors kept free beyond those open at start: log rotation, the user file, accepts in flight. */
    static final long FD_RESERVE = 64;
    /** Threads kept free for the JVM and the server's own threads. */
    static final long THREAD_RESERVE = 64;

    private ConnectionBudget() {
    }

    /** The limit to use and, when it is lower than asked for, why (one sentence for the console). */
    public record Cap(int allowed, String why) {
        public boolean lowered() {
            return why != null;
        }
    }

    /**
     * @param wanted               the limit asked for
     * @param threads              the thread mode of connections
     * @param threadsPerConnection platform threads each connection needs when threads are platform ones
     */
    public static Cap of(int wanted, ThreadMode threads, int threadsPerConnection) {
        return of(wanted, HostLimits.fileDescriptorLimit(), HostLimits.openFileDescriptors(),
                Threads.resolve(threads) == ThreadMode.PLATFORM ? HostLimits.threadHeadroom() : OptionalLong.empty(),
                threadsPerConnection);
    }

    static Cap of(int wanted, OptionalLong fdLimit, long fdOpen, OptionalLong threadHeadroom, int perConnection) {
        int allowed = wanted;
        String why = null;
        if (fdLimit.isPresent()) {
            long room = fdLimit.getAsLong() - fdOpen - FD_RESERVE;
            if (room < allowed) {
                allowed = (int) Math.max(1, room);
                why = "this process may open " + fdLimit.getAsLong() + " files (ulimit -n) and keeps "
                        + (fdOpen + FD_RESERVE) + " for itself";
            }
        }
        if (threadHeadroom.isPresent() && perConnection > 0) {
            long room = (threadHeadroom.getAsLong() - THREAD_RESERVE) / perConnection;
            if (room < allowed) {
                allowed = (int) Math.max(1, room);
                why = "the system lets this process start about " + threadHeadroom.getAsLong()
                        + " more threads, and each connection needs " + perConnection + " platform thread"
                        + (perConnection == 1 ? "" : "s") + " (Java 21 and later use virtual threads)";
            }
        }
        return new Cap(allowed, why);
    }
}
