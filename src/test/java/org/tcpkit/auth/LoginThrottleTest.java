package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void delaysStartAfterThreeFailuresAndDoubleUpToTheCap() {
        long[] expected = {0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (long delay : expected) {
            assertEquals(delay, throttle.delayMillis("alice", "10.0.0.1"));
            throttle.failed("alice", "10.0.0.1");
        }
    }

    @Test
    void anAccountsFailuresSlowThatAccountFromEveryAddressButNoOtherAccount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertEquals(2_000, throttle.delayMillis("ALICE", "10.9.9.9"));
        assertEquals(0, throttle.delayMillis("bob", "10.9.9.9"));
    }

    @Test
    void anAddressesFailuresSlowThatAddressForEveryAccount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertEquals(2_000, throttle.delayMillis("somebody", "10.0.0.1"));
        assertEquals(0, throttle.delayMillis("somebody", "10.0.0.2"));
    }

    @Test
    void successClearsTheCounts() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice", "10.0.0.1");
        assertEquals(0, throttle.delayMillis("alice", "10.0.0.1"));
    }

    @Test
    void countsAreForgottenAfterAQuietPeriod() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        now.addAndGet(LoginThrottle.FORGET_MILLIS + 1);
        assertEquals(0, throttle.delayMillis("alice", "10.0.0.1"));
    }
}
