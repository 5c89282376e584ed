package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;

/** The identification and authentication modes through the real jars, as people and scripts use them. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoginModesIT {
    private static final String PASSWORD = "Correct-Horse-42";

    @TempDir
    Path dir;

    private String everythingWritten() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void registerLogInAndFailThroughClientJar() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--mode", "auth", "--port", "0")) {
            assertTrue(server.readiness().startsWith("Authentication server listening on 0.0.0.0:"), server.readiness());
            String port = "" + server.port();

            Jars.Result register = Jars.client(dir, "alice\nyes\n" + PASSWORD + "\n" + PASSWORD + "\nhello\nexit\n",
                    "--mode", "auth", "--port", port);
            assertEquals(0, register.exitCode(), register.stderr());
            assertEquals("", register.stderr());
            String transcript = register.stdout();
            assertTrue(transcript.contains("This connection is not encrypted"), transcript);
            assertTrue(transcript.contains("Name?\nThere is no user alice. Register alice as a new user? (yes/no)\n"),
                    transcript);
            assertTrue(transcript.contains("Welcome, alice! You are registered."), transcript);
            assertTrue(transcript.endsWith("hello\n"), transcript);

            Jars.Result login = Jars.client(dir, "alice\n" + PASSWORD + "\nagain\n", "--mode", "auth", "--port", port);
            assertEquals(0, login.exitCode(), login.stderr());
            assertTrue(login.stdout().contains("Password for alice?\nHello, alice!"), login.stdout());
            assertTrue(login.stdout().endsWith("again\n"), login.stdout());

            Jars.Result wrong = Jars.client(dir, "alice\nnope-1\nnope-2\nnope-3\n", "--mode", "auth", "--port", port);
            assertEquals(1, wrong.exitCode());
            assertEquals("client: Too many failed attempts; goodbye.\n", wrong.stderr());
            assertEquals(3, wrong.stdout().split("Wrong name or password", -1).length - 1, wrong.stdout());
            server.terminate();
        }
        String users = Files.readString(dir.resolve("users.properties"));
        assertTrue(users.contains("user.alice=pbkdf2-sha256$600000$"), users);
        String log = Files.readString(dir.resolve("logs/server.log"));
        for (String event : List.of("registration: \"alice\" from 127.0.0.1:", "login succeeded: \"alice\" from 127.0.0.1:",
                "login failed: \"alice\" from 127.0.0.1:", "(wrong password)", "(too many attempts, disconnected)")) {
            assertTrue(log.contains(event), "log lacks " + event + ":\n" + log);
        }
        assertFalse(everythingWritten().contains(PASSWORD), "the password appears in a file under " + dir);
    }

    @Test
    void identificationRemembersAClientAcrossRestarts() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--mode", "ident", "--port", "0")) {
            Jars.Result first = Jars.client(dir, "Борис\nhi\n", "--mode", "ident", "--port", "" + server.port());
            assertEquals(0, first.exitCode(), first.stderr());
            assertTrue(first.stdout().startsWith("This server does not know 127.0.0.1 yet.\nWhat is your name?"),
                    first.stdout());
            assertTrue(first.stdout().contains("Nice to meet you, Борис!"), first.stdout());
            assertTrue(first.stdout().endsWith("hi\n"), first.stdout());
            server.terminate();
        }
        try (Jars.Server server = Jars.server(dir, "--mode", "ident", "--port", "0")) {
            Jars.Result again = Jars.client(dir, "back\n", "--mode", "ident", "--port", "" + server.port());
            assertTrue(again.stdout().startsWith("Hello, Борис!"), again.stdout());
            assertTrue(again.stdout().endsWith("back\n"), again.stdout());
            server.terminate();
        }
        String log = Files.readString(dir.resolve("logs/server.log"));
        assertTrue(log.contains("identification: 127.0.0.1:"), log);
        assertTrue(log.contains("is unknown, asking for a name"), log);
        assertTrue(log.contains("name registered: 127.0.0.1 is \"Борис\""), log);
        assertTrue(log.contains("is known as \"Борис\""), log);
    }

    @Test
    void aCorruptUserFileStopsTheServerWithOneLineAndIsKept() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "user.mallory=hunter2\n");
        Jars.Result result = Jars.run(dir, Jars.command(List.of(), "server.jar", "--mode", "auth", "--port", "0"), "");
        assertEquals(1, result.exitCode());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().contains(users.toAbsolutePath().toString()), result.stderr());
        assertTrue(result.stderr().contains("'user.mallory'"), result.stderr());
        assertFalse(result.stderr().contains("hunter2"), result.stderr());
        assertEquals("user.mallory=hunter2\n", Files.readString(users));
    }
}
