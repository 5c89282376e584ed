package org.tcpkit.net.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines written by the server, sent one message each, their CRLF left out. A write may end inside a line (the
 * writer cuts its batches by size): the rest of that line waits for the next write. In text messages, a line
 * that is not UTF-8 (nothing the server makes, but never trusted) has its bad bytes replaced, so a text frame
 * is never invalid.
 */
final class FrameOutput extends OutputStream {
    /** The longest line held while waiting for its end; past that it goes out as it is. */
    private static final int MOST_PENDING = 64 * 1024;

    private final WebSocket socket;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream frames = new ByteArrayOutputStream();

    FrameOutput(WebSocket socket) {
        this.socket = socket;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                frame();
                start = i + 1;
            }
        }
        pending.write(bytes, start, end - start);
        if (pending.size() > MOST_PENDING) {
            frame();
        }
        if (frames.size() > 0) {
            socket.data(frames.toByteArray(), frames.size());
            frames.reset();
        }
    }

    /** The pending line, its CR dropped, as one message into {@link #frames}. */
    private void frame() {
        byte[] line = pending.toByteArray();
        pending.reset();
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (length == 0) {
            return;
        }
        if (!socket.binary() && !Utf8Check.valid(line, 0, length)) {
            line = new String(line, 0, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            length = line.length;
        }
        frames.writeBytes(WebSocket.header(socket.binary() ? WebSocket.BINARY : WebSocket.TEXT, length));
        frames.write(line, 0, length);
    }
}
