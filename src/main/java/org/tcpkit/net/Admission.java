package org.tcpkit.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections a process serves at once, in all and from each address: one budget, however many listeners
 * share it (a chat's line and IRC ports), so the process never holds more than the file and thread limits it
 * was sized for.
 */
public final class Admission {
    /** Why a connection was not let in. */
    public enum Refusal {
        /** The budget in all is spent. */
        FULL,
        /** Its address has its share already. */
        ADDRESS_FULL
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /**
     * @param maxConnections connections at once, in all
     * @param maxPerAddress  connections at once from one address; 0 for no limit
     */
    public Admission(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Connections let in and not yet let go. */
    public int open() {
        return open.get();
    }

    /** Counts a connection from {@code address}, or says why not (and counts nothing). */
    public Refusal admit(InetAddress address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return Refusal.FULL;
        }
        if (maxPerAddress <= 0) {
            return null;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < maxPerAddress) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return Refusal.ADDRESS_FULL;
        }
        return null;
    }

    /** Lets go of a connection from {@code address} that {@link #admit} counted. */
    public void release(InetAddress address) {
        open.decrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }
}
