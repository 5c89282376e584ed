package org.tcpkit.net.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.tcpkit.net.Layer;

/**
 * One WebSocket connection (RFC 6455), server side, after its opening handshake: lines over messages. What the
 * client sends is read through {@link #input()} as lines, each message followed by CRLF; what the server writes
 * to {@link #output()} as lines goes out one message per line, without its CRLF, as IRCv3's WebSocket transport
 * says. Text or binary messages, as the subprotocol chose. Frames are checked as the RFC says (masking,
 * reserved bits, opcodes, control frames, fragmentation, sizes, UTF-8 of text); the first fault closes the
 * connection with its status code, once. Pings are answered, at most {@link #PONGS_A_SECOND} a second (the RFC
 * lets a server answer only the latest of many).
 */
public final class WebSocket implements Layer {
    /** RFC 6455's GUID, appended to the client's key to make the accept value. */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The largest message taken, in bytes, its frames together: an IRC line with 4 KB of tags, and room. */
    public static final int MAX_MESSAGE = 8192;
    /** The most frames one message may come in. */
    static final int MAX_FRAMES = 64;
    /** Pongs sent a second, at most; pings past that are not answered. */
    static final int PONGS_A_SECOND = 10;

    /** Status codes (RFC 6455, section 7.4.1). */
    public static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int NOT_UTF8 = 1007;
    static final int POLICY = 1008;
    static final int TOO_BIG = 1009;

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final OutputStream raw;
    private final boolean binary;
    private final FrameInput input;
    private final FrameOutput output;
    private final Object writing = new Object();
    private volatile boolean closeSent;
    private volatile String closeReason;

    /**
     * @param in     the connection's input after the handshake
     * @param out    the connection's output
     * @param binary whether messages go out as binary ({@code binary.ircv3.net}) rather than text
     */
    public WebSocket(InputStream in, OutputStream out, boolean binary) {
        this.raw = out;
        this.binary = binary;
        this.input = new FrameInput(in, this);
        this.output = new FrameOutput(this);
    }

    /** The value of {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}. */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** Whether {@code key} is a key as the RFC makes one: the base64 of 16 bytes. */
    public static boolean validKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The client's messages, as lines ending in CRLF; the end of the stream once the connection closes. */
    @Override
    public InputStream input() {
        return input;
    }

    /** Lines for the client, each sent as one message. */
    @Override
    public OutputStream output() {
        return output;
    }

    /** Why the connection closed, in words, or null while it is open. */
    public String closeReason() {
        return closeReason;
    }

    boolean binary() {
        return binary;
    }

    /**
     * Sends the close frame with {@code code} once (later calls do nothing) and remembers why; the caller then
     * stops reading and the connection is closed.
     */
    public void close(int code, String why) {
        synchronized (writing) {
            if (closeSent) {
                return;
            }
            closeSent = true;
            closeReason = why;
            byte[] reason = why.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(reason.length, 123);
            byte[] payload = new byte[2 + length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(reason, 0, payload, 2, length);
            try {
                writeFrame(CLOSE, payload, 0, payload.length);
                raw.flush();
            } catch (IOException e) {
                // The client is gone already; there is nobody to tell.
            }
        }
    }

    /** Sends one control frame (a pong), unless the connection is closing. */
    void control(int opcode, byte[] payload) throws IOException {
        synchronized (writing) {
            if (!closeSent) {
                writeFrame(opcode, payload, 0, payload.length);
                raw.flush();
            }
        }
    }

    /** Writes {@code frames} (whole frames built by {@link FrameOutput}) unless the connection is closing. */
    void data(byte[] frames, int length) throws IOException {
        synchronized (writing) {
            if (closeSent) {
                throw new IOException("the WebSocket is closing");
            }
            raw.write(frames, 0, length);
            raw.flush();
        }
    }

    /** One unmasked frame, FIN set, as a server sends it. */
    private void writeFrame(int opcode, byte[] payload, int offset, int length) throws IOException {
        byte[] head = header(opcode, length);
        raw.write(head);
        raw.write(payload, offset, length);
    }

    /** The header of one final, unmasked frame of {@code length} bytes. */
    static byte[] header(int opcode, int length) {
        if (length < 126) {
            return new byte[] {(byte) (0x80 | opcode), (byte) length};
        }
        if (length < 65536) {
            return new byte[] {(byte) (0x80 | opcode), 126, (byte) (length >> 8), (byte) length};
        }
        byte[] head = new byte[10];
        head[0] = (byte) (0x80 | opcode);
        head[1] = 127;
        for (int i = 0; i < 8; i++) {
            head[9 - i] = (byte) ((long) length >> (8 * i));
        }
        return head;
    }
}
