package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    /** One attempt after another, each failing: the wait before each check. */
    private long failOnce(String account, String address) {
        long wait = throttle.reserve(account, address);
        now.addAndGet(Math.max(0, wait));
        throttle.finished(account, address, false);
        return wait;
    }

    @Test
    void delaysStartAfterThreeFailuresAndDoubleUpToTheCap() {
        long[] expected = {0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (long delay : expected) {
            assertEquals(delay, failOnce("alice", "10.0.0.1"));
        }
    }

    @Test
    void parallelGuessesEachTakeTheirOwnSlot() {
        for (int i = 0; i < 3; i++) {
            failOnce("alice", "10.0.0." + i);
        }
        // Twenty connections guess at once, from twenty addresses: their checks are spaced, not shared.
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waits.add(throttle.reserve("alice", "10.1.0." + i));
        }
        assertEquals(List.of(1_000L, 3_000L, 7_000L, 15_000L, 31_000L), waits.subList(0, 5));
        for (long wait : waits.subList(5, 20)) {
            assertEquals(LoginThrottle.TURNED_AWAY, wait, "no more than a minute of attempts may wait");
        }
    }

    @Test
    void attemptsInProgressCountSoParallelGuessesCannotShareTheFreeOnes() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(throttle.reserve("bob", "10.2.0." + i));
        }
        assertEquals(List.of(0L, 0L, 0L, 1_000L, 3_000L), waits);
    }

    @Test
    void anAccountsFailuresSlowThatAccountFromEveryAddressButNoOtherAccount() {
        for (int i = 0; i < 4; i++) {
            failOnce("alice", "10.0.0." + i);
        }
        assertEquals(2_000, throttle.delayMillis("ALICE", "10.9.9.9"));
        assertEquals(0, throttle.delayMillis("bob", "10.9.9.9"));
    }

    @Test
    void anAddressesFailuresSlowThatAddressForEveryAccount() {
        for (int i = 0; i < 4; i++) {
            failOnce("user" + i, "10.0.0.1");
        }
        assertEquals(2_000, throttle.delayMillis("somebody", "10.0.0.1"));
        assertEquals(0, throttle.delayMillis("somebody", "10.0.0.2"));
    }

    @Test
    void successClearsTheCounts() {
        for (int i = 0; i < 5; i++) {
            failOnce("alice", "10.0.0.1");
        }
        now.addAndGet(throttle.reserve("alice", "10.0.0.1"));
        throttle.finished("alice", "10.0.0.1", true);
        assertEquals(0, throttle.delayMillis("alice", "10.0.0.1"));
    }

    @Test
    void countsAreForgottenAfterAQuietPeriod() {
        for (int i = 0; i < 5; i++) {
            failOnce("alice", "10.0.0.1");
        }
        now.addAndGet(LoginThrottle.FORGET_MILLIS + 1);
        assertEquals(0, throttle.reserve("alice", "10.0.0.1"));
    }
}
