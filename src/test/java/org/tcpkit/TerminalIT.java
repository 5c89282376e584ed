package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.Tmux;

/** The programs in a real terminal (tmux), as a person types them. */
@Timeout(120)
class TerminalIT {
    @TempDir
    Path dir;

    private static String java(String jar, String args) {
        return Jars.java() + " -jar " + Jars.jar(jar) + " " + args;
    }

    @Test
    void aServerStartedInTheBackgroundNeverStopsForInput() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Tmux terminal = Tmux.start(dir)) {
            terminal.line(java("server.jar", "--log-level off") + " &");
            String screen = terminal.await("Echo server listening on \\S+:\\d+");
            assertFalse(screen.contains("Bind address ["), screen);
            terminal.line("jobs");
            screen = terminal.await("\\[1\\]\\+\\s+(Running|Stopped)");
            assertTrue(screen.contains("Running"), screen);
            terminal.line("kill %1; wait %1; echo \"status $?\"");
            terminal.await("status 143");
        }
    }

    @Test
    void givingThePortAsksNothingElse() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Tmux terminal = Tmux.start(dir)) {
            terminal.line(java("server.jar", "--log-level off --port 0"));
            String screen = terminal.await("Echo server listening on \\S+:\\d+");
            assertFalse(screen.contains("Bind address ["), screen);
            terminal.keys("C-c");
            // The shell's prompt starts a line of its own, not glued to the ^C.
            terminal.await("\\^C\\n\\$");
        }
    }
}
