package org.tcpkit.net;

import java.io.InputStream;

/**
 * The first byte of a TLS connection, read off the socket before its handshake to see whether the client
 * speaks TLS at all; the TLS socket reads it from here first (it is its "consumed" input), then the socket.
 */
final class FirstByte extends InputStream {
    private int value = -1;

    /** Puts back the byte read off the socket, for the handshake to read first. */
    void set(int b) {
        value = b & 0xFF;
    }

    @Override
    public int read() {
        int b = value;
        value = -1;
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int b = read();
        if (b < 0) {
            return -1;
        }
        bytes[offset] = (byte) b;
        return 1;
    }

    @Override
    public int available() {
        return value < 0 ? 0 : 1;
    }
}
