package org.tcpkit.chat;

import java.util.function.LongSupplier;

/**
 * Flood control for one client, as IRC servers do it ("fakelag"): a token bucket of {@code burst} lines
 * refilled at {@code rate} lines a second. A line that finds the bucket empty is not dropped; it waits for
 * its token, so a paste goes out at the rate. Only a client that gets more than {@link #MAX_HELD} lines ahead
 * of the rate is disconnected (see {@link PacedLines}).
 */
public final class FloodGate {
    /** Lines a second, sustained, by default. */
    public static final int RATE = 5;
    /** Lines that may come at once, by default. */
    public static final int BURST = 10;
    /** Lines a client may have waiting for their turn; one more disconnects it. */
    public static final int MAX_HELD = 100;

    private final LongSupplier nanos;
    private final int rate;
    private final int burst;
    private double tokens;
    private long last;

    FloodGate(int rate, int burst, LongSupplier nanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.nanos = nanos;
        this.last = nanos.getAsLong();
    }

    public FloodGate(int rate, int burst) {
        this(rate, burst, System::nanoTime);
    }

    public int rate() {
        return rate;
    }

    /** Nanoseconds until the next line may go: 0 when it may go now. */
    public long nanosUntilNext() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 1e9 / rate);
    }

    /** Spends the token of one line that goes now (after {@link #nanosUntilNext()} said 0). */
    public void take() {
        refill();
        tokens = Math.max(0, tokens - 1);
    }

    /**
     * Counts {@code lines} more lines against the rate, as if the client had sent them (one message to several
     * targets, say): the lines that follow wait until they are paid for.
     */
    public void charge(int lines) {
        refill();
        tokens -= lines;
    }

    /** Lines that may go at once now (fractions count toward the next). */
    public double available() {
        refill();
        return tokens;
    }

    /** Whether the whole burst is available again: the client has been quiet long enough. */
    boolean rested() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
        last = now;
    }
}
