package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DirectBuffersTest {
    @Test
    void sizesAreRoundedUpToPowersOfTwoFromTheMinimum() {
        assertEquals(256, DirectBuffers.sizeFor(1));
        assertEquals(256, DirectBuffers.sizeFor(256));
        assertEquals(512, DirectBuffers.sizeFor(257));
        assertEquals(65536, DirectBuffers.sizeFor(65536));
        assertEquals(131072, new DirectBuffers(100_000, 0).maxSize());
    }

    @Test
    void handsOutClearedLittleEndianDirectBuffersCappedAtTheMaximum() {
        DirectBuffers pool = new DirectBuffers(4096, 1 << 20);
        ByteBuffer buffer = pool.take(1_000_000);
        assertTrue(buffer.isDirect());
        assertEquals(4096, buffer.capacity());
        assertEquals(4096, buffer.remaining());
        assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order());
    }

    @Test
    void aReturnedBufferIsReusedClearedForItsOwnSizeOnly() {
        DirectBuffers pool = new DirectBuffers(4096, 1 << 20);
        ByteBuffer buffer = pool.take(1024);
        buffer.put(new byte[100]).flip();
        pool.give(buffer);
        assertEquals(1024, pool.pooledBytes());
        assertNotSame(buffer, pool.take(2048));
        ByteBuffer again = pool.take(1000);
        assertSame(buffer, again);
        assertEquals(0, again.position());
        assertEquals(1024, again.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, again.order());
        assertEquals(0, pool.pooledBytes());
    }

    @Test
    void keepsNoMoreIdleBytesThanItsBound() {
        DirectBuffers pool = new DirectBuffers(4096, 5000);
        pool.give(pool.take(4096));
        pool.give(pool.take(4096 + 1));
        ByteBuffer second = ByteBuffer.allocateDirect(4096);
        pool.give(second);
        assertEquals(4096, pool.pooledBytes());
        pool.give(null);
        assertEquals(4096, pool.pooledBytes());
    }
}
