package org.tcpkit.chat.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.tcpkit.chat.irc.IrcSession;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DeadlineInput;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.Peers;
import org.tcpkit.net.websocket.WebSocket;

/**
 * The chat's web door: one HTTP connection. {@code GET /} and its files ({@link Page}) serve the chat's own
 * page; a WebSocket upgrade (RFC 6455) on any path carries IRC, as IRCv3's WebSocket transport says (subprotocol
 * {@code binary.ircv3.net} or {@code text.ircv3.net}, one IRC line a message), handed to the IRC door, so a
 * browser is one more IRC client in the same rooms: the same names, limits, flood control, history and Redis
 * link. The request head must come within the handshake time and {@link HttpRequest#MOST_BYTES}; an upgrade
 * from a page of another origin is refused unless the operator allowed it. One request a connection.
 */
public final class WebDoor implements ConnectionHandler {
    /** The conventional ports: plain, and with TLS. */
    public static final int PORT = 8080;
    public static final int TLS_PORT = 8443;
    static final String TEXT = "text.ircv3.net";
    static final String BINARY = "binary.ircv3.net";

    /**
     * @param origins       the origins whose pages may open a WebSocket ({@code https://chat.example.org});
     *                      empty: only the page's own (the request's {@code Host}); {@code *}: any
     * @param handshakeTime how long a client has to send its request head
     */
    public record Settings(List<String> origins, Duration handshakeTime) {
        /** Why {@code origin} cannot be allowed (a scheme, a host, perhaps a port; or {@code *}), or null. */
        public static String originProblem(String origin) {
            return origin.equals("*") || origin.matches("https?://[A-Za-z0-9.\\[\\]:-]{1,253}") ? null
                    : "an origin is a scheme and a host, perhaps with a port (https://chat.example.org:8443), or *";
        }
    }

    private final IrcSession irc;
    private final Settings settings;
    private final Page page;
    private final Logger log;

    /**
     * @param auth whether the chat asks for an account's password (the page then asks for one, and offers to make
     *             the account)
     */
    public WebDoor(IrcSession irc, Settings settings, boolean auth, Logger log) {
        this.irc = irc;
        this.settings = settings;
        this.page = new Page(auth);
        this.log = log;
    }

