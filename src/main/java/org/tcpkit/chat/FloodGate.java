package org.tcpkit.chat;

import java.util.function.LongSupplier;

/**
 * Flood control for one client: a token bucket of {@code burst} lines refilled at {@code rate} lines a
 * second. A line that finds the bucket empty is dropped; the first such line brings a warning, and
 * {@link #KICK_AFTER} dropped lines after the warning disconnect the client. The warning is forgotten once
 * the bucket is full again.
 */
public final class FloodGate {
    /** Lines a second, sustained, by default. */
    public static final int RATE = 5;
    /** Lines that may come at once, by default. */
    public static final int BURST = 10;
    /** Lines dropped after the warning before the client is disconnected. */
    static final int KICK_AFTER = 10;

    /** What to do with a line. */
    enum Verdict { PASS, WARN, DROP, KICK }

    private final LongSupplier nanos;
    private final int rate;
    private final int burst;
    private double tokens;
    private long last;
    private boolean warned;
    private int droppedSinceWarning;

    FloodGate(int rate, int burst, LongSupplier nanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.nanos = nanos;
        this.last = nanos.getAsLong();
    }

    FloodGate(int rate, int burst) {
        this(rate, burst, System::nanoTime);
    }

    int rate() {
        return rate;
    }

    /** Accounts for one line from the client. */
    Verdict take() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
        if (tokens >= burst) {
            warned = false;
            droppedSinceWarning = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.PASS;
        }
        if (!warned) {
            warned = true;
            return Verdict.WARN;
        }
        droppedSinceWarning++;
        return droppedSinceWarning >= KICK_AFTER ? Verdict.KICK : Verdict.DROP;
    }
}
