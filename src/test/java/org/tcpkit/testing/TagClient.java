package org.tcpkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw client for the tagged dialogue, the way a netcat user sees it; every read has the socket timeout. */
public final class TagClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public TagClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    public static TagClient connect(int port) throws IOException {
        return new TagClient(Wire.connect(port));
    }

    /** Reads the next line, checks its tag and returns its text. */
    public String expect(String tag) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new AssertionError("connection closed while expecting '" + tag + ":'");
        }
        assertEquals(tag, line.substring(0, Math.max(0, line.indexOf(':'))), "line: " + line);
        return line.substring(tag.length() + 2);
    }

    /** The next raw line, or null at end of stream. */
    public String line() throws IOException {
        return in.readLine();
    }

    public TagClient send(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
