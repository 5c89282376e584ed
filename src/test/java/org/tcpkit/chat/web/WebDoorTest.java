package org.tcpkit.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.irc.IrcSession;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import org.tcpkit.testing.Frames;
import org.tcpkit.testing.IrcClient;

/** The web door over real sockets: the page, the handshake, IRC over WebSocket, and hostile clients. */
@Timeout(30)
class WebDoorTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Web");

    private Chat chat;
    private TcpServer irc;
    private TcpServer web;
    private TcpServer line;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        chat = new Chat(LOG, ChatLimits.DEFAULT);
        ListenConfig config = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withLimits(1000, 0);
        var writers = Threads.forConnections(ThreadMode.AUTO, "test-writer-");
        IrcSession.Settings settings = new IrcSession.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
                100_000, 100_000, true, "tcpkit");
        IrcSession ircs = new IrcSession(chat, settings, null, null, writers, LOG);
        line = new TcpServer("chat", config, null, new LineSession(chat, Duration.ofSeconds(10), null, writers,
                100_000, 100_000, LOG), LOG);
        irc = new TcpServer("irc", config, null, ircs, LOG, line.admission());
        web = new TcpServer("web", config, null, new WebDoor(ircs, new WebDoor.Settings(
                List.of("https://allowed.example"), Duration.ofSeconds(2)), false, LOG), LOG, line.admission());
        line.start();
        irc.start();
        web.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        web.stop();
        irc.stop();
        line.stop();
    }

    private String get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + web.port() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().firstValue("content-security-policy").orElse("")
                + "\n" + response.body();
    }

    /** A WebSocket client of the JDK's own (java.net.http), collecting the lines it is sent. */
    private static final class Web implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                lines.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        String expect(String regex) throws InterruptedException {
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
            while (true) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("no line matching " + regex);
                }
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
        }

        void send(String line) {
            socket.sendText(line, true).join();
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private Web web(String nick) throws Exception {
        Web listener = new Web();
        listener.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("text.ircv3.net")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + web.port() + "/"), listener)
                .get(10, TimeUnit.SECONDS);
        open.add(listener);
        assertEquals("text.ircv3.net", listener.socket.getSubprotocol());
        listener.send("NICK " + nick);
        listener.send("USER " + nick + " 0 * :Web " + nick);
        listener.expect(" 366 " + nick + " #lobby ");
        return listener;
    }

    private IrcClient irc(String nick) throws IOException {
        IrcClient client = IrcClient.connect(irc.port()).register(nick);
        open.add(client);
        client.expect(" 366 " + nick + " #lobby ");
        return client;
    }

    @Test
    void thePageIsServedWithAPolicyThatLoadsNothingFromElsewhere() throws Exception {
        String index = get("/");
        assertTrue(index.startsWith("200 default-src 'none'; script-src 'self'"), index);
        assertTrue(index.contains("<script src=\"chat.js\" defer></script>") && index.contains("data-auth=\"false\""));
        assertTrue(get("/chat.js").contains("textContent"));
        assertTrue(get("/chat.css").startsWith("200 "));
        assertTrue(get("/nothing-here").startsWith("404 "));
    }

    @Test
    void aBrowserUserAndAnIrcUserTalkBothWaysInOneRoom() throws Exception {
        IrcClient ann = irc("ann");
        Web bea = web("bea");
        ann.expect(":bea!~bea@127.0.0.1 JOIN #lobby");
        bea.send("PRIVMSG #lobby :hello from the web \u00e9\u4e2d");
        assertEquals(":bea!~bea@127.0.0.1 PRIVMSG #lobby :hello from the web \u00e9\u4e2d", ann.expect("PRIVMSG"));
        ann.send("PRIVMSG #lobby :hi bea \u0007\u202e");
        assertEquals(":ann!~ann@127.0.0.1 PRIVMSG #lobby :hi bea ??", bea.expect("PRIVMSG"),
                "controls and invisible characters neutralised, as for every door");
    }

    @Test
    void aBadRequestHeadIsAnsweredWithItsStatusAndOneLine() throws Exception {
        String[][] cases = {
            {"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n",
                "431 Request Header Fields Too Large", "The request's head is over 8 KiB."},
            {"GET / HTTP/1.1\r\nHost: x\r\n" + "X-Field: 1\r\n".repeat(65) + "\r\n",
                "431 Request Header Fields Too Large", "The request has over 64 header fields."},
            {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported", "This server speaks HTTP/1.1."},
            {"GET / HTTP/1.1\r\n\r\n", "400 Bad Request", "An HTTP/1.1 request has exactly one Host field."},
            {"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "400 Bad Request",
                "An HTTP/1.1 request has exactly one Host field."},
            {"GET / HTTP/1.1\r\nHost x\r\n\r\n", "400 Bad Request", "A header field is not well-formed."},
            {"GET * HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request", "The request's target is not a path."},
            {"HELLO\r\n\r\n", "400 Bad Request", "That is not an HTTP request line."},
        };
        for (String[] c : cases) {
            String answer = exchange(c[0].getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(answer.startsWith("HTTP/1.1 " + c[1] + "\r\n") && answer.endsWith("\r\n\r\n" + c[2] + "\n"),
                    c[0].substring(0, Math.min(40, c[0].length())) + " -> " + answer);
        }
        String absolute = exchange("GET http://127.0.0.1/chat.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(absolute.startsWith("HTTP/1.1 200 ") && absolute.contains("text/css"),
                "a target in absolute form is taken, as RFC 9112 says: " + absolute);
        long start = System.nanoTime();
        String tls = exchange(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'});
        assertEquals("", tls, "a TLS handshake gets no HTTP answer");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "and is closed at once, not at the "
                + "deadline");
    }

    /** Sends {@code request} on a new connection and reads the whole answer, to the end of the stream. */
    private String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A raw client: the handshake by hand, then frames as given. */
    private Socket raw(String extraHeaders) throws IOException {
        return raw(web.port(), extraHeaders);
    }

    private Socket raw(int port, String extraHeaders) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        open.add(socket);
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The close code of the first close frame the server sends, other frames skipped. */
    private static int closeCode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        while (true) {
            int first = data.readUnsignedByte();
            int length = data.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = data.readUnsignedShort();
            }
            byte[] payload = new byte[length];
            data.readFully(payload);
            if ((first & 0x0F) == 0x8) {
                return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            }
        }
    }

    @Test
    void theHandshakeIsCheckedAndAnotherSitesPageIsRefused() throws Exception {
        Socket evil = raw("Origin: https://evil.example\r\n");
        assertTrue(head(evil.getInputStream()).startsWith("HTTP/1.1 403 "));
        Socket allowed = raw("Origin: https://allowed.example\r\nSec-WebSocket-Protocol: binary.ircv3.net, text.ircv3.net\r\n");
        String head = head(allowed.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101 ") && head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                && head.contains("Sec-WebSocket-Protocol: binary.ircv3.net"), head);
        Socket old = new Socket(InetAddress.getLoopbackAddress(), web.port());
        open.add(old);
        old.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(head(old.getInputStream()).startsWith("HTTP/1.1 426 "));
    }

    @Test
    void hostileClientsGetOneCloseAndNobodyElseIsSlowed() throws Exception {
        IrcClient ann = irc("ann");
        Web bea = web("bea");
        ann.expect(":bea!\\S+ JOIN #lobby");
        byte[] mask = {1, 2, 3, 4};
        Object[][] cases = {
            {new byte[] {(byte) 0x81, 0x02, 'h', 'i'}, 1002},
            {Frames.masked(0x81, new byte[WebDoorLimits.OVER], mask), 1009},
            {Frames.masked(0x81, new byte[] {'c', 'a', 'f', (byte) 0xe9}, mask), 1007},
        };
        for (Object[] c : cases) {
            Socket socket = raw("");
            InputStream in = socket.getInputStream();
            assertTrue(head(in).startsWith("HTTP/1.1 101 "));
            OutputStream out = socket.getOutputStream();
            out.write((byte[]) c[0]);
            out.flush();
            assertEquals((int) c[1], closeCode(in));
        }
        Socket forever = raw("");
        assertTrue(head(forever.getInputStream()).startsWith("HTTP/1.1 101 "));
        OutputStream out = forever.getOutputStream();
        out.write(Frames.masked(0x01, "PRIVMSG #lobby :x".getBytes(StandardCharsets.US_ASCII), mask));
        try {
            for (int i = 0; i < 200; i++) {
                out.write(Frames.masked(0x00, "x".repeat(100).getBytes(StandardCharsets.US_ASCII), mask));
            }
        } catch (IOException closed) {
            // The server closed the connection: what it said is read below.
        }
        assertEquals(1009, closeCode(forever.getInputStream()), "a message fragmented for ever is too big");
        Socket pinger = raw("");
        assertTrue(head(pinger.getInputStream()).startsWith("HTTP/1.1 101 "));
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            try {
                OutputStream o = pinger.getOutputStream();
                for (int i = 0; i < 20_000; i++) {
                    o.write(Frames.masked(0x89, new byte[] {'p'}, mask));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long before = System.nanoTime();
        bea.send("PRIVMSG #lobby :during the flood");
        ann.expect("during the flood");
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2), "others are not slowed");
        flood.get(20, TimeUnit.SECONDS);
        Socket silent = new Socket(InetAddress.getLoopbackAddress(), web.port());
        open.add(silent);
        silent.setSoTimeout(10_000);
        silent.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        assertTrue(head(silent.getInputStream()).startsWith("HTTP/1.1 408 "), "a head that never ends");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered at the handshake deadline");
    }

    @Test
    void theDoorsShareOneBudgetOfConnectionsAndAnIdleSocketIsClosed() throws Exception {
        ListenConfig tight = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withLimits(10, 2).withIdleTimeout(Duration.ofSeconds(1));
        var writers = Threads.forConnections(ThreadMode.AUTO, "test-writer-");
        IrcSession ircs = new IrcSession(chat, new IrcSession.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
                100_000, 100_000, true, "tcpkit"), null, null, writers, LOG);
        TcpServer lines = new TcpServer("chat", tight, null, new LineSession(chat, Duration.ofSeconds(10), null,
                writers, 100_000, 100_000, LOG), LOG);
        TcpServer page = new TcpServer("web", tight, null, new WebDoor(ircs, new WebDoor.Settings(List.of(),
                Duration.ofSeconds(2)), false, LOG), LOG, lines.admission());
        lines.start();
        page.start();
        try {
            Socket nc = new Socket(InetAddress.getLoopbackAddress(), lines.port());
            open.add(nc);
            Socket idle = raw(page.port(), "");
            long opened = System.nanoTime();
            assertTrue(head(idle.getInputStream()).startsWith("HTTP/1.1 101 "));
            Socket third = raw(page.port(), "");
            String refused = head(third.getInputStream());
            assertTrue(refused.startsWith("HTTP/1.1 503 "), "a third connection from one address: " + refused);
            String body = new String(third.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.endsWith("\n") && body.indexOf('\n') == body.length() - 1 && body.length() > 10,
                    "one line says why: " + body);
            // A WebSocket that says nothing for the idle timeout is closed; the other door's client stays.
            assertTrue(ends(idle.getInputStream()), "the idle socket is closed");
            long lasted = System.nanoTime() - opened;
            assertTrue(lasted > TimeUnit.MILLISECONDS.toNanos(900) && lasted < TimeUnit.SECONDS.toNanos(5),
                    "closed after the idle timeout: " + lasted / 1_000_000 + " ms");
            Socket again = raw(page.port(), "");
            assertTrue(head(again.getInputStream()).startsWith("HTTP/1.1 101 "), "its place is free again");
        } finally {
            page.stop();
            lines.stop();
        }
    }

    /** Whether the stream ends (closed or reset) before its read timeout. */
    private static boolean ends(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // What the server sends before closing is not what this test checks.
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void withTlsTheSameKeysServeHttpsAndWss(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.tcpkit.testing.TestKeys keys = org.tcpkit.testing.TestKeys.make(dir);
        ListenConfig config = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withLimits(1000, 0);
        var writers = Threads.forConnections(ThreadMode.AUTO, "test-writer-");
        IrcSession ircs = new IrcSession(chat, new IrcSession.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
                100_000, 100_000, true, "tcpkit"), null, null, writers, LOG);
        TcpServer secure = new TcpServer("web", config, keys.server(), new WebDoor(ircs, new WebDoor.Settings(
                List.of(), Duration.ofSeconds(2)), false, LOG), LOG, line.admission());
        secure.start();
        try {
            Socket page = keys.connect(secure.port());
            open.add(page);
            page.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(head(page.getInputStream()).startsWith("HTTP/1.1 200 "), "HTTPS");
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), secure.port())) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.endsWith("\r\n\r\nThis port speaks HTTPS: "
                        + "open https://127.0.0.1:" + secure.port() + "/ instead.\n"), "plain HTTP is told: " + answer);
            }
            Socket socket = keys.connect(secure.port());
            open.add(socket);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: text.ircv3.net\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertTrue(head(in).startsWith("HTTP/1.1 101 "), "WSS");
            byte[] mask = {9, 8, 7, 6};
            socket.getOutputStream().write(Frames.masked(0x81, "NICK secure".getBytes(StandardCharsets.US_ASCII), mask));
            socket.getOutputStream().write(Frames.masked(0x81, "USER s 0 * :S".getBytes(StandardCharsets.US_ASCII), mask));
            DataInputStream data = new DataInputStream(in);
            int first = data.readUnsignedByte();
            byte[] payload = new byte[data.readUnsignedByte()];
            data.readFully(payload);
            assertEquals(0x81, first, "a text message");
            assertTrue(new String(payload, StandardCharsets.UTF_8).startsWith(":tcpkit 001 secure "));
        } finally {
            secure.stop();
        }
    }

    /** Sizes the tests use. */
    private static final class WebDoorLimits {
        static final int OVER = org.tcpkit.net.websocket.WebSocket.MAX_MESSAGE + 1;
    }
}
