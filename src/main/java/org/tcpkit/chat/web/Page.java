package org.tcpkit.chat.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The chat's own page: {@code index.html}, {@code chat.js} and {@code chat.css} from the jar, read once, served
 * with a content security policy that lets them load nothing from anywhere else and run no inline script, and
 * speak only to this server's WebSocket. The page is an IRC client of the web door; it learns from
 * {@code data-auth} on its body whether to ask for a password (and offer to make the account).
 */
final class Page {
    private static final Map<String, String> TYPES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/chat.js", "text/javascript; charset=utf-8",
            "/chat.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    Page(boolean auth) {
        byte[] index = read("index.html");
        String html = new String(index, StandardCharsets.UTF_8).replace("data-auth=\"false\"",
                "data-auth=\"" + auth + "\"");
        this.files = Map.of("/index.html", html.getBytes(StandardCharsets.UTF_8), "/chat.js", read("chat.js"),
                "/chat.css", read("chat.css"));
    }

    private static byte[] read(String name) {
        try (InputStream in = Page.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The response to {@code GET path} (no body for HEAD): a file of the page, or 404.
     *
     * @param host the request's Host, for the policy's WebSocket source; null when it gave none or a bad one
     */
    byte[] serve(String path, boolean head, String host) {
        String name = path.equals("/") ? "/index.html" : path;
        byte[] body = files.get(name);
        if (body == null) {
            return response(404, "Not Found", "text/plain; charset=utf-8",
                    "No such page here; the chat is at /.\n".getBytes(StandardCharsets.UTF_8), List.of());
        }
        String sockets = host == null ? "" : " ws://" + host + " wss://" + host;
        byte[] full = response(200, "OK", TYPES.get(name), body, List.of(
                "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'" + sockets + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                "X-Frame-Options: DENY", "Referrer-Policy: no-referrer"));
        if (!head) {
            return full;
        }
        return java.util.Arrays.copyOf(full, full.length - body.length);
    }

    /** A whole response that closes the connection after it. */
    static byte[] response(int status, String reason, String type, byte[] body, List<String> fields) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n");
        for (String field : fields) {
            head.append(field).append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
