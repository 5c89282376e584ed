package org.tcpkit.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether standard input is a terminal, which decides whether the programs may prompt. */
final class Terminal {
    private static final Path STDIN_LINK = Path.of("/proc/self/fd/0");

    private Terminal() {
    }

    /**
     * True when a person can answer prompts. On Linux, standard input is looked at directly; elsewhere the
     * JDK's console decides ({@code Console.isTerminal()} on Java 22 and later, which no longer returns a
     * null console for redirected streams).
     */
    static boolean stdinIsTerminal() {
        try {
            if (Files.isSymbolicLink(STDIN_LINK)) {
                String target = Files.readSymbolicLink(STDIN_LINK).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException e) {
            // Fall back to the JDK's view below.
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
