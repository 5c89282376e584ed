package org.tcpkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.net.Preview;

/**
 * What a server speaks, told from what it sends first: an echo server sends nothing until it is sent
 * something; the identification, authentication and chat servers greet at once with a tagged line; a TLS
 * server answered in plaintext sends a TLS alert.
 */
enum ServerKind {
    /** Silent until spoken to. */
    ECHO,
    /** Greets with a tagged line ({@code info:}, {@code ask:}, {@code ok:} ...): identification or authentication. */
    DIALOGUE,
    /** Greets as the chat does: {@code ask: Nickname?} or {@code info: tcpkit chat}. */
    CHAT,
    /** Sends TLS records. */
    TLS,
    /** Sends something else unasked. */
    OTHER;

    /** Waits up to {@code wait} for the server's first bytes (returning as soon as they come) and classifies them. */
    static ServerKind of(EchoClient client, Duration wait) throws IOException {
        try {
            if (!client.awaitData(wait)) {
                return ECHO;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ECHO;
        }
        return of(client.peek(256));
    }

    /** What a server is, told from the first bytes it sent. */
    static ServerKind of(byte[] first) {
        if (first.length >= 2 && (first[0] == 0x15 || first[0] == 0x16) && first[1] == 0x03) {
            return TLS;
        }
        String text = new String(first, StandardCharsets.UTF_8);
        if (text.startsWith("ask: Nickname?") || text.startsWith("info: tcpkit chat")) {
            return CHAT;
        }
        if (text.startsWith("info: ") || text.startsWith("ask: ") || text.startsWith("secret: ")
                || text.startsWith("ok: ") || text.startsWith("error: ") || text.startsWith("bye: ")) {
            return DIALOGUE;
        }
        return OTHER;
    }

    /** The server's first line, quoted and escaped, for messages. */
    static String firstLine(EchoClient client) throws IOException {
        byte[] first = client.peek(200);
        int end = 0;
        while (end < first.length && first[end] != '\n') {
            end++;
        }
        return Preview.of(first, 0, end);
    }
}
