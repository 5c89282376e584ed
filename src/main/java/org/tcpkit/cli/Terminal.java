package org.tcpkit.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells whether standard input is a terminal, which decides whether the programs may prompt. */
final class Terminal {
    private static final Path STDIN_LINK = Path.of("/proc/self/fd/0");
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");
    private static final Path STDOUT_LINK = Path.of("/proc/self/fd/1");

    private Terminal() {
    }

    /**
     * True when a person can answer prompts. On Linux, standard input is looked at directly; elsewhere the
     * JDK's console decides ({@code Console.isTerminal()} on Java 22 and later, which no longer returns a
     * null console for redirected streams).
     */
    static boolean stdinIsTerminal() {
        Boolean linux = linksToTerminal(STDIN_LINK);
        if (linux != null) {
            return linux;
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

    /**
     * True when the program may ask questions: standard input is a terminal and the program runs in the
     * terminal's foreground. A program started in the background ({@code server.jar -p 7895 &}) that read
     * its terminal would be stopped by the shell ("Stopped (tty input)"), so it never asks.
     */
    static boolean canPrompt() {
        return stdinIsTerminal() && inForeground();
    }

    /**
     * On Linux, whether this process's group is the terminal's foreground group (fields 5 and 8 of
     * /proc/self/stat); true where that cannot be told.
     */
    static boolean inForeground() {
        try (java.io.InputStream in = Files.newInputStream(STAT)) {
            String stat = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // After "pid (comm) ": state ppid pgrp session tty_nr tpgid ...
            return fields[2].equals(fields[5]);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** True when standard output is a terminal, so a line editor may draw there. */
    static boolean stdoutIsTerminal() {
        Boolean linux = linksToTerminal(STDOUT_LINK);
        return linux != null ? linux : System.console() != null;
    }

    /** True when standard error is a terminal, so a live progress line can be redrawn there. */
    static boolean stderrIsTerminal() {
        Boolean linux = linksToTerminal(STDERR_LINK);
        return linux != null ? linux : System.console() != null;
    }

    /** On Linux, whether the descriptor's link names a terminal device; null where that cannot be told. */
    private static Boolean linksToTerminal(Path link) {
        try {
            if (Files.isSymbolicLink(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException e) {
            // Not Linux, or not allowed to look: the caller falls back to the JDK's view.
        }
        return null;
    }
}
