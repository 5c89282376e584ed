package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGateTest {
    private final AtomicLong now = new AtomicLong();
    private final FloodGate gate = new FloodGate(5, 10, now::get);

    @Test
    void aBurstPassesThenWarnsThenDropsThenKicks() {
        for (int i = 0; i < 10; i++) {
            assertEquals(FloodGate.Verdict.PASS, gate.take());
        }
        assertEquals(FloodGate.Verdict.WARN, gate.take());
        for (int i = 1; i < FloodGate.KICK_AFTER; i++) {
            assertEquals(FloodGate.Verdict.DROP, gate.take());
        }
        assertEquals(FloodGate.Verdict.KICK, gate.take());
    }

    @Test
    void theSustainedRatePassesForever() {
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(200_000_000L);
            assertEquals(FloodGate.Verdict.PASS, gate.take());
        }
    }

    @Test
    void theWarningIsForgottenOnceTheBucketRefills() {
        for (int i = 0; i < 10; i++) {
            gate.take();
        }
        assertEquals(FloodGate.Verdict.WARN, gate.take());
        now.addAndGet(3_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertEquals(FloodGate.Verdict.PASS, gate.take());
        }
        assertEquals(FloodGate.Verdict.WARN, gate.take());
    }
}
