package org.tcpkit.net.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's frames read as a stream of lines: each data message's payload, unmasked, then CRLF. Parsed
 * as it arrives and resumable: a read cut short by a socket timeout (the line reader's deadline) leaves the
 * frame where it was, and the next read goes on from there. Control frames are acted on in passing: a ping
 * is answered, a close is answered and ends the stream, a fault closes with its status and ends it.
 */
final class FrameInput extends InputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private final InputStream in;
    private final WebSocket socket;
    /** Enough for any frame header with a control frame's payload; data payloads stream through it. */
    private final byte[] buffer = new byte[4 * 1024];
    private int position;
    private int limit;
    private final Utf8Check utf8 = new Utf8Check();

    /** The data frame under way: its payload left, its mask, whether it ends its message. */
    private boolean inFrame;
    private long left;
    private final byte[] mask = new byte[4];
    private int maskAt;
    private boolean fin;
    /** The message under way (begun, not ended): whether it is text, its size and frames so far. */
    private boolean inMessage;
    private boolean text;
    private long messageBytes;
    private int frames;
    /** Bytes of the CRLF still to give after a message. */
    private int lineEnd;
    private boolean ended;
    private long pongWindow;
    private int pongs;

    FrameInput(InputStream in, WebSocket socket) {
        this.in = in;
        this.socket = socket;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (ended) {
                return -1;
            }
            if (lineEnd > 0) {
                int n = Math.min(length, lineEnd);
                System.arraycopy(CRLF, 2 - lineEnd, bytes, offset, n);
                lineEnd -= n;
                return n;
            }
            if (inFrame && left > 0) {
                if (position == limit && !fill()) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(length, limit - position), left);
                for (int i = 0; i < n; i++) {
                    byte b = (byte) (buffer[position + i] ^ mask[maskAt++ & 3]);
                    if (text && !utf8.take(b & 0xFF)) {
                        fail(WebSocket.NOT_UTF8, "a text message that is not UTF-8");
                        return -1;
                    }
                    bytes[offset + i] = b;
                }
                position += n;
                left -= n;
                if (left == 0) {
                    endFrame();
                }
                return n;
            }
            if (inFrame) {
                endFrame();
                continue;
            }
            if (!nextFrame()) {
                return -1;
            }
        }
    }

    /** The data frame's payload is all read: the message ends with it when it is the last. */
    private void endFrame() {
        inFrame = false;
        if (fin) {
            inMessage = false;
            if (text && !utf8.complete()) {
                fail(WebSocket.NOT_UTF8, "a text message that ends inside a character");
                return;
            }
            lineEnd = 2;
        }
    }

    /** Reads the next frame's header and acts on a control frame; false when the stream has ended. */
    private boolean nextFrame() throws IOException {
        if (!need(2)) {
            return false;
        }
        int b0 = buffer[position] & 0xFF;
        int b1 = buffer[position + 1] & 0xFF;
        int size = b1 & 0x7F;
        int head = 2 + (size == 126 ? 2 : size == 127 ? 8 : 0) + 4;
        if ((b1 & 0x80) == 0) {
            return fail(WebSocket.PROTOCOL_ERROR, "an unmasked frame from the client");
        }
        if ((b0 & 0x70) != 0) {
            return fail(WebSocket.PROTOCOL_ERROR, "a frame with reserved bits set");
        }
        if (!need(head)) {
            return false;
        }
        long payload = size;
        if (size == 126) {
            payload = ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
        } else if (size == 127) {
            payload = 0;
            for (int i = 0; i < 8; i++) {
                payload = (payload << 8) | (buffer[position + 2 + i] & 0xFF);
            }
            if (payload < 0) {
                return fail(WebSocket.PROTOCOL_ERROR, "a frame length with its top bit set");
            }
        }
        System.arraycopy(buffer, position + head - 4, mask, 0, 4);
        boolean last = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if (opcode >= 0x8) {
            return control(opcode, last, payload, head);
        }
        if (opcode == WebSocket.CONTINUATION ? !inMessage : inMessage) {
            return fail(WebSocket.PROTOCOL_ERROR, inMessage ? "a new message inside a fragmented one"
                    : "a continuation frame with no message to continue");
        }
        if (opcode != WebSocket.CONTINUATION && opcode != WebSocket.TEXT && opcode != WebSocket.BINARY) {
            return fail(WebSocket.PROTOCOL_ERROR, "a frame of unknown opcode " + opcode);
        }
        if (opcode != WebSocket.CONTINUATION) {
            inMessage = true;
            text = opcode == WebSocket.TEXT;
            utf8.reset();
            messageBytes = 0;
            frames = 0;
        }
        messageBytes += payload;
        if (messageBytes > WebSocket.MAX_MESSAGE) {
            return fail(WebSocket.TOO_BIG, "a message over " + WebSocket.MAX_MESSAGE + " bytes");
        }
        if (++frames > WebSocket.MAX_FRAMES) {
            return fail(WebSocket.TOO_BIG, "a message in more than " + WebSocket.MAX_FRAMES + " frames");
        }
        position += head;
        inFrame = true;
        left = payload;
        maskAt = 0;
        fin = last;
        return true;
    }

    /** A ping, pong or close: read whole (at most 125 bytes) and acted on. */
    private boolean control(int opcode, boolean last, long payload, int head) throws IOException {
        if (!last || payload > 125) {
            return fail(WebSocket.PROTOCOL_ERROR, "a control frame fragmented or over 125 bytes");
        }
        if (opcode != WebSocket.CLOSE && opcode != WebSocket.PING && opcode != WebSocket.PONG) {
            return fail(WebSocket.PROTOCOL_ERROR, "a frame of unknown opcode " + opcode);
        }
        if (!need(head + (int) payload)) {
            return false;
        }
        byte[] data = new byte[(int) payload];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (buffer[position + head + i] ^ mask[i & 3]);
        }
        position += head + data.length;
        if (opcode == WebSocket.PING) {
            long second = System.nanoTime() / 1_000_000_000L;
            if (second != pongWindow) {
                pongWindow = second;
                pongs = 0;
            }
            if (++pongs <= WebSocket.PONGS_A_SECOND) {
                socket.control(WebSocket.PONG, data);
            }
            return true;
        }
        if (opcode == WebSocket.PONG) {
            return true;
        }
        return closed(data);
    }

    /** The client closes: answered with its own code (1000 when it gave none), and the stream ends. */
    private boolean closed(byte[] data) {
        if (data.length == 1) {
            return fail(WebSocket.PROTOCOL_ERROR, "a close frame of one byte");
        }
        int code = data.length >= 2 ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : WebSocket.NORMAL;
        if (data.length >= 2 && !Utf8Check.valid(data, 2, data.length - 2)) {
            return fail(WebSocket.NOT_UTF8, "a close reason that is not UTF-8");
        }
        if (data.length >= 2 && (code < 1000 || code >= 5000 || code == 1004 || code == 1005 || code == 1006
                || code == 1015 || code > 1011 && code < 3000)) {
            return fail(WebSocket.PROTOCOL_ERROR, "a close with status " + code);
        }
        String reason = data.length > 2 ? new String(data, 2, data.length - 2, StandardCharsets.UTF_8) : "";
        socket.close(code, "closed by the client (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
        ended = true;
        return false;
    }

    /** Closes with {@code code}; the stream ends. */
    private boolean fail(int code, String why) {
        socket.close(code, why);
        ended = true;
        return false;
    }

    /** Whether {@code count} bytes of the frame are in the buffer, reading more as needed; false at the end. */
    private boolean need(int count) throws IOException {
        while (limit - position < count) {
            if (position > 0 && buffer.length - position < count) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more of the connection into the buffer; false at its end (the stream ends then too). */
    private boolean fill() throws IOException {
        if (position == limit) {
            position = 0;
            limit = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            ended = true;
            if (socket.closeReason() == null) {
                socket.close(WebSocket.GOING_AWAY, "the connection ended without a close frame");
            }
            return false;
        }
        limit += n;
        return true;
    }
}
