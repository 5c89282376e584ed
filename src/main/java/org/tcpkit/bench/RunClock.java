package org.tcpkit.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The phases of a run, shared by the coordinator and the worker threads: connect, warm up, measure. */
final class RunClock {
    private final CountDownLatch connects;
    private final long connectDeadline;
    private volatile boolean sending;
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;

    RunClock(int connections, long connectTimeoutNanos) {
        this.connects = new CountDownLatch(connections);
        this.connectDeadline = System.nanoTime() + connectTimeoutNanos;
    }

    void connectDone() {
        connects.countDown();
    }

    /** Waits until every connection has connected or failed. */
    boolean awaitConnects(long timeoutNanos) throws InterruptedException {
        return connects.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    long connectDeadline() {
        return connectDeadline;
    }

    /** Lets the workers send; measuring starts after the warm-up and lasts {@code durationNanos}. */
    void start(long now, long warmupNanos, long durationNanos) {
        measureStart = now + warmupNanos;
        measureEnd = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : measureStart + durationNanos;
        sending = true;
    }

    boolean sending() {
        return sending;
    }

    long measureStart() {
        return measureStart;
    }

    long measureEnd() {
        return measureEnd;
    }

    /** Whether a message sent at {@code sentAt} and echoed at {@code echoedAt} counts. */
    boolean measures(long sentAt, long echoedAt) {
        return sentAt >= measureStart && echoedAt <= measureEnd;
    }
}
