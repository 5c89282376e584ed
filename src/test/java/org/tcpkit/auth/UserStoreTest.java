package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserStoreTest {
    /** A well-formed hash; the store checks the form, the hasher checks passwords. */
    static final String HASH = "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("users.properties");
    }

    @Test
    void aMissingFileIsAnEmptyStoreAndTheFirstChangeCreatesIt() throws Exception {
        UserStore store = UserStore.open(file());
        assertTrue(store.accountNames().isEmpty());
        assertTrue(store.register("alice", HASH));
        assertTrue(Files.exists(file()));
    }

    @Test
    void namesWithAnyCharactersSurviveARoundTrip() throws Exception {
        List<String> names = List.of("Алиса", "李雷", "Zoë Smith", "x=y", "k:v", "#hash", "!bang", "a\\b",
                "🙂 smile", " lead", "tab\u00a0nbsp", "= : # !");
        UserStore store = UserStore.open(file());
        int i = 1;
        for (String name : names) {
            assertTrue(store.register(name, HASH), name);
            store.rememberAddress(InetAddress.getByName("10.0.0." + i++), name);
        }
        UserStore reopened = UserStore.open(file());
        assertEquals(new java.util.TreeSet<>(names), reopened.accountNames());
        i = 1;
        for (String name : names) {
            assertEquals(name, reopened.nameFor(InetAddress.getByName("10.0.0." + i++)).orElseThrow());
            assertEquals(HASH, reopened.account(name).orElseThrow().hash());
        }
        assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(Files.readString(file(), StandardCharsets.ISO_8859_1)),
                "the file is plain ASCII with escapes");
    }

    @Test
    void addressRecordsAndAccountsDoNotCollide() throws Exception {
        UserStore store = UserStore.open(file());
        store.rememberAddress(InetAddress.getByName("127.0.0.1"), "user.bob");
        assertTrue(store.register("ip.127.0.0.1", HASH));
        UserStore reopened = UserStore.open(file());
        assertEquals("user.bob", reopened.nameFor(InetAddress.getByName("127.0.0.1")).orElseThrow());
        assertTrue(reopened.account("ip.127.0.0.1").isPresent());
        assertFalse(reopened.account("bob").isPresent());
    }

    @Test
    void accountNamesAreUniqueIgnoringCase() throws Exception {
        UserStore store = UserStore.open(file());
        assertTrue(store.register("Alice", HASH));
        assertFalse(store.register("alice", HASH));
        assertEquals("Alice", store.account("ALICE").orElseThrow().name());
    }

    @Test
    void fiftyConcurrentRegistrationsAllLand() throws Exception {
        UserStore store = UserStore.open(file());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "user" + i;
                results.add(pool.submit(() -> store.register(name, HASH)));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, UserStore.open(file()).accountNames().size());
    }

    @Test
    void twoStoresSharingTheFileKeepEachOthersChanges() throws Exception {
        UserStore first = UserStore.open(file());
        UserStore second = UserStore.open(file());
        assertTrue(first.register("one", HASH));
        assertTrue(second.register("two", HASH));
        assertFalse(first.register("TWO", HASH), "the first store sees the second's account when it writes");
        assertEquals(java.util.Set.of("one", "two"), UserStore.open(file()).accountNames());
    }

    @Test
    void aFailureInjectedMidWriteLeavesTheOldFileIntact() throws Exception {
        UserStore.open(file()).register("kept", HASH);
        byte[] before = Files.readAllBytes(file());
        UserStore failing = UserStore.open(file(), temporary -> {
            assertTrue(Files.size(temporary) > 0, "the new content was written to the temporary file");
            throw new IOException("disk full (injected)");
        });
        StoreException e = assertThrows(StoreException.class, () -> failing.register("lost", HASH));
        assertTrue(e.getMessage().contains("disk full (injected)"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file()));
        assertFalse(failing.account("lost").isPresent(), "memory matches the file after a failed write");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("users.properties", "users.properties.lock"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void aCorruptFileIsRefusedNamingTheFileAndTheProblemAndIsNotTouched() throws Exception {
        for (String content : List.of("user.bob=plaintext-password\n", "mystery=1\n", "user.x=\\u12G4\n",
                "ip.not-an-address=bob\n", "ip.10.0.0.1=\n")) {
            Files.writeString(file(), content, StandardCharsets.ISO_8859_1);
            StoreException e = assertThrows(StoreException.class, () -> UserStore.open(file()), content);
            assertTrue(e.getMessage().startsWith(file().toAbsolutePath().toString()), e.getMessage());
            assertFalse(e.getMessage().contains("plaintext-password"), "values are never quoted: " + e.getMessage());
            assertEquals(content, Files.readString(file(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aFileCorruptedWhileRunningIsNotOverwritten() throws Exception {
        UserStore store = UserStore.open(file());
        store.register("alice", HASH);
        Files.writeString(file(), "garbage=yes\n");
        assertThrows(StoreException.class, () -> store.register("bob", HASH));
        assertEquals("garbage=yes\n", Files.readString(file()));
    }
}
