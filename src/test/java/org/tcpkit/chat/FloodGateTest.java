package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGateTest {
    private final AtomicLong now = new AtomicLong();
    private final FloodGate gate = new FloodGate(5, 10, now::get);

    @Test
    void aBurstGoesAtOnceThenEachLineWaitsForItsToken() {
        for (int i = 0; i < 10; i++) {
            assertEquals(0, gate.nanosUntilNext());
            gate.take();
        }
        assertEquals(200_000_000L, gate.nanosUntilNext());
        now.addAndGet(150_000_000L);
        assertEquals(50_000_000L, gate.nanosUntilNext());
        now.addAndGet(50_000_000L);
        assertEquals(0, gate.nanosUntilNext());
        gate.take();
        assertEquals(200_000_000L, gate.nanosUntilNext());
    }

    @Test
    void theSustainedRateNeverWaits() {
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(200_000_000L);
            assertEquals(0, gate.nanosUntilNext());
            gate.take();
        }
    }

    @Test
    void aQuietSpellRefillsTheBurstButNoMore() {
        for (int i = 0; i < 10; i++) {
            gate.take();
        }
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, gate.nanosUntilNext());
            gate.take();
        }
        assertTrue(gate.nanosUntilNext() > 0);
    }
}
