package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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

/** The chat through the real jars: server.jar chat with client.jar chat and a netcat-style peer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatIT {
    private static final String STAMP = "\\[\\d\\d:\\d\\d:\\d\\d\\] ";

    @TempDir
    Path dir;

    @Test
    void withAuthTheChatsWelcomeIsTheOnlyOneAndASecondLoginGetsOneLine() throws Exception {
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--auth",
                "--host", "127.0.0.1", "--port", "0"))) {
            Jars.Result register = Jars.client(dir, "alice\nyes\nCorrect-Horse-42\nCorrect-Horse-42\n/quit\n",
                    "chat", "--port", "" + server.port());
            assertEquals(0, register.exitCode(), register.stderr());
            assertFalse(register.stdout().contains("echoed"), register.stdout());
            assertFalse(register.stdout().contains("ok:"), register.stdout());
            assertTrue(register.stdout().contains("You are registered as alice."), register.stdout());
            assertTrue(register.stdout().contains("Welcome to the chat, alice!"), register.stdout());
            try (TagClient first = TagClient.connect(server.port())) {
                first.expect("info");
                first.expect("ask");
                first.send("alice");
                first.expect("secret");
                first.send("Correct-Horse-42");
                assertTrue(first.expect("ok").startsWith("Welcome to the chat, alice!"));
                Jars.Result second = Jars.client(dir, "alice\nCorrect-Horse-42\n", "chat", "--port",
                        "" + server.port());
                assertEquals(1, second.exitCode(), second.stderr());
                assertEquals("chat: alice is in the chat already, from another connection; leave there first.",
                        second.stderr().strip());
                assertFalse(second.stdout().contains("Welcome"), second.stdout());
            }
        }
    }

    @Test
    void aClientJarUserChatsWithANetcatUserAndQuits() throws Exception {
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--port", "0"));
             TagClient bob = TagClient.connect(server.port())) {
            assertTrue(server.readiness().startsWith("Chat server listening on 0.0.0.0:"), server.readiness());
            bob.expect("ask");
            bob.send("bob");
            bob.expect("ok");

            Jars.Result alice = Jars.client(dir, "alice\nпривет, bob\n/who\n/msg bob psst\n", "chat", "--port",
                    "" + server.port());
            assertEquals(0, alice.exitCode(), alice.stderr());
            assertEquals("", alice.stderr());
            List<String> lines = alice.stdout().lines().toList();
            assertEquals("Nickname? (1-16 characters, no spaces)", lines.get(0));
            assertEquals("Welcome to the chat, alice! Online (2): alice, bob. Rooms keep their last 100 lines of the last "
                    + "24 h (/history). Type /help for commands.", lines.get(1));
            assertTrue(lines.get(2).matches(STAMP + "<alice \\(you\\)> привет, bob"), lines.get(2));
            assertTrue(lines.get(3).matches(STAMP + "\\* In #lobby \\(2\\): alice, bob"), lines.get(3));
            assertTrue(lines.get(4).matches(STAMP + "-> \\*bob\\* psst"), lines.get(4));
            assertTrue(lines.get(5).matches(STAMP + "\\* Goodbye, alice\\."), lines.get(5));

            assertEquals("* alice joined", bob.line());
            assertEquals("<alice> привет, bob", bob.line());
            assertEquals("*alice* psst", bob.line());
            assertEquals("* alice left (quit)", bob.line());
            server.terminate();
            assertEquals("* server shutting down", bob.line());
            assertNull(bob.line());
        }
        String log = Files.readString(dir.resolve("logs/chat-server.log"));
        for (String event : List.of("server starting: chat server", "chat join: bob from 127.0.0.1:",
                "chat join: alice from 127.0.0.1:", "chat private message: alice -> bob", "chat leave: alice from",
                "(quit)", "server stopped")) {
            assertTrue(log.contains(event), "log lacks " + event + ":\n" + log);
        }
        assertTrue(!log.contains("psst"), "private message text must not be logged");
        Path clientLog = dir.resolve("logs/chat-client.log");
        String said = Files.readString(clientLog);
        for (String words : List.of("psst", "привет", "In #lobby")) {
            assertFalse(said.contains(words), "the chat client's log holds what was said (" + words + "):\n" + said);
        }
        assertTrue(said.lines().allMatch(l -> l.matches("\\S+ \\S+ \\[\\d+\\] \\w+ ChatClient - .*")),
                "every line names the chat client and its process:\n" + said);
        assertTrue(said.contains("sending a line to"), said);
        for (Path file : List.of(clientLog, dir.resolve("logs/chat-server.log"))) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void aLateComerSeesWhatWasSaidBeforeUnlessTheServerKeepsNothing() throws Exception {
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--port", "0"));
             TagClient bob = TagClient.connect(server.port())) {
            bob.expect("ask");
            bob.send("bob");
            bob.expect("ok");
            bob.send("said before you came");
            assertEquals("<bob (you)> said before you came", bob.line());
            Jars.Result alice = Jars.client(dir, "alice\n/history 1\n", "chat", "--port", "" + server.port());
            assertEquals(0, alice.exitCode(), alice.stderr());
            List<String> lines = alice.stdout().lines().toList();
            String past = STAMP + "= \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ <bob> said before you came";
            assertTrue(lines.get(2).matches(STAMP + "\\* #lobby keeps its last 100 lines of the last 24 h; the last one:"),
                    lines.get(2));
            assertTrue(lines.get(3).matches(past), lines.get(3));
            assertTrue(lines.get(4).matches(STAMP + "\\* #lobby keeps its last 100 lines of the last 24 h; the last one:"),
                    lines.get(4));
            assertTrue(lines.get(5).matches(past), lines.get(5));
        }
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--port", "0",
                "--history", "0"));
             TagClient bob = TagClient.connect(server.port())) {
            bob.expect("ask");
            bob.send("bob");
            bob.expect("ok");
            bob.send("said before you came");
            assertEquals("<bob (you)> said before you came", bob.line());
            Jars.Result alice = Jars.client(dir, "alice\n/history\n", "chat", "--port", "" + server.port());
            List<String> lines = alice.stdout().lines().toList();
            assertEquals("Welcome to the chat, alice! Online (2): alice, bob. Type /help for commands.", lines.get(1));
            assertTrue(lines.get(2).matches(STAMP + "! This server keeps no history of its rooms\\."), lines.get(2));
        }
    }

    @Test
    void aConnectedClientEndsWithExitZeroWhenTheServerShutsDown() throws Exception {
        Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--port", "0"));
        Process carol = new ProcessBuilder(Jars.command(List.of(), "client.jar", "chat", "--port", "" + server.port()))
                .directory(dir.toFile()).start();
        try (OutputStream in = carol.getOutputStream()) {
            in.write("carol\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(carol.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("Nickname? (1-16 characters, no spaces)", out.readLine());
            assertTrue(out.readLine().startsWith("Welcome to the chat, carol!"));
            assertEquals(143, server.terminate());
            String notice = out.readLine();
            if (notice == null) {
                carol.waitFor(10, TimeUnit.SECONDS);
            }
            assertTrue(notice != null && notice.matches(STAMP + "\\* server shutting down"), "got " + notice
                    + (notice == null ? ", exit " + carol.exitValue() + ", stderr: "
                    + new String(carol.getErrorStream().readAllBytes()) : ""));
            assertTrue(carol.waitFor(20, TimeUnit.SECONDS), "the client did not end after the server shut down");
            assertEquals(0, carol.exitValue());
            assertEquals("chat: the server shut down\n", new String(carol.getErrorStream().readAllBytes()));
        } finally {
            carol.destroyForcibly();
        }
    }

    @Test
    void aLostConnectionEndsTheClientWithExitOne() throws Exception {
        Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--port", "0"));
        Process dave = new ProcessBuilder(Jars.command(List.of(), "client.jar", "chat", "--port", "" + server.port()))
                .directory(dir.toFile()).start();
        try (OutputStream in = dave.getOutputStream()) {
            in.write("dave\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(dave.getInputStream(), StandardCharsets.UTF_8));
            out.readLine();
            assertTrue(out.readLine().startsWith("Welcome to the chat, dave!"));
            server.process().destroyForcibly();
            assertTrue(dave.waitFor(20, TimeUnit.SECONDS), "the client did not notice the lost connection");
            assertEquals(1, dave.exitValue());
            String err = new String(dave.getErrorStream().readAllBytes());
            assertEquals("chat: connection to localhost:" + server.port() + " lost\n", err);
        } finally {
            dave.destroyForcibly();
        }
    }
}
