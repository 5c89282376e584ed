package org.tcpkit.chat.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of one HTTP/1.1 request (RFC 9112): its request line and header fields, read up to the empty line
 * and bounded ({@link #MOST_BYTES}, {@link #MOST_FIELDS}). Fields are kept by lower-case name, repeated ones
 * joined with commas, as RFC 9110 allows. Anything else than a well-formed head is refused with the status
 * RFC 9110 gives it ({@link Refused}), never guessed at.
 *
 * @param method   the method, as sent ({@code GET})
 * @param target   the request target ({@code /}, {@code /chat.js})
 * @param version  {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param fields   the header fields, by lower-case name
 * @param leftover bytes read past the head (a client that did not wait): the stream goes on with them
 */
record HttpRequest(String method, String target, String version, Map<String, String> fields, byte[] leftover) {
    /** The largest head taken, in bytes. */
    static final int MOST_BYTES = 8192;
    /** The most header fields taken. */
    static final int MOST_FIELDS = 64;

    /** A field's value, or null. */
    String field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether field {@code name} lists {@code token} (comma-separated, ignoring case). */
    boolean lists(String name, String token) {
        String value = field(name);
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The path of the target, without its query. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /**
     * Why a head was refused: the status and reason phrase to answer with, and a sentence for the client and the
     * log; for a TLS handshake on the plain port, no status (an HTTP answer would mean nothing to it).
     */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        Refused(int status, String reason, String why) {
            super(why, null, false, false);
            this.status = status;
            this.reason = reason;
        }

        static Refused bad(String why) {
            return new Refused(400, "Bad Request", why);
        }
    }

    /**
     * Reads a head from {@code in}; null when the stream ends first.
     *
     * @throws Refused when it is not a well-formed HTTP/1.x request head (RFC 9112) or is too large
     */
    static HttpRequest read(InputStream in) throws IOException, Refused {
        byte[] head = new byte[MOST_BYTES];
        int length = 0;
        int end = -1;
        while (end < 0) {
            if (length == head.length) {
                throw new Refused(431, "Request Header Fields Too Large",
                        "The request's head is over " + MOST_BYTES / 1024 + " KiB.");
            }
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                return null;
            }
            if (length == 0 && head[0] == 0x16) {
                throw new Refused(0, null, "a TLS handshake on the plain web port (the server serves HTTPS with "
                        + "--tls)");
            }
            int from = Math.max(0, length - 3);
            length += n;
            end = headEnd(head, from, length);
        }
        byte[] leftover = java.util.Arrays.copyOfRange(head, end, length);
        String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !request[0].matches("[A-Z]{1,16}") || !request[2].matches("HTTP/\\d\\.\\d")) {
            throw Refused.bad("That is not an HTTP request line.");
        }
        if (!request[2].matches("HTTP/1\\.[01]")) {
            throw new Refused(505, "HTTP Version Not Supported", "This server speaks HTTP/1.1.");
        }
        String target = originForm(request[1]);
        if (target == null) {
            throw Refused.bad("The request's target is not a path.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int hosts = 0;
        // The head ends with an empty line, so the last two entries are empty.
        if (lines.length - 3 > MOST_FIELDS) {
            throw new Refused(431, "Request Header Fields Too Large", "The request has over " + MOST_FIELDS
                    + " header fields.");
        }
        for (int i = 1; i < lines.length - 2; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                    || line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw Refused.bad("A header field is not well-formed.");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            hosts += name.equals("host") ? 1 : 0;
            fields.merge(name, value, (a, b) -> a + ", " + b);
        }
        // RFC 9112, 3.2: a request of HTTP/1.1 has exactly one Host; any request, at most one.
        if (hosts > 1 || hosts == 0 && request[2].equals("HTTP/1.1")) {
            throw Refused.bad("An HTTP/1.1 request has exactly one Host field.");
        }
        return new HttpRequest(request[0], target, request[2], fields, leftover);
    }

    /**
     * The target in origin form ({@code /path?query}): as it is, or the path and query of an absolute form
     * ({@code http://host/path}, which RFC 9112 says a server accepts); null for anything else.
     */
    private static String originForm(String target) {
        if (target.matches("/[\\x21-\\x7e]*")) {
            return target;
        }
        java.util.regex.Matcher absolute = java.util.regex.Pattern
                .compile("(?i)https?://[\\x21-\\x2e\\x30-\\x7e]+(/[\\x21-\\x7e]*)?").matcher(target);
        if (!absolute.matches()) {
            return null;
        }
        return absolute.group(1) == null ? "/" : absolute.group(1);
    }

    /** Where the head ends (just past its empty line) in {@code bytes[0, length)}, looking from {@code from}; -1. */
    private static int headEnd(byte[] bytes, int from, int length) {
        for (int i = from; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
