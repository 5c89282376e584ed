package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServerCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        ServerCommand command = new ServerCommand(new ByteArrayInputStream(new byte[0]), false);
        return Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @ParameterizedTest
    @CsvSource({
        "--port, 70000",
        "--port, -1",
        "--port, http",
        "--port-tries, 0",
        "--chunk-size, 0",
        "--chunk-size, 2000000",
        "--idle-timeout, -1",
        "--max-connections, 0",
        "--backlog, 0",
        "--threads, green",
        "--log-level, loud",
        "--host, no-such-host.invalid",
        "--host, 192.0.2.1",
        "--mode, chat",
        "--log-max-size, 10Q",
        "--log-files, 0",
        "--max-per-address, -1",
        "--handshake-timeout, 0",
        "--registrations-per-hour, -1"
    })
    void badValueGetsOneLineNamingOptionAndValueAndExitTwo(String option, String value) {
        assertEquals(2, run(option, value));
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("server: "), message);
        assertTrue(message.contains(option), message);
        assertTrue(message.contains(value), message);
        assertEquals("", out.toString());
    }

    @Test
    void aMistypedCommandOrNumberIsAnsweredInTheUsersWords() {
        assertEquals(2, run("chatt"));
        assertTrue(err.toString().contains("'chatt' is not a command or value that server takes; did you mean chat?"),
                err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--port", "abc"));
        assertTrue(err.toString().contains("'abc' is not a whole number"), err.toString());
        assertTrue(!err.toString().contains("an int"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--host", "10.99.99.99"));
        assertTrue(err.toString().contains("'10.99.99.99' is not an address of this machine (see --help)"),
                err.toString());
    }

    @Test
    void virtualThreadsOnAnOldJavaAreRefusedClearly() {
        if (Runtime.version().feature() >= 21) {
            assertEquals(2, run("--threads", "virtual", "--help"));
            return;
        }
        assertEquals(2, run("--threads", "virtual"));
        assertTrue(err.toString().contains("needs Java 21 or later"), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertEquals(0, run("--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (String expected : new String[] {"--host", "Default: 0.0.0.0", "--port", "Default: 7777", "--port-tries",
            "Default: 20", "--chunk-size", "Default: 1024", "--[no-]exit-line", "--idle-timeout", "Default: 300", "--threads",
            "--log-file", "logs/server.log", "--log-level", "--verbose", "--no-prompt", "Exit codes"}) {
            assertTrue(help.contains(expected), "help lacks " + expected + ":\n" + help);
        }
    }

    @ParameterizedTest
    @CsvSource({"ident", "auth"})
    void withoutTheExitLineOnlyTheEchoModeRuns(String mode) {
        assertEquals(2, run("--mode", mode, "--no-exit-line"));
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("--no-exit-line applies to --mode echo only"), message);
    }

    @org.junit.jupiter.api.Test
    void modeChatPointsToTheChatCommand() {
        assertEquals(2, run("--mode", "chat"));
        assertTrue(err.toString().contains("run 'server.jar chat' for the chat server"), err.toString());
    }
}
