package org.tcpkit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

class RepeatsTest {
    private final ConcurrentLinkedQueue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final EventRecordingLogger log = new EventRecordingLogger(new SubstituteLogger("test", events, false),
            events);

    private List<String> lines() {
        return events.stream().map(e -> e.getLevel() + " " + MessageFormatter.basicArrayFormat(e.getMessage(),
                e.getArgumentArray())).collect(Collectors.toList());
    }

    @Test
    void theFirstOfAKindIsLoggedAndTheRestAreCountedPerWindow() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        Repeats repeats = new Repeats(log, Duration.ofSeconds(2), now::get);
        for (int i = 0; i < 1000; i++) {
            repeats.log(Level.WARN, "client refused: the server is full", "client refused: {}", "10.0.0." + i);
        }
        repeats.log(Level.ERROR, "something else", "something else happened");
        repeats.tick();
        assertEquals(List.of("WARN client refused: 10.0.0.0", "ERROR something else happened"), lines());
        now.addAndGet(Duration.ofMillis(1_999).toNanos());
        repeats.tick();
        assertEquals(2, events.size(), "nothing is reported before the window ends");
        now.addAndGet(Duration.ofMillis(2).toNanos());
        repeats.tick();
        assertEquals("WARN client refused: the server is full ... and 999 more in the last 2 s", lines().get(2));
        repeats.tick();
        assertEquals(3, events.size(), "a window's count is reported once");
        repeats.log(Level.WARN, "client refused: the server is full", "client refused: {}", "10.0.1.1");
        assertEquals("WARN client refused: 10.0.1.1", lines().get(3));
    }
}
