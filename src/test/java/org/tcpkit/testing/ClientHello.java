package org.tcpkit.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hand-made TLS 1.2 ClientHello record, for sending what no well-behaved TLS library would: a server name
 * with line breaks and escape bytes, or only part of a hello.
 */
public final class ClientHello {
    private ClientHello() {
    }

    /** A complete ClientHello record asking for {@code serverName} (raw bytes, unchecked). */
    public static byte[] withServerName(String serverName) {
        byte[] name = serverName.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sni = new ByteArrayOutputStream();
        u16(sni, name.length + 3);
        sni.write(0);
        u16(sni, name.length);
        sni.writeBytes(name);

        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x0000, sni.toByteArray());
        extension(extensions, 0x000a, new byte[] {0, 2, 0, 0x17});
        extension(extensions, 0x000d, new byte[] {0, 2, 4, 3});

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        body.writeBytes(new byte[32]);
        body.write(0);
        u16(body, 4);
        body.writeBytes(new byte[] {(byte) 0xc0, 0x2b, (byte) 0xc0, 0x2f});
        body.write(1);
        body.write(0);
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1);
        handshake.write(body.size() >>> 16);
        u16(handshake, body.size() & 0xffff);
        handshake.writeBytes(body.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        record.write(3);
        record.write(1);
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
