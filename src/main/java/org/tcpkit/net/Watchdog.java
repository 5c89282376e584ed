package org.tcpkit.net;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.tcpkit.log.Repeats;

/**
 * A server's watchdog: closes idle, stalled and slow-handshake connections, and reports summarized events,
 * looking at most once a second, and at least four times within the shortest of its timeouts.
 */
final class Watchdog implements Runnable {
    /** How often idle, stalled and slow-handshake connections are looked for, at most. */
    private static final long PERIOD_MILLIS = 1_000;

    private final Set<Connection> open;
    private final long idleNanos;
    private final long periodMillis;
    private final BooleanSupplier stopping;
    private final Repeats repeats;

    /**
     * @param idle      how long a connection may go without a read or a write's progress; zero for no limit
     * @param handshake the TLS handshake's deadline, or null without TLS
     */
    Watchdog(Set<Connection> open, Duration idle, Duration handshake, BooleanSupplier stopping, Repeats repeats) {
        this.open = open;
        this.idleNanos = idle.toNanos();
        long period = PERIOD_MILLIS;
        if (idleNanos > 0) {
            period = Math.min(period, idle.toMillis() / 4);
        }
        if (handshake != null) {
            period = Math.min(period, handshake.toMillis() / 4);
        }
        this.periodMillis = Math.max(10, period);
        this.stopping = stopping;
        this.repeats = repeats;
    }

    @Override
    public void run() {
        while (!stopping.getAsBoolean()) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                if (connection.handshakeOverdue(now)) {
                    connection.closeFor(DisconnectReason.HANDSHAKE_TIMEOUT);
                } else if (idleNanos > 0 && connection.idleFor(now, idleNanos)) {
                    connection.closeFor(DisconnectReason.TIMEOUT);
                }
            }
            repeats.tick();
        }
    }
}
