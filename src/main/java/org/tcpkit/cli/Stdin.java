package org.tcpkit.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Scanner;

/** Standard input as lines: one token per line, split at LF or CRLF only, decoded as UTF-8. */
final class Stdin {
    private Stdin() {
    }

    /**
     * A scanner whose tokens are whole lines, empty ones included. Unlike {@code Scanner.nextLine()}, it
     * does not split at U+0085, U+2028 or U+2029, so such characters travel inside a line unchanged.
     */
    static Scanner lines(InputStream in) {
        return new Scanner(in, StandardCharsets.UTF_8).useDelimiter("\r?\n");
    }
}