    @Override
    public byte[] refusal(String why) {
        return Page.response(503, "Service Unavailable", "text/plain; charset=utf-8",
                (why + "\n").getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** With {@code --tls}: a browser asking for {@code http://} on the HTTPS port is told, in plain HTTP. */
    @Override
    public boolean answersPlaintextOnTls() {
        return true;
    }

    @Override
    public byte[] plaintextOnTls(int first, Connection connection) {
        if (first < 'A' || first > 'Z') {
            return null;
        }
        Socket socket = connection.socket();
        String here = Peers.format(new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort()));
        log.info("web refused: {}: plain HTTP on the HTTPS port", connection.peer());
        return Page.response(400, "Bad Request", "text/plain; charset=utf-8", ("This port speaks HTTPS: open https://"
                + here + "/ instead.\n").getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        DeadlineInput in = new DeadlineInput(connection.input(), connection.socket());
        HttpRequest request;
        in.until(System.nanoTime() + settings.handshakeTime().toNanos());
        try {
            request = HttpRequest.read(in);
        } catch (SocketTimeoutException e) {
            log.info("web timeout: {} sent no request within {} s", connection.peer(),
                    settings.handshakeTime().toSeconds());
            answer(connection, 408, "Request Timeout", "The request took too long.");
            return DisconnectReason.TIMEOUT;
        } catch (HttpRequest.Refused refused) {
            log.info("web refused: {}: {}", connection.peer(), refused.getMessage());
            if (refused.status != 0) {
                answer(connection, refused.status, refused.reason, refused.getMessage());
            }
            return DisconnectReason.PROTOCOL;
        }
        in.until(0);
        if (request == null) {
            return DisconnectReason.CLOSED;
        }
        // An upgrade to anything else (HTTP/2's h2c) is declined by answering in HTTP/1.1, as RFC 9110 allows.
        if (request.lists("upgrade", "websocket") || request.field("sec-websocket-key") != null) {
            return upgrade(connection, request);
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            byte[] body = "Only GET and HEAD are served here.\n".getBytes(StandardCharsets.UTF_8);
            write(connection, Page.response(405, "Method Not Allowed", "text/plain; charset=utf-8", body,
                    List.of("Allow: GET, HEAD")));
            return DisconnectReason.PROTOCOL;
        }
        byte[] response = page.serve(request.path(), request.method().equals("HEAD"), host(request));
        write(connection, response);
        return DisconnectReason.EXIT;
    }

    /** The WebSocket handshake, checked as RFC 6455 (4.2.1) says; then the IRC door talks through it. */
    private DisconnectReason upgrade(Connection connection, HttpRequest request) throws IOException {
        String key = request.field("sec-websocket-key");
        String problem = !request.method().equals("GET") ? "a WebSocket opens with GET"
                : !request.version().equals("HTTP/1.1") ? "a WebSocket needs HTTP/1.1"
                : request.field("host") == null ? "no Host"
                : !request.lists("upgrade", "websocket") ? "no Upgrade: websocket"
                : !request.lists("connection", "upgrade") ? "no Connection: Upgrade"
                : !WebSocket.validKey(key) ? "no valid Sec-WebSocket-Key" : null;
        if (problem != null) {
            log.info("web refused: {}: {}", connection.peer(), problem);
            answer(connection, 400, "Bad Request", "Not a WebSocket handshake: " + problem + ".");
            return DisconnectReason.PROTOCOL;
        }
        if (!"13".equals(request.field("sec-websocket-version"))) {
            write(connection, Page.response(426, "Upgrade Required", "text/plain; charset=utf-8",
                    "This server speaks WebSocket version 13.\n".getBytes(StandardCharsets.UTF_8),
                    List.of("Sec-WebSocket-Version: 13")));
            return DisconnectReason.PROTOCOL;
        }
        String origin = request.field("origin");
        if (origin != null && !allowed(origin, request)) {
            log.info("web refused: {}: a page of origin {} may not open the chat", connection.peer(),
                    org.tcpkit.net.Preview.ofText(origin));
            answer(connection, 403, "Forbidden", "Pages of this origin may not open the chat.");
            return DisconnectReason.PROTOCOL;
        }
        String protocol = subprotocol(request.field("sec-websocket-protocol"));
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + WebSocket.accept(key) + "\r\n");
        if (protocol != null) {
            head.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
        }
        write(connection, head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        WebSocket ws = layered(connection, request.leftover(), BINARY.equals(protocol));
        log.info("web socket: {} opened ({})", connection.peer(), protocol == null ? "no subprotocol" : protocol);
        try {
            return irc.serve(connection);
        } finally {
            ws.close(WebSocket.NORMAL, "closed by the server");
            log.info("web socket: {} closed: {}", connection.peer(), ws.closeReason());
        }
    }

    /**
     * Puts the WebSocket between the connection and the IRC door: its frames in (after any bytes the client sent
     * with its request), its lines out.
     */
    private static WebSocket layered(Connection connection, byte[] early, boolean binary) {
        return connection.layer((in, out) -> new WebSocket(
                early.length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(early), in), out, binary));
    }

    /** The first subprotocol the client offers that the door speaks; null for none (then text, unnamed). */
    private static String subprotocol(String offered) {
        if (offered == null) {
            return null;
        }
        for (String name : offered.split(",")) {
            String protocol = name.strip();
            if (protocol.equals(TEXT) || protocol.equals(BINARY)) {
                return protocol;
            }
        }
        return null;
    }

    /** Whether a page of {@code origin} may open the chat: the page's own origin, or one the operator allowed. */
    private boolean allowed(String origin, HttpRequest request) {
        String given = origin.toLowerCase(Locale.ROOT);
        for (String allowed : settings.origins()) {
            if (allowed.equals("*") || allowed.toLowerCase(Locale.ROOT).equals(given)) {
                return true;
            }
        }
        String host = request.field("host").toLowerCase(Locale.ROOT);
        return given.equals("http://" + host) || given.equals("https://" + host);
    }

    private static String host(HttpRequest request) {
        String host = request.field("host");
        return host == null || !host.matches("[A-Za-z0-9.\\[\\]:-]{1,260}") ? null : host;
    }

    private static void answer(Connection connection, int status, String reason, String text) throws IOException {
        write(connection, Page.response(status, reason, "text/plain; charset=utf-8",
                (text + "\n").getBytes(StandardCharsets.UTF_8), List.of()));
    }

    private static void write(Connection connection, byte[] bytes) throws IOException {
        connection.write(bytes, 0, bytes.length);
    }
}
