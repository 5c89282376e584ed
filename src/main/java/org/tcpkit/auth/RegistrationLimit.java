package org.tcpkit.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Limits how many accounts one address may register: a bucket of {@code perHour} registrations per address,
 * refilled at {@code perHour} an hour, so a class behind one NAT address can register at once while a
 * script cannot fill the user file. At most {@link #MAX_TRACKED} addresses are kept (the oldest go first).
 */
public final class RegistrationLimit {
    /** Registrations per address per hour, by default. */
    public static final int DEFAULT_PER_HOUR = 30;
    static final int MAX_TRACKED = 10_000;
    private static final double HOUR_MILLIS = 3_600_000.0;

    private final int perHour;
    private final LongSupplier clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true);

    /** @param perHour registrations per address per hour; 0 for no limit */
    public RegistrationLimit(int perHour) {
        this(perHour, System::currentTimeMillis);
    }

    RegistrationLimit(int perHour, LongSupplier clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    /** The limit, for messages; 0 when there is none. */
    public int perHour() {
        return perHour;
    }

    /** Whether {@code address} may register now (without using up a registration). */
    public synchronized boolean available(String address) {
        return perHour == 0 || tokens(address)[0] >= 1;
    }

    /** Uses up one registration of {@code address}; false when it has none left. */
    public synchronized boolean take(String address) {
        if (perHour == 0) {
            return true;
        }
        double[] bucket = tokens(address);
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }

    /** The address's bucket, refilled up to now: {tokens, last refill time}. */
    private double[] tokens(String address) {
        long now = clock.getAsLong();
        double[] bucket = buckets.computeIfAbsent(address, key -> new double[] {perHour, now});
        bucket[0] = Math.min(perHour, bucket[0] + (now - bucket[1]) * perHour / HOUR_MILLIS);
        bucket[1] = now;
        if (buckets.size() > MAX_TRACKED) {
            Iterator<String> oldest = buckets.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return bucket;
    }
}
