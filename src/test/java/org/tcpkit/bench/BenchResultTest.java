package org.tcpkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BenchResultTest {
    @Test
    void durationsPrintInAReadableUnit() {
        assertEquals("48.2 us", BenchResult.readable(48.2));
        assertEquals("3.52 ms", BenchResult.readable(3_523.2));
        assertEquals("3.52 s", BenchResult.readable(3_523_215.4));
    }
}
