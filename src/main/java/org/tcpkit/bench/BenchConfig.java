package org.tcpkit.bench;

import java.time.Duration;
import java.util.List;

/**
 * One bench run, as validated by the command line.
 *
 * @param host        server host
 * @param port        server port
 * @param mode        the kind of load
 * @param connections connections opened
 * @param size        message size in bytes, line feed included (2 or more)
 * @param window      bytes in flight per connection in bulk mode
 * @param warmup      time run before measuring (not in hold mode, nor with a message count)
 * @param duration    time measured, when {@code messages} is 0
 * @param messages    messages per connection instead of a duration; 0 to run for {@code duration}
 * @param ioThreads   selector threads driving the connections
 * @param timeout     how long connecting, and waiting for the last echoes, may take
 * @param hold        hold mode: how long to keep the connections open after every one has echoed
 * @param rate        chat mode: messages a second sent by all members together
 * @param stalled     chat mode: extra members that join and never read
 */
public record BenchConfig(String host, int port, BenchMode mode, int connections, int size, int window,
                          Duration warmup, Duration duration, long messages, int ioThreads, Duration timeout,
                          Duration hold, int rate, int stalled, List<Integer> morePorts) {
    /**
     * The port member {@code index} of a chat run connects to: {@link #port()}, or with {@code morePorts} (more
     * servers of one chat) each in turn.
     */
    public int portOf(int index) {
        return index % (1 + morePorts.size()) == 0 ? port : morePorts.get(index % (1 + morePorts.size()) - 1);
    }

    /** Messages a connection may have in flight at once. */
    int maxInFlight() {
        return mode == BenchMode.BULK ? Math.max(1, window / size) : 1;
    }

    /** Messages each connection sends in all, or {@link Long#MAX_VALUE} while the clock runs. */
    long messageLimit() {
        if (mode == BenchMode.HOLD) {
            return 1;
        }
        return messages > 0 ? messages : Long.MAX_VALUE;
    }
}
