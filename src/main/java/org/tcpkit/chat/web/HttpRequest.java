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
 * joined with commas, as RFC 9110 allows. Anything else than a well-formed head is refused ({@link #read}
 * returns null), never guessed at.
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
     * Reads a head from {@code in}; null when it is not a well-formed HTTP/1.x request head, is too large, or the
     * stream ends first.
     */
    static HttpRequest read(InputStream in) throws IOException {
        byte[] head = new byte[MOST_BYTES];
        int length = 0;
        int end = -1;
        while (end < 0) {
            if (length == head.length) {
                return null;
            }
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                return null;
            }
            int from = Math.max(0, length - 3);
            length += n;
            end = headEnd(head, from, length);
        }
        byte[] leftover = java.util.Arrays.copyOfRange(head, end, length);
        String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !request[0].matches("[A-Z]{1,16}") || !request[1].matches("/[\\x21-\\x7e]*")
                || !request[2].matches("HTTP/1\\.[01]")) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int count = 0;
        // The head ends with an empty line, so the last two entries are empty.
        for (int i = 1; i < lines.length - 2; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || ++count > MOST_FIELDS || !line.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                    || line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                return null;
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            fields.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpRequest(request[0], request[1], request[2], fields, leftover);
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
