package org.tcpkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A raw IRC client, as a test drives one: lines out with CRLF, lines in read with the socket's timeout. */
public final class IrcClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    public IrcClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    public static IrcClient connect(int port) throws IOException {
        return new IrcClient(Wire.connect(port));
    }

    public IrcClient send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends raw bytes, line ends and all. */
    public IrcClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line without its CRLF, or null at the end of the stream. */
    public String line() throws IOException {
        return in.readLine();
    }

    /**
     * Reads lines until one matches {@code regex} (found anywhere in it) and returns every line read, that one
     * last; fails, listing them, when the stream ends or the read times out first.
     */
    public List<String> until(String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no line matching " + regex + " in time; got " + seen);
            }
            if (line == null) {
                throw new AssertionError("connection closed before a line matching " + regex + "; got " + seen);
            }
            seen.add(line);
            if (pattern.matcher(line).find()) {
                return seen;
            }
        }
    }

    /** The first line matching {@code regex}, lines before it skipped. */
    public String expect(String regex) throws IOException {
        List<String> seen = until(regex);
        return seen.get(seen.size() - 1);
    }

    /** Registers as {@code nick} and reads up to the end of the welcome (the MOTD's end). */
    public IrcClient register(String nick) throws IOException {
        send("NICK " + nick);
        send("USER " + nick + " 0 * :Test " + nick);
        expect(" 376 " + Pattern.quote(nick) + " ");
        return this;
    }

    /** The value of message tag {@code name} on {@code line} (still escaped; empty for a tag without one), or null. */
    public static String tag(String line, String name) {
        if (!line.startsWith("@")) {
            return null;
        }
        for (String tag : line.substring(1, line.indexOf(' ')).split(";")) {
            if (tag.equals(name) || tag.startsWith(name + "=")) {
                return tag.equals(name) ? "" : tag.substring(name.length() + 1);
            }
        }
        return null;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
