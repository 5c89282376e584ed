package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TagClient;
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

    @Test
    void theChatClientKeepsTheLineBeingTypedAndShowsEachLineOnce() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Jars.Server server = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0");
             TagClient bob = TagClient.connect(server.port());
             Tmux terminal = Tmux.start(dir)) {
            bob.expect("ask");
            bob.send("bob");
            bob.expect("ok");
            terminal.line(java("client.jar", "chat --port " + server.port()));
            terminal.await("Nickname\\? \\(1-16 characters, no spaces\\)$");
            terminal.line("alice");
            terminal.await("Welcome to the chat, alice!");
            terminal.keys("-l", "I am typing a long sent");
            terminal.await("> I am typing a long sent$");
            bob.send("hello alice");
            // The incoming line goes above; what is being typed stays whole on the last line.
            String screen = terminal.await("<bob> hello alice\\n> I am typing a long sent$");
            terminal.keys("-l", "ence");
            terminal.keys("Enter");
            screen = terminal.await("<alice \\(you\\)> I am typing a long sentence\\n>$");
            assertEquals(1, screen.split("I am typing a long sentence", -1).length - 1, screen);
            terminal.keys("Up");
            terminal.await("\\n> I am typing a long sentence$");
            terminal.keys("C-u");
            terminal.keys("-l", "b");
            terminal.keys("Tab");
            terminal.await("\\n> bob$");
            terminal.keys("C-u");
            terminal.keys("-l", "echo typed-but-not-sent");
            assertEquals(143, server.terminate());
            terminal.await("\\* server shutting down");
            // Type only once the client has exited and the shell is back.
            screen = terminal.await("chat: the server shut down\\n+\\$");
            assertTrue(java.util.regex.Pattern.compile("(?m)^chat: the server shut down$").matcher(screen).find(),
                    "the goodbye starts a line of its own: " + screen);
            terminal.line("echo \"status $?\"");
            screen = terminal.await("status \\d+");
            assertTrue(screen.contains("status 0"), screen);
            assertFalse(screen.contains("\ntyped-but-not-sent"), "the half-typed line reached the shell: " + screen);
        }
    }

    @Test
    void aPastedBlockThatEndsInANewlineIsSentWholeAndInOrderWithoutAnotherEnter() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Jars.Server server = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0");
             TagClient bob = TagClient.connect(server.port());
             Tmux terminal = Tmux.start(dir)) {
            bob.expect("ask");
            bob.send("bob");
            bob.expect("ok");
            terminal.line(java("client.jar", "chat --port " + server.port()));
            terminal.await("Nickname\\? \\(1-16 characters, no spaces\\)$");
            terminal.line("alice");
            terminal.await("Welcome to the chat, alice!.*\\n>$");
            assertEquals("* alice joined", bob.line());
            StringBuilder block = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                block.append("pasted line ").append(i).append('\n');
            }
            terminal.paste(block.toString());
            terminal.await("\\* 21 of your lines wait their turn");
            for (int i = 1; i <= 30; i++) {
                assertEquals("<alice> pasted line " + i, bob.line());
            }
            String screen = terminal.await("<alice \\(you\\)> pasted line 30\\n>\\s*$");
            assertFalse(java.util.regex.Pattern.compile("(?m)^> pasted line").matcher(screen).find(),
                    "no pasted line is left on the prompt: " + screen);
            assertFalse(screen.contains("You are sending more than"), "the server never had to hold a line back");
            terminal.line("/quit");
            terminal.await("\\$\\s*$");
        }
    }

    @Test
    void endOfInputAtAPromptSaysSoInOneLineAndFails() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Jars.Server server = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0");
             Tmux terminal = Tmux.start(dir)) {
            terminal.line(java("client.jar", ""));
            terminal.await("Host \\[localhost\\]:$");
            terminal.keys("C-d");
            terminal.await("client: input ended at the Host prompt; not connecting\\n\\$");
            terminal.line("echo \"status $?\"");
            terminal.await("status 1");
            terminal.line("clear");
            terminal.line(java("client.jar", "chat --port " + server.port()));
            terminal.await("Nickname\\? \\(1-16 characters, no spaces\\)$");
            terminal.keys("C-d");
            terminal.await("chat: input ended before the server's questions were answered; left without getting "
                    + "in\\n\\$");
            terminal.line("echo \"status $?\"");
            terminal.await("status 1");
        }
    }

    /** A JDK 24 or later beside the one running the tests, where native access warnings would show. */
    private static java.util.Optional<Path> newerJava() throws java.io.IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!java.nio.file.Files.isDirectory(jvms)) {
            return java.util.Optional.empty();
        }
        try (var entries = java.nio.file.Files.list(jvms)) {
            return entries.map(jdk -> jdk.resolve("bin/java")).filter(java.nio.file.Files::isExecutable)
                    .filter(java -> java.toString().matches(".*-(2[4-9]|[3-9]\\d)[-.].*")).findFirst();
        }
    }

    @Test
    void onJava24AndLaterTheChatClientShowsNoNativeAccessWarning() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        java.util.Optional<Path> java = newerJava();
        Assumptions.assumeTrue(java.isPresent(), "no JDK 24 or later in /usr/lib/jvm");
        try (Jars.Server server = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0");
             Tmux terminal = Tmux.start(dir)) {
            terminal.line(java.get() + " -jar " + Jars.jar("client.jar") + " chat --port " + server.port());
            terminal.await("Nickname\\?");
            terminal.line("carol");
            terminal.await("Welcome to the chat, carol!");
            terminal.keys("-l", "hi");
            terminal.keys("Enter");
            terminal.await("<carol \\(you\\)> hi");
            terminal.keys("C-d");
            String screen = terminal.await("Goodbye, carol");
            assertFalse(screen.contains("WARNING"), screen);
        }
    }

    @Test
    void aServerThatGivesUpAtAPasswordPromptLeavesTheNextCommandToTheShell() throws Exception {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        try (Jars.Server server = Jars.server(dir, "--mode", "auth", "--host", "127.0.0.1", "--port", "0",
                "--prompt-timeout", "2");
             Tmux terminal = Tmux.start(dir)) {
            terminal.line(java("client.jar", "--port " + server.port()));
            terminal.await("Name\\? $|Name\\?$");
            terminal.line("alice");
            terminal.await("Register alice as a new user\\? \\(yes/no\\)$");
            terminal.line("yes");
            terminal.await("Choose a password for alice");
            // The server gives up after 2 s; the client says so at once and gives the terminal back.
            terminal.await("No answer within 2 s; goodbye\\.\\n\\$");
            terminal.line("echo shell-got-$((6*7))");
            String screen = terminal.await("shell-got-42");
            assertTrue(screen.contains("$ echo shell-got-$((6*7))"), "the shell did not show the typed command: "
                    + screen);
        }
    }
}
