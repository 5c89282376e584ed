package org.tcpkit.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded pool of direct buffers in power-of-two sizes. A socket channel reads into and writes from a
 * direct buffer without copying; allocating one is slow and its native memory is freed only when the garbage
 * collector gets to it, so buffers of connections that end come back here for the next ones. The pool holds
 * at most {@code maxPooledBytes} of idle buffers; beyond that a returned buffer is left to the collector.
 */
public final class DirectBuffers {
    /** The smallest buffer handed out. */
    public static final int MIN_SIZE = 256;

    private final int maxSize;
    private final long maxPooledBytes;
    private final ConcurrentLinkedQueue<ByteBuffer>[] free;
    private final AtomicLong pooledBytes = new AtomicLong();

    /**
     * @param maxSize        the largest buffer asked for (rounded up to a power of two)
     * @param maxPooledBytes how many bytes of idle buffers the pool keeps, at most
     */
    @SuppressWarnings("unchecked")
    public DirectBuffers(int maxSize, long maxPooledBytes) {
        this.maxSize = sizeFor(maxSize);
        this.maxPooledBytes = maxPooledBytes;
        this.free = new ConcurrentLinkedQueue[classOf(this.maxSize) + 1];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /** The buffer size {@link #take} gives for {@code size}: the power of two at or above it, at least 256. */
    public static int sizeFor(int size) {
        int at = Math.max(MIN_SIZE, size);
        return Integer.bitCount(at) == 1 ? at : Integer.highestOneBit(at) << 1;
    }

    /** The largest buffer this pool hands out. */
    public int maxSize() {
        return maxSize;
    }

    /** A cleared little-endian direct buffer of {@code sizeFor(size)} bytes, at most {@link #maxSize()}. */
    public ByteBuffer take(int size) {
        int capacity = Math.min(maxSize, sizeFor(size));
        ByteBuffer buffer = free[classOf(capacity)].poll();
        if (buffer != null) {
            pooledBytes.addAndGet(-capacity);
            return buffer.clear();
        }
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Returns a buffer from {@link #take} for reuse; null is ignored. The caller must not touch it again. */
    public void give(ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        int capacity = buffer.capacity();
        if (pooledBytes.addAndGet(capacity) > maxPooledBytes) {
            pooledBytes.addAndGet(-capacity);
            return;
        }
        free[classOf(capacity)].offer(buffer);
    }

    /** How many bytes of idle buffers the pool holds now. */
    public long pooledBytes() {
        return pooledBytes.get();
    }

    private static int classOf(int powerOfTwoSize) {
        return Integer.numberOfTrailingZeros(powerOfTwoSize) - Integer.numberOfTrailingZeros(MIN_SIZE);
    }
}
