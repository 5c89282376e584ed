package org.tcpkit.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One bench connection's state: what it has sent, what has come back and been checked, and when. */
final class LoadConnection {
    final SocketChannel channel;
    final StreamPattern pattern;
    final ByteBuffer out;
    final long[] sendTimes;
    SelectionKey key;
    boolean connected;
    boolean closed;
    long sentMessages;
    long receivedBytes;
    /** Messages of the output buffer's batch already written in full and counted in sentMessages. */
    int batched;

    LoadConnection(SocketChannel channel, StreamPattern pattern, int maxInFlight, int outBytes) {
        this.channel = channel;
        this.pattern = pattern;
        this.out = ByteBuffer.allocate(outBytes);
        this.out.limit(0);
        this.sendTimes = new long[maxInFlight + 1];
    }

    long receivedMessages() {
        return receivedBytes / pattern.size();
    }

    long inFlight() {
        return sentMessages - receivedMessages();
    }
}
