package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tcpkit.ClientRuns.client;
import static org.tcpkit.ClientRuns.oneLine;
import static org.tcpkit.ClientRuns.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;

/** client.jar tells the user when the server has gone or given up on them, in one line, at once. */
@Timeout(180)
class ClientTruthIT {
    @TempDir
    Path dir;

    @Test
    void withoutModeTheClientAnswersALoginDialogueAndNeverShowsOrLogsThePassword() throws Exception {
        try (Jars.Server server = server(dir, "--mode", "auth")) {
            Jars.Result result = client(dir, server, "alice\nyes\nCorrect-Horse-42\nCorrect-Horse-42\nhello\nexit\n");
            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stdout().contains("Welcome, alice! You are registered."), result.stdout());
            assertTrue(result.stdout().endsWith("hello\n"), result.stdout());
            assertFalse(result.stdout().contains("Correct-Horse-42"), result.stdout());
            assertFalse(Files.readString(dir.resolve("logs/client.log")).contains("Correct-Horse-42"));
        }
    }

    /** Runs client.jar with standard input left open, as a person who types nothing; its result within 20 s. */
    private Jars.Result waitingClient(Jars.Server server, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(Jars.command(List.of(), "client.jar", args));
        command.add("--port");
        command.add("" + server.port());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        try {
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the client kept waiting for the user");
            return new Jars.Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aServerThatGivesUpOnAnIdleUserIsReportedAtOnceWithItsReason() throws Exception {
        try (Jars.Server auth = server(dir, "--mode", "auth", "--prompt-timeout", "1")) {
            Jars.Result result = waitingClient(auth);
            oneLine(result, "closed the connection: No answer within 1 s; goodbye.");
        }
        try (Jars.Server echo = server(dir, "--idle-timeout", "1")) {
            oneLine(waitingClient(echo), "the server at localhost:");
        }
    }

    /** Starts client.jar with standard input open, waits for {@code prompt}, stops the server, returns the end. */
    private Jars.Result stoppedWhileAsked(Jars.Server server, String prompt, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(Jars.command(List.of(), "client.jar", args));
        command.add("--port");
        command.add("" + server.port());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(prompt)) {
                // Greetings before the question.
            }
            assertTrue(line != null, "the client never showed " + prompt);
            assertEquals(143, server.terminate());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the client kept waiting for the user");
            return new Jars.Result(process.exitValue(), "",
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aClientAskedAQuestionWhenTheServerStopsEndsNormally() throws Exception {
        try (Jars.Server chat = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0")) {
            Jars.Result result = stoppedWhileAsked(chat, "Nickname?", "chat");
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("chat: the server shut down", result.stderr().strip());
        }
        try (Jars.Server auth = server(dir, "--mode", "auth")) {
            Jars.Result result = stoppedWhileAsked(auth, "Name?");
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("client: the server shut down", result.stderr().strip());
        }
    }
}
