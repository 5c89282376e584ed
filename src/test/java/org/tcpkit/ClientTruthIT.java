package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TestKeys;

/** client.jar tells the user what the server is and when it has gone, in one line, at once. */
@Timeout(180)
class ClientTruthIT {
    @TempDir
    static Path keysDir;
    private static TestKeys keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        keys = TestKeys.make(keysDir);
    }

    private Jars.Server server(String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", "0", "--log-level", "info"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return Jars.server(dir, all);
    }

    private Jars.Result client(Jars.Server server, String stdin, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--port";
        all[args.length + 1] = "" + server.port();
        return Jars.client(dir, stdin, all);
    }

    private static void oneLine(Jars.Result result, String expected) {
        assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains(expected), result.stderr());
    }

    @Test
    void withoutModeTheClientAnswersALoginDialogueAndNeverShowsOrLogsThePassword() throws Exception {
        try (Jars.Server server = server("--mode", "auth")) {
            Jars.Result result = client(server, "alice\nyes\nCorrect-Horse-42\nCorrect-Horse-42\nhello\nexit\n");
            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stdout().contains("Welcome, alice! You are registered."), result.stdout());
            assertTrue(result.stdout().endsWith("hello\n"), result.stdout());
            assertFalse(result.stdout().contains("Correct-Horse-42"), result.stdout());
            assertFalse(Files.readString(dir.resolve("logs/client.log")).contains("Correct-Horse-42"));
        }
    }

    @Test
    void aModeThatDoesNotMatchTheServerIsNamedInOneLine() throws Exception {
        try (Jars.Server echo = server()) {
            long started = System.nanoTime();
            oneLine(client(echo, "alice\n", "--mode", "auth"), "sent no greeting within 3 s: it is an echo server, "
                    + "not an auth server; leave out --mode");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10);
            oneLine(client(echo, "alice\n", "chat"), "sent nothing within 3 s: it is not a chat server");
        }
        try (Jars.Server auth = server("--mode", "auth")) {
            oneLine(client(auth, "hello\n", "--mode", "echo"), "begins a dialogue (\"info: tcpkit authentication "
                    + "server.");
            oneLine(client(auth, "alice\n", "chat"), "is a login server, not a chat");
        }
        try (Jars.Server chat = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0")) {
            oneLine(client(chat, "hello\n"), "is a chat server: use 'client.jar chat'");
        }
    }

    @Test
    void aPlainClientToATlsServerIsToldToAddTls() throws Exception {
        try (Jars.Server tls = server("--tls", "--keystore", keys.keystore().toString(), "--keystore-password",
                TestKeys.PASSWORD)) {
            oneLine(client(tls, "hello\n"), "speaks TLS: add --tls");
            oneLine(client(tls, "a much longer line than any TLS alert\n"), "speaks TLS: add --tls");
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
        try (Jars.Server auth = server("--mode", "auth", "--prompt-timeout", "1")) {
            Jars.Result result = waitingClient(auth);
            oneLine(result, "closed the connection: No answer within 1 s; goodbye.");
        }
        try (Jars.Server echo = server("--idle-timeout", "1")) {
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
        try (Jars.Server auth = server("--mode", "auth")) {
            Jars.Result result = stoppedWhileAsked(auth, "Name?");
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("client: the server shut down", result.stderr().strip());
        }
    }
}
