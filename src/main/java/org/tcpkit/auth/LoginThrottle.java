package org.tcpkit.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed logins for one account, or from one
 * address, each further attempt on that account or from that address waits first, 1 s and doubling up to
 * {@link #MAX_DELAY_MILLIS}. Nobody is locked out, and other accounts and addresses are not slowed. A success
 * clears the account's and the address's counts; counts are forgotten after {@link #FORGET_MILLIS} without
 * failures, and at most {@link #MAX_TRACKED} keys are kept (the oldest go first).
 */
public final class LoginThrottle {
    /** Failures allowed before delays start. */
    public static final int FREE_FAILURES = 3;
    /** The first delay. */
    public static final long BASE_DELAY_MILLIS = 1_000;
    /** The longest delay. */
    public static final long MAX_DELAY_MILLIS = 30_000;
    /** How long a count is kept after its last failure. */
    public static final long FORGET_MILLIS = 15 * 60_000;
    /** Accounts and addresses tracked at once. */
    public static final int MAX_TRACKED = 10_000;

    private final LongSupplier clock;
    private final Map<String, Failures> counts = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Failures {
        int count;
        long last;
    }

    public LoginThrottle() {
        this(System::currentTimeMillis);
    }

    LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** How long to wait before checking a password for {@code account} from {@code address}. */
    public synchronized long delayMillis(String account, String address) {
        return Math.max(delayFor(accountKey(account)), delayFor(addressKey(address)));
    }

    /** Counts a failed login. */
    public synchronized void failed(String account, String address) {
        bump(accountKey(account));
        bump(addressKey(address));
    }

    /** Clears the counts after a successful login. */
    public synchronized void succeeded(String account, String address) {
        counts.remove(accountKey(account));
        counts.remove(addressKey(address));
    }

    private long delayFor(String key) {
        Failures failures = counts.get(key);
        if (failures == null) {
            return 0;
        }
        if (clock.getAsLong() - failures.last > FORGET_MILLIS) {
            counts.remove(key);
            return 0;
        }
        int over = failures.count - FREE_FAILURES;
        if (over < 0) {
            return 0;
        }
        return Math.min(MAX_DELAY_MILLIS, BASE_DELAY_MILLIS << Math.min(over, 20));
    }

    private void bump(String key) {
        Failures failures = counts.computeIfAbsent(key, k -> new Failures());
        long now = clock.getAsLong();
        if (now - failures.last > FORGET_MILLIS) {
            failures.count = 0;
        }
        failures.count++;
        failures.last = now;
        if (counts.size() > MAX_TRACKED) {
            Iterator<String> oldest = counts.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static String accountKey(String account) {
        return "u:" + account.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
