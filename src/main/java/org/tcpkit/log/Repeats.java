package org.tcpkit.log;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Keeps a flood of like events from flooding the log: the first event of a kind in a window is logged as
 * usual, the others of that window are only counted, and one line reports them when the window ends
 * ({@code client refused: the server is full ... and 1234 more in the last 10 s}). Events a client can
 * cause at will (refusals, failed accepts, failed handshakes) go through here.
 */
public final class Repeats {
    /** The window events of one kind are summarized over. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final long windowNanos;
    private final java.util.function.LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** One kind's current window: when it began and how many events it held back. */
    private static final class Window {
        final Level level;
        long startNanos;
        long heldBack;

        Window(Level level, long startNanos) {
            this.level = level;
            this.startNanos = startNanos;
        }
    }

    public Repeats(Logger log) {
        this(log, WINDOW);
    }

    Repeats(Logger log, Duration window) {
        this(log, window, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} counts them (a test's own clock) */
    Repeats(Logger log, Duration window, java.util.function.LongSupplier clock) {
        this.log = log;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /**
     * Logs an event of {@code kind} (a fixed text naming what happened, the summary's first words) unless
     * one of that kind was already logged in the current window, in which case it is counted.
     */
    public void log(Level level, String kind, String format, Object... arguments) {
        long now = clock.getAsLong();
        Window window = windows.computeIfAbsent(kind, k -> new Window(level, now - windowNanos));
        synchronized (window) {
            if (now - window.startNanos < windowNanos) {
                window.heldBack++;
                return;
            }
            report(kind, window);
            window.startNanos = now;
        }
        log.atLevel(level).log(format, arguments);
    }

    /** Reports the counts of windows that have ended; call it every second or so. */
    public void tick() {
        long now = clock.getAsLong();
        windows.forEach((kind, window) -> {
            synchronized (window) {
                if (window.heldBack > 0 && now - window.startNanos >= windowNanos) {
                    report(kind, window);
                }
            }
        });
    }

    /** Reports every count held back, whether or not its window has ended: when the server stops. */
    public void flush() {
        windows.forEach((kind, window) -> {
            synchronized (window) {
                report(kind, window);
            }
        });
    }

    private void report(String kind, Window window) {
        if (window.heldBack > 0) {
            log.atLevel(window.level).log("{} ... and {} more in the last {} s", kind, window.heldBack,
                    Math.max(1, windowNanos / 1_000_000_000L));
            window.heldBack = 0;
        }
    }
}
