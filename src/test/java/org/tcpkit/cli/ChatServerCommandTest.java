package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chat server's own options refuse bad values with one line and exit code 2, before anything starts. */
class ChatServerCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        ChatServerCommand command = new ChatServerCommand(new ByteArrayInputStream(new byte[0]), false);
        return Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @ParameterizedTest
    @CsvSource({
        "--irc-port, 70000",
        "--irc-ping, 0",
        "--irc-name, bad name!",
        "--irc-opers, teacher",
        "--max-rooms, 0",
        "--max-rooms-per-member, 0",
        "--room-name-length, 1",
        "--history, 10001",
        "--history, -1",
        "--history-hours, 9000",
        "--history-on-join, 101",
        "--redis-log-entries, 999"
    })
    void badValueGetsOneLineNamingOptionAndValueAndExitTwo(String option, String value) {
        assertEquals(2, run(option, value));
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("chat: "), message);
        assertTrue(message.contains(option), message);
        assertTrue(message.contains(value), message);
        assertEquals("", out.toString());
    }

    @org.junit.jupiter.api.Test
    void historyOnJoinBeyondWhatRoomsKeepIsRefusedWhenGiven() {
        assertEquals(2, run("--history", "5", "--history-on-join", "6"));
        assertEquals("chat: Invalid value for option '--history-on-join': '6' is outside the range 0-5 (see --help)",
                err.toString().strip());
    }
}
