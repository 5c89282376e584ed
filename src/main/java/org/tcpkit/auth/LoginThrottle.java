package org.tcpkit.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing, per account and per address, however many connections guess at once.
 *
 * <p>After {@link #FREE_FAILURES} failed logins for one account, or from one address, each further password
 * check on that account or from that address needs a slot: the slots of one key are spaced by its delay,
 * 1 s and doubling with each failure up to {@link #MAX_DELAY_MILLIS}. An attempt takes the next free slot of
 * its account and of its address ({@link #reserve}) and waits for the later one, so N parallel guesses take
 * N delays: at most one check per delay per account and per address. Attempts still in progress count as
 * failures until they end, so parallel guesses cannot share the free ones. Nobody is locked out: an attempt
 * that would wait more than {@link #MAX_WAIT_MILLIS} is turned away at once, to try again later.
 *
 * <p>A success clears its account's and address's counts; counts are forgotten after {@link #FORGET_MILLIS}
 * without failures, and at most {@link #MAX_TRACKED} keys are kept (the oldest go first).
 */
public final class LoginThrottle {
    /** Failures allowed before delays start. */
    public static final int FREE_FAILURES = 3;
    /** The first delay. */
    public static final long BASE_DELAY_MILLIS = 1_000;
    /** The longest delay. */
    public static final long MAX_DELAY_MILLIS = 30_000;
    /** The longest an attempt waits for its slot; one that would wait longer is turned away. */
    public static final long MAX_WAIT_MILLIS = 60_000;
    /** How long a count is kept after its last failure. */
    public static final long FORGET_MILLIS = 15 * 60_000;
    /** Accounts and addresses tracked at once. */
    public static final int MAX_TRACKED = 10_000;
    /** {@link #reserve}'s answer when the attempt must be turned away. */
    public static final long TURNED_AWAY = -1;

    private final LongSupplier clock;
    private final long baseDelay;
    private final long maxDelay;
    private final Map<String, Key> keys = new LinkedHashMap<>(16, 0.75f, true);

    /** One account's or address's failures, attempts in progress and next free slot. */
    private static final class Key {
        int failures;
        int inProgress;
        long lastFailure;
        long nextFree;
    }

    public LoginThrottle() {
        this(System::currentTimeMillis, BASE_DELAY_MILLIS, MAX_DELAY_MILLIS);
    }

    LoginThrottle(LongSupplier clock) {
        this(clock, BASE_DELAY_MILLIS, MAX_DELAY_MILLIS);
    }

    /** A throttle with other delays, for tests that must not wait seconds. */
    public LoginThrottle(LongSupplier clock, long baseDelay, long maxDelay) {
        this.clock = clock;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * Takes a slot for one password check of {@code account} from {@code address}.
     *
     * @return milliseconds to wait before checking, or {@link #TURNED_AWAY}; every other answer must be
     *         followed by {@link #finished} once the check is done
     */
    public synchronized long reserve(String account, String address) {
        long now = clock.getAsLong();
        Key user = key(accountKey(account), now);
        Key from = key(addressKey(address), now);
        long at = Math.max(slot(user, now), slot(from, now));
        if (at - now > MAX_WAIT_MILLIS) {
            return TURNED_AWAY;
        }
        take(user, at);
        take(from, at);
        return at - now;
    }

    /** Ends an attempt that {@link #reserve} let through: counts a failure, or clears the counts. */
    public synchronized void finished(String account, String address, boolean succeeded) {
        long now = clock.getAsLong();
        for (String name : new String[] {accountKey(account), addressKey(address)}) {
            Key key = keys.get(name);
            if (key == null) {
                continue;
            }
            key.inProgress = Math.max(0, key.inProgress - 1);
            if (succeeded) {
                key.failures = 0;
                if (key.inProgress == 0) {
                    keys.remove(name);
                }
            } else {
                key.failures++;
                key.lastFailure = now;
            }
        }
    }

    /** Ends an attempt that {@link #reserve} let through but that checked nothing (the server was busy). */
    public synchronized void abandoned(String account, String address) {
        for (String name : new String[] {accountKey(account), addressKey(address)}) {
            Key key = keys.get(name);
            if (key != null) {
                key.inProgress = Math.max(0, key.inProgress - 1);
            }
        }
    }

    /** The delay the next attempt on this account from this address would have to wait, for messages. */
    public synchronized long delayMillis(String account, String address) {
        long now = clock.getAsLong();
        Key user = keys.get(accountKey(account));
        Key from = keys.get(addressKey(address));
        long at = Math.max(user == null ? now : slot(user, now), from == null ? now : slot(from, now));
        return at - now;
    }

    /** When the next check of this key may happen. */
    private long slot(Key key, long now) {
        int over = key.failures + key.inProgress - FREE_FAILURES;
        if (over < 0) {
            return now;
        }
        long delay = Math.min(maxDelay, baseDelay << Math.min(over, 20));
        return Math.max(now, key.nextFree) + delay;
    }

    private static void take(Key key, long at) {
        key.inProgress++;
        key.nextFree = Math.max(key.nextFree, at);
    }

    private Key key(String name, long now) {
        Key key = keys.get(name);
        if (key != null && key.inProgress == 0 && now - key.lastFailure > FORGET_MILLIS) {
            keys.remove(name);
            key = null;
        }
        if (key == null) {
            key = new Key();
            keys.put(name, key);
            if (keys.size() > MAX_TRACKED) {
                Iterator<Map.Entry<String, Key>> oldest = keys.entrySet().iterator();
                while (oldest.hasNext() && keys.size() > MAX_TRACKED) {
                    if (oldest.next().getValue().inProgress == 0) {
                        oldest.remove();
                    }
                }
            }
        }
        return key;
    }

    private static String accountKey(String account) {
        return "u:" + account.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
