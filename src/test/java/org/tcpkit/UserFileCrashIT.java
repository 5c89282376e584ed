package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.auth.UserStore;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TagClient;

/** The user file survives the authentication server being killed (SIGKILL) in the middle of registrations. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UserFileCrashIT {
    @TempDir
    Path dir;

    @Test
    void killNineDuringRegistrationsLeavesAWholeFile() throws Exception {
        Jars.Server server = Jars.server(dir, "--mode", "auth", "--port", "0");
        List<Thread> clients = new ArrayList<>();
        java.util.Set<String> welcomed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 12; i++) {
            String name = "crash" + i;
            Thread thread = new Thread(() -> {
                try (TagClient client = TagClient.connect(server.port())) {
                    // The registrations hash one after another: a client may wait for all the others' first.
                    client.socket().setSoTimeout(60_000);
                    client.send(name + "\nyes\npassword-" + name + "\npassword-" + name);
                    for (String line = client.line(); line != null; line = client.line()) {
                        if (line.startsWith("ok: ")) {
                            welcomed.add(name);
                        }
                    }
                } catch (Exception | AssertionError expected) {
                    // The server is killed mid-way; what matters is the file.
                }
            });
            thread.start();
            clients.add(thread);
        }
        // Killed once some are registered and the others are on their way. Each registration hashes at the
        // server's full cost, one at a time, in a JVM that has just started: on a busy machine that takes a while.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (welcomed.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        java.util.Set<String> registered = java.util.Set.copyOf(welcomed);
        server.process().destroyForcibly();
        assertTrue(server.process().waitFor(10, TimeUnit.SECONDS));
        for (Thread thread : clients) {
            thread.join(15_000);
        }
        assertTrue(registered.size() >= 3, "registrations went too slowly to test: " + registered);
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        java.util.Set<String> saved = java.util.Set.copyOf(store.accountNames());
        assertTrue(saved.containsAll(registered), "every account its client was told about is in the file: "
                + registered + " in " + saved);
        org.tcpkit.auth.PasswordHasher hasher = org.tcpkit.auth.PasswordHasher.standard();
        for (String name : registered) {
            assertTrue(hasher.verify(("password-" + name).toCharArray(), store.account(name).orElseThrow().hash()),
                    "the saved hash of " + name + " checks its password: nothing torn");
        }
        try (Jars.Server restarted = Jars.server(dir, "--mode", "auth", "--port", "0")) {
            assertTrue(restarted.readiness().contains("listening on"), "the file left behind is accepted");
        }
    }
}
