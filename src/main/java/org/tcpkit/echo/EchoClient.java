package org.tcpkit.echo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import org.tcpkit.net.Peers;
import org.tcpkit.net.Preview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an echo server that sends bytes and waits for exactly as many to come back. What the server
 * sends is read by a thread of its own ({@link Inbox}), so the program can learn that the server closed the
 * connection while it waits for the user, and reads wait with the client's timeout.
 */
public final class EchoClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoClient.class);
    private static final byte[] EXIT_LINE = "exit\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final Inbox inbox;
    private final InputStream in;
    private final OutputStream out;
    private final String server;
    private volatile long timeoutNanos;
    /** Where this client's events go: the echo client's log, or the chat client's. */
    private final Logger log;
    /** Whether lines are logged by their size only, never their text (the chat: what people say is theirs). */
    private final boolean privateText;

    private EchoClient(Socket socket, String server, Duration timeout, Logger log, boolean privateText)
            throws IOException {
        this.log = log;
        this.privateText = privateText;
        this.socket = socket;
        this.server = server;
        this.timeoutNanos = timeout.toNanos();
        this.inbox = new Inbox(socket.getInputStream());
        this.in = new BufferedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return inbox.read(bytes, offset, length, timeoutNanos);
            }
        }, 8192);
        this.out = socket.getOutputStream();
        socket.setSoTimeout(0);
        inbox.start("server-reader");
    }

    /**
     * Connects within {@code timeout}; later reads also give up after {@code timeout}.
     *
     * @throws IOException if the server cannot be reached
     */
    public static EchoClient connect(SocketFactory factory, String host, int port, Duration timeout)
            throws IOException {
        return connect(factory, host, port, timeout, LOG, false);
    }

    /**
     * {@link #connect(SocketFactory, String, int, Duration)}, logging to {@code log}; with {@code privateText},
     * lines are logged by their size only, never their text.
     */
    public static EchoClient connect(SocketFactory factory, String host, int port, Duration timeout, Logger log,
                                     boolean privateText) throws IOException {
        String target = Peers.format(host, port);
        log.info("connecting to {}", target);
        Socket socket = factory.createSocket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket) {
                ((SSLSocket) socket).startHandshake();
            }
            EchoClient client = new EchoClient(socket, target, timeout, log, privateText);
            log.info("connected to {} ({}) from {}", target, Peers.format(socket.getRemoteSocketAddress()),
                    Peers.format(socket.getLocalSocketAddress()));
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Where this client's events go. */
    public Logger log() {
        return log;
    }

    /** Connects with plain TCP. */
    public static EchoClient connect(String host, int port, Duration timeout) throws IOException {
        return connect(SocketFactory.getDefault(), host, port, timeout);
    }

    /**
     * Sends {@code payload} and reads back exactly as many bytes.
     *
     * @throws EOFException           if the server closes before echoing everything
     * @throws SocketTimeoutException if the echo stops arriving for longer than the timeout
     */
    public byte[] exchange(byte[] payload) throws IOException {
        log.debug("sending {} bytes to {}: {}", payload.length, server, Preview.of(payload, 0, payload.length));
        out.write(payload);
        out.flush();
        byte[] echo = new byte[payload.length];
        int received = 0;
        while (received < echo.length) {
            int count = in.read(echo, received, echo.length - received);
            if (count < 0) {
                throw new PartialEcho(java.util.Arrays.copyOf(echo, received), echo.length);
            }
            received += count;
        }
        log.debug("received {} bytes from {}: {}", received, server, Preview.of(echo, 0, received));
        return echo;
    }

    /** The server closed the connection before echoing everything; what it did send is kept. */
    public static final class PartialEcho extends EOFException {
        private static final long serialVersionUID = 1L;
        private final byte[] received;

        PartialEcho(byte[] received, int expected) {
            super("the server closed the connection after echoing " + received.length + " of " + expected + " bytes");
            this.received = received;
        }

        /** The bytes that did come back. */
        public byte[] received() {
            return received.clone();
        }
    }

    /** The longest line read from the server in a dialogue. */
    public static final int MAX_LINE = 8192;

    /**
     * Reads one line the server sent (UTF-8, without its line break), for dialogues before the echo.
     *
     * @return the line, or null if the server closed the connection first
     */
    /**
     * {@link #readLine()}, waiting up to {@code longer} beyond the usual timeout: the server said it would wait
     * that long on purpose.
     */
    public String readLineAfter(Duration longer) throws IOException {
        long usual = timeoutNanos;
        if (usual == 0) {
            return readLine();
        }
        timeoutNanos = usual + longer.toNanos();
        try {
            return readLine();
        } finally {
            timeoutNanos = usual;
        }
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (privateText) {
            log.debug("received a line from {} ({} bytes)", server, line.size());
        } else {
            log.debug("received line from {}: {}", server, Preview.ofText(text));
        }
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends one line of text (UTF-8, LF); {@code secret} keeps it out of the log. */
    public void sendLine(String text, boolean secret) throws IOException {
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        if (secret || privateText) {
            log.debug("sending a line to {} ({}{} bytes)", server, secret ? "secret, " : "", line.length);
        } else {
            log.debug("sending line to {}: {}", server, Preview.ofText(text));
        }
        out.write(line);
        out.flush();
    }

    /**
     * Sends the {@code exit} line, closes the sending side, and waits (within the timeout) for the server to
     * close the connection: a server that ends the session at {@code exit} closes after echoing it, and one
     * that echoes {@code exit} like any line ({@code --no-exit-line}) closes when the client's side ends.
     */
    public void sendExit() throws IOException {
        log.info("sending exit to {}", server);
        out.write(EXIT_LINE);
        out.flush();
        try {
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // A socket that cannot end one side only waits for the server's close, as before.
            log.debug("could not close the sending side to {}: {}", server, e.toString());
        }
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // The server echoes the exit line before it closes; nothing after it matters.
            }
        } catch (SocketTimeoutException e) {
            log.info("{} did not close the connection after exit; closing it from this side", server);
        }
    }

    /** Lets reads wait as long as it takes (a chat client waits for others to speak). */
    public void clearTimeout() {
        timeoutNanos = 0;
    }

    /** Runs {@code listener} (on another thread) as soon as the server ends the connection. */
    public void onServerEnd(Runnable listener) {
        inbox.onEnd(listener);
    }

    /** Waits up to {@code wait} for the server to send something; true when it has. */
    public boolean awaitData(Duration wait) throws IOException, InterruptedException {
        return in.available() > 0 || inbox.await(wait.toNanos());
    }

    /** The first bytes the server has sent and nobody has read yet, left in place (at most {@code max}). */
    public byte[] peek(int max) throws IOException {
        if (in.available() > 0) {
            in.mark(max);
            byte[] bytes = new byte[Math.min(max, in.available())];
            int n = in.read(bytes);
            in.reset();
            return java.util.Arrays.copyOf(bytes, Math.max(0, n));
        }
        return inbox.peek(max);
    }

    /** Whatever the server sent that nobody has read yet, as text, without waiting. */
    public String unreadText() throws IOException {
        StringBuilder text = new StringBuilder();
        int ready = in.available();
        if (ready > 0) {
            byte[] bytes = new byte[ready];
            int n = in.read(bytes);
            text.append(new String(bytes, 0, Math.max(0, n), StandardCharsets.UTF_8));
        }
        return text.append(inbox.drainText()).toString();
    }

    /** The server as the user named it, {@code host:port}. */
    public String server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
