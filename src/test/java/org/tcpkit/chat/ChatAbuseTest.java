package org.tcpkit.chat;

import org.tcpkit.chat.line.LineSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.LoginThrottle;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.auth.UserStore;
import org.tcpkit.testing.TagClient;

/** Nicknames that impersonate, text that hides or reorders itself, and the order of a newcomer's lines. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatAbuseTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.ChatAbuse");
    private ChatFixture chat;

    @TempDir
    Path dir;

    private int start(AuthSession login) throws IOException {
        chat = new ChatFixture(new Chat(LOG, ChatLimits.DEFAULT), login, 100_000, 100_000);
        return chat.port();
    }

    @AfterEach
    void stop() throws IOException {
        if (chat != null) {
            chat.close();
        }
    }

    private TagClient connect(int port) throws IOException {
        return chat.connect();
    }

    private TagClient join(int port, String nick) throws IOException {
        return chat.join(nick);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u0430lice",            // Cyrillic a, then Latin
        "bob\u3164",             // Hangul filler
        "\u3164",                // only a Hangul filler
        "bo\u200Bb",             // zero-width space
        "bob\u200D",             // zero-width joiner
        "\u202Ebob",             // right-to-left override
        "alice\u0332",           // combining low line on a Latin letter
        "bob(you)",              // the own-line marker
        "<bob>", "*bob*", "!bob", "bob:",
        "/bob", "bo b", "b\u0007b"})
    void namesThatHideOrImpersonateAreRefused(String nick) {
        assertNotNull(Nicks.problem(Nicks.normalize(nick)), nick);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Олег", "Δημήτρης", "山田太郎", "たなか", "山田たなか", "김민수", "bob_2", "élodie",
        "[x]-y^z", "O'Brien"})
    void namesInEveryScriptAreWelcome(String nick) {
        assertNull(Nicks.problem(Nicks.normalize(nick)), nick);
    }

    @Test
    void namesThatLookTheSameAreTheSameName() {
        String alice = Nicks.fold("alice");
        assertEquals(alice, Nicks.fold(Nicks.normalize("ＡＬＩＣＥ")));                   // fullwidth
        assertEquals(alice, Nicks.fold(Nicks.normalize("\uD835\uDC1A\uD835\uDC25\uD835\uDC22\uD835\uDC1C\uD835\uDC1E"))); // math bold
        assertEquals(Nicks.fold("ace"), Nicks.fold("\u0430\u0441\u0435"));               // all Cyrillic
        assertEquals(Nicks.fold("BOB"), Nicks.fold("\u0412\u041E\u0412"));               // Cyrillic capitals
        assertFalse(Nicks.fold("Олег").equals(Nicks.fold("Oleg")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"al\u0131ce", "\u0251lice", "a\u029Fice", "ALICE", "a1ice"})
    void aNameThatLooksLikeOneInTheChatIsTaken(String lookAlike) throws Exception {
        int port = start(null);
        join(port, "alice");
        TagClient other = connect(port);
        other.expect("ask");
        other.send(lookAlike);
        assertTrue(other.expect("error").contains("is taken"), lookAlike);
    }

    @Test
    void cherokeeLettersThatLookLatinClashWithTheLatinName() throws Exception {
        int port = start(null);
        join(port, "ACE");
        TagClient other = connect(port);
        other.expect("ask");
        other.send("\u13AA\u13DF\u13AC");
        assertTrue(other.expect("error").contains("is taken"));
    }

    @Test
    void joinAndNickFollowOneRuleOverTheWire() throws Exception {
        int port = start(null);
        TagClient alice = join(port, "alice");
        TagClient other = connect(port);
        other.expect("ask");
        other.send("ａｌｉｃｅ");
        assertTrue(other.expect("error").contains("alice is taken"));
        other.expect("ask");
        other.send("\u0430lice");
        assertTrue(other.expect("error").contains("cannot mix scripts (Latin and Cyrillic)"));
        other.expect("ask");
        other.send("bob");
        assertTrue(other.expect("ok").startsWith("Welcome to the chat, bob!"));
        alice.line();
        other.send("/nick \u001b[2J");
        assertTrue(other.line().startsWith("! A nickname cannot contain spaces, control or invisible characters"));
        other.send("/nick \uD835\uDC1A\uD835\uDC25\uD835\uDC22\uD835\uDC1C\uD835\uDC1E");
        assertEquals("! alice is taken.", other.line());
        other.send("/who");
        assertEquals("* In #lobby (2): alice, bob", other.line());
    }

    @Test
    void bidiControlsAndInvisibleCharactersNeverReachOthers() throws Exception {
        int port = start(null);
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        alice.line();
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        alice.send("abc\u202Edef\u2066x\u2069 \u200Bz\uFEFF " + family);
        assertEquals("<alice> abc?def?x? ?z? " + family, bob.line());
        alice.send("/me waves \u202E!olleh");
        assertEquals("* alice waves ?!olleh", bob.line());
        alice.send("/msg bob \u2067secret\u2069");
        assertEquals("*alice* ?secret?", bob.line());
        alice.send("/quit bye\u202E");
        assertEquals("* alice left (quit: bye?)", bob.line());
    }

    @Test
    void aNewcomersFirstLineIsAlwaysItsWelcome() throws Exception {
        int port = start(null);
        TagClient talker = join(port, "talker");
        AtomicBoolean talking = new AtomicBoolean(true);
        Thread chatter = new Thread(() -> {
            try {
                for (int i = 0; i < 200_000 && talking.get(); i++) {
                    talker.send("line " + i);
                }
            } catch (IOException e) {
                // The test is over.
            }
        });
        Thread reader = new Thread(() -> {
            try {
                while (talker.line() != null) {
                    // Keep the talker's own outbox drained.
                }
            } catch (IOException e) {
                // The test is over.
            }
        });
        chatter.setDaemon(true);
        reader.setDaemon(true);
        chatter.start();
        reader.start();
        try {
            for (int i = 0; i < 150; i++) {
                TagClient joiner = connect(port);
                joiner.expect("ask");
                joiner.send("j" + i);
                String first = joiner.line();
                assertTrue(first.startsWith("ok: Welcome to the chat, j" + i + "!"), "join " + i + ": " + first);
                chat.forget(joiner);
                joiner.close();
            }
        } finally {
            talking.set(false);
        }
    }

    @Test
    void withAuthANameThatCannotBeANicknameIsRefusedBeforeItIsSaved() throws Exception {
        Path users = dir.resolve("users.properties");
        AuthSession login = new AuthSession(UserStore.open(users), new PasswordHasher(1000, 2), new LoginThrottle(),
                Duration.ofSeconds(10), false, null, LOG).requiringNames(LineSession::accountProblem)
                .leavingTheWelcomeToTheCaller();
        int port = start(login);
        TagClient client = connect(port);
        client.expect("info");
        client.expect("ask");
        client.send("a-name-longer-than-16");
        assertTrue(client.expect("error").contains("nickname"), "no nickname rule");
        client.expect("ask");
        client.send("bob(you)");
        assertTrue(client.expect("error").contains("nickname"));
        client.expect("ask");
        client.send("carol");
        client.expect("ask");
        client.send("yes");
        client.expect("secret");
        client.send("Correct-Horse-42");
        client.expect("secret");
        client.send("Correct-Horse-42");
        assertEquals("You are registered as carol.", client.expect("info"));
        assertTrue(client.expect("ok").startsWith("Welcome to the chat, carol!"), "the chat's welcome is the only ok:");
        String saved = Files.readString(users);
        assertFalse(saved.contains("longer"), saved);
        assertFalse(saved.contains("bob"), saved);
        assertTrue(saved.contains("user.carol"), saved);
    }

    @Test
    void clientsRefusedForWantOfAWriterThreadLeaveNoDialogueBehind() throws Exception {
        // A thread factory whose threads cannot start, as when a task limit is reached.
        java.util.concurrent.ThreadFactory none = task -> {
            Thread started = new Thread(() -> { });
            started.start();
            return started;
        };
        LineSession session = new LineSession(new Chat(LOG, ChatLimits.DEFAULT), Duration.ofSeconds(10), null, none,
                100, 100, LOG);
        org.tcpkit.net.TcpServer server = new org.tcpkit.net.TcpServer("chat", org.tcpkit.net.ListenConfig.onPort(0)
                .withBindAddress(java.net.InetAddress.getLoopbackAddress()).withLimits(1000, 0), null, session, LOG);
        server.start();
        try {
            for (int i = 0; i < 20; i++) {
                try (TagClient refused = TagClient.connect(server.port())) {
                    assertEquals("The server cannot take more people right now; try again later.",
                            refused.expect("bye"));
                    assertNull(refused.line());
                }
            }
            // Each client saw its connection end, which comes after its session let go of its dialogue.
            assertEquals(0, session.joining(), "dialogues of refused clients still counted as open");
        } finally {
            server.stop();
        }
    }
}
