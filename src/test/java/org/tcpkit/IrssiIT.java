package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Tmux;

/**
 * irssi, in a terminal (tmux), joins a room of server.jar's chat through the IRC door, talks with a
 * netcat-style member and leaves; its raw log shows every line the server sent, and none is an error numeric.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IrssiIT {
    @TempDir
    Path dir;

    @Test
    void irssiJoinsTalksAndQuitsWithoutAnErrorReply() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/irssi")), "irssi is not installed (Debian package irssi, "
                + "which .ci/run installs when it can)");
        Path home = Files.createDirectories(dir.resolve("irssi"));
        Path raw = dir.resolve("raw.log");
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                "127.0.0.1", "--port", "0", "--irc-port", "0"));
             TagClient nc = TagClient.connect(server.port());
             Tmux terminal = Tmux.start(dir)) {
            nc.expect("ask");
            nc.send("nc");
            nc.expect("ok");
            terminal.line("irssi --home=" + home + " -n ircy --noconnect");
            terminal.await("Irssi v");
            terminal.line("/set rawlog_lines 5000");
            // irssi paces its own commands (one each 2.2 s after a burst of five); the server needs no pacing.
            terminal.line("/set cmd_queue_speed 0");
            terminal.line("/connect 127.0.0.1 " + server.ircPort());
            assertEquals("* ircy joined", nc.line(), "irssi lands in #lobby");
            nc.send("/join #lab3");
            assertEquals("* You are in #lab3 now. Here (1): nc", nc.line());
            terminal.line("/join #lab3");
            assertEquals("* ircy joined", nc.line());
            terminal.await("ircy .*has joined #lab3");
            terminal.line("hello from irssi");
            assertEquals("<ircy> hello from irssi", nc.line());
            terminal.line("/me waves");
            assertEquals("* ircy waves", nc.line());
            nc.send("hi irssi, from netcat");
            assertEquals("<nc (you)> hi irssi, from netcat", nc.line());
            terminal.await("hi irssi, from netcat");
            terminal.line("/part #lab3 bye now");
            assertEquals("* ircy left the room (bye now)", nc.line());
            // A WHOIS of a missing nick (401, 318), and the WHOWAS irssi may follow it with (406, 369).
            terminal.line("/whois nobody");
            terminal.line("/quote WHOWAS nobody");
            // A PING last: once its PONG is in the raw log, so is every reply to what came before.
            terminal.line("/quote PING :done");
            String log = awaitRawLog(terminal, raw, ">> :tcpkit PONG tcpkit :done");
            terminal.line("/quit");
            assertTrue(log.contains("PART #lab3"), "the raw log holds the whole session: " + log);
            assertTrue(log.contains(">> :tcpkit 001 ircy "), "irssi marks what it received with >>: " + log);
            assertTrue(log.contains(">> :tcpkit 318 ircy nobody") && log.contains(">> :tcpkit 369 ircy nobody"),
                    "WHOIS and WHOWAS of a missing nick are answered to their end: " + log);
            for (String line : log.split("\n")) {
                // An error reply is a numeric 4xx or 5xx. irssi sends a bare "JOIN :" before registering, and
                // 451 is the answer RFC 2812 gives it; irssi shows nothing for it.
                boolean registering = line.matches(">> :\\S+ 451 \\* JOIN :You have not registered");
                // /whois nobody: 401 then, for irssi's WHOWAS, 406: the answers that say nobody has that name.
                boolean nobody = line.matches(">> :\\S+ (401|406) ircy nobody .*");
                assertTrue(registering || nobody || !line.matches(">> :\\S+ [45]\\d\\d .*"),
                        "irssi got an error reply: " + line);
            }
        }
    }

    /** irssi's raw log, saved again until it holds {@code last} (at most 10 s). */
    private static String awaitRawLog(Tmux terminal, Path file, String last) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            terminal.line("/rawlog save " + file);
            TimeUnit.MILLISECONDS.sleep(100);
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(last)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("irssi's raw log never showed " + last);
    }
}
