package org.tcpkit.testing;

import java.io.ByteArrayOutputStream;

/** WebSocket frames as a client sends them (RFC 6455, 5.2): masked, any first byte a test wants. */
public final class Frames {
    private Frames() {
    }

    /** One frame: {@code first} (FIN, reserved bits, opcode), then the length, the mask and the masked payload. */
    public static byte[] masked(int first, byte[] payload, byte[] mask) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }
}
