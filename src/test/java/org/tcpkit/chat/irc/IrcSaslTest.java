package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.LoginThrottle;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.auth.UserStore;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.testing.IrcClient;

/** SASL PLAIN against the accounts of --auth, as IRCv3 clients log in. */
@Timeout(30)
class IrcSaslTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Sasl");

    @TempDir
    Path dir;

    private static String plain(String authzid, String authcid, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private IrcFixture withAccounts() throws Exception {
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        store.register("carol", hasher.hash("Correct-Horse-42".toCharArray()));
        AuthSession login = new AuthSession(store, hasher, new LoginThrottle(), Duration.ofSeconds(10), false, null,
                LOG).requiringNames(LineSession::accountProblem).leavingTheWelcomeToTheCaller();
        return new IrcFixture(ChatLimits.DEFAULT, IrcFixture.settings(), login);
    }

    @Test
    void saslPlainLogsInAndTheAccountIsTheNickname() throws Exception {
        try (IrcFixture chat = withAccounts()) {
            IrcClient carol = chat.connect();
            carol.send("CAP LS 302");
            assertTrue(carol.expect("CAP \\* LS").contains(" sasl=PLAIN "), "sasl is offered with its mechanism");
            carol.send("CAP REQ :sasl").send("NICK someone").send("USER c 0 * :Carol");
            assertEquals(":tcpkit CAP * ACK :sasl", carol.expect("CAP \\* ACK"));
            carol.send("AUTHENTICATE PLAIN");
            assertEquals("AUTHENTICATE +", carol.expect("AUTHENTICATE"));
            carol.send("AUTHENTICATE " + plain("", "carol", "Correct-Horse-42"));
            assertEquals(":tcpkit 900 someone someone!*@* carol :You are now logged in as carol", carol.expect(" 900 "));
            assertEquals(":tcpkit 903 someone :SASL authentication successful", carol.expect(" 903 "));
            carol.send("AUTHENTICATE PLAIN");
            assertEquals(":tcpkit 907 someone :You have already authenticated using SASL", carol.expect(" 907 "));
            carol.send("CAP END");
            assertTrue(carol.expect(" 001 ").startsWith(":tcpkit 001 carol "), "the account is the nickname");
        }
    }

    @Test
    void aWrongPasswordAnotherMechanismAndAnAbortAreRefused() throws Exception {
        try (IrcFixture chat = withAccounts()) {
            IrcClient mallory = chat.connect();
            mallory.send("CAP REQ :sasl");
            mallory.expect("CAP \\* ACK");
            mallory.send("AUTHENTICATE EXTERNAL");
            assertEquals(":tcpkit 908 * PLAIN :are available SASL mechanisms", mallory.expect(" 908 "));
            assertEquals(":tcpkit 904 * :SASL authentication failed", mallory.expect(" 904 "));
            mallory.send("AUTHENTICATE PLAIN");
            mallory.expect("AUTHENTICATE \\+");
            mallory.send("AUTHENTICATE *");
            assertEquals(":tcpkit 906 * :SASL authentication aborted", mallory.expect(" 906 "));
            mallory.send("AUTHENTICATE PLAIN");
            mallory.expect("AUTHENTICATE \\+");
            mallory.send("AUTHENTICATE " + plain("", "carol", "guess"));
            assertEquals(":tcpkit 904 * :SASL authentication failed", mallory.expect(" 904 "));
            mallory.send("AUTHENTICATE PLAIN");
            mallory.expect("AUTHENTICATE \\+");
            mallory.send("AUTHENTICATE " + plain("", "carol", "Correct-Horse-42\0"));
            assertEquals(":tcpkit 904 * :SASL authentication failed", mallory.expect(" 904 "),
                    "a NUL after the password is refused, though PBKDF2 hashes it as the password");
            mallory.send("AUTHENTICATE PLAIN");
            mallory.expect("AUTHENTICATE \\+");
            mallory.send("AUTHENTICATE " + plain("admin", "carol", "Correct-Horse-42"));
            assertEquals(":tcpkit 904 * :SASL authentication failed", mallory.expect(" 904 "),
                    "nobody logs in as another");
            mallory.send("CAP END").send("NICK carol").send("USER m 0 * :M");
            assertEquals(":tcpkit 464 carol :Password required: give your account's password as the server password",
                    mallory.expect(" 464 "), "without SASL or PASS, no way in");
        }
    }

    @Test
    void withoutAuthTheUserFilesAccountsMayBeLoggedInToAndTheNicknameStaysOwn() throws Exception {
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        store.register("carol", hasher.hash("Correct-Horse-42".toCharArray()));
        AuthSession accounts = new AuthSession(store, hasher, new LoginThrottle(), Duration.ofSeconds(10), false, null,
                LOG);
        try (IrcFixture chat = IrcFixture.withOptionalAccounts(accounts)) {
            IrcClient carol = chat.connect();
            carol.send("CAP LS 302");
            assertTrue(carol.expect("CAP \\* LS").contains(" sasl=PLAIN "), "accounts to log in to: sasl offered");
            carol.send("CAP REQ :sasl account-tag").send("NICK cee").send("USER c 0 * :Carol");
            carol.expect("CAP \\* ACK");
            carol.send("AUTHENTICATE PLAIN");
            carol.expect("AUTHENTICATE \\+");
            carol.send("AUTHENTICATE " + plain("", "carol", "Correct-Horse-42"));
            carol.expect(" 903 ");
            carol.send("CAP END");
            assertTrue(carol.expect(" 001 ").startsWith(":tcpkit 001 cee "), "the nickname stays the client's own");
            IrcClient bob = chat.irc("bob");
            bob.send("WHOIS cee");
            assertEquals(":tcpkit 330 bob cee carol :is logged in as", bob.expect(" 330 "));
            bob.send("WHO cee %na");
            assertEquals(":tcpkit 354 bob cee carol", bob.expect(" 354 "));
            bob.send("WHO bob %na");
            assertEquals(":tcpkit 354 bob bob 0", bob.expect(" 354 "), "bob did not log in: no account");
            bob.send("WHOIS bob");
            assertTrue(bob.until(" 318 ").stream().noneMatch(l -> l.contains(" 330 ")), "no 330 without an account");
            carol.send("AUTHENTICATE PLAIN");
            assertEquals(":tcpkit 462 cee :You may not reregister: log in with SASL as you connect",
                    carol.expect(" 462 "), "an account is chosen once, as the client connects");
        }
    }

    @Test
    void withoutAccountsSaslIsNotOffered() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient bob = chat.connect();
            bob.send("CAP LS 302");
            assertTrue(!bob.expect("CAP \\* LS").contains("sasl"));
            bob.send("AUTHENTICATE PLAIN");
            assertEquals(":tcpkit 904 * :SASL authentication failed: this chat has no accounts", bob.expect(" 904 "));
        }
    }

    @Test
    void extendedJoinAndAccountTagGiveTheAccountWhichIsTheNickname() throws Exception {
        try (IrcFixture chat = withAccounts()) {
            UserStore.open(dir.resolve("users.properties")).register("dave",
                    new PasswordHasher(1000, 2).hash("Correct-Horse-43".toCharArray()));
            IrcClient carol = chat.connect();
            carol.send("CAP REQ :extended-join account-tag sasl");
            carol.expect("CAP \\* ACK");
            carol.send("AUTHENTICATE PLAIN");
            carol.expect("AUTHENTICATE \\+");
            carol.send("AUTHENTICATE " + plain("", "carol", "Correct-Horse-42"));
            carol.expect(" 903 ");
            carol.send("CAP END").send("NICK carol").send("USER c 0 * :Carol C");
            assertEquals(":carol!~c@127.0.0.1 JOIN #lobby carol :Carol C", carol.expect("JOIN #lobby"),
                    "its own JOIN, extended");
            IrcClient dave = chat.connect();
            dave.send("PASS Correct-Horse-43").send("NICK dave").send("USER d 0 * :Dave D");
            assertEquals("@account=dave :dave!~d@127.0.0.1 JOIN #lobby dave :Dave D", carol.expect("JOIN #lobby"),
                    "account-tag tags every line from a member logged in, its JOIN too");
            dave.send("PRIVMSG #lobby :hi");
            assertEquals("@account=dave :dave!~d@127.0.0.1 PRIVMSG #lobby :hi", carol.expect("PRIVMSG"));
        }
    }

    @Test
    void withoutAccountsExtendedJoinSaysNone() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient ann = chat.connect();
            ann.send("CAP REQ :extended-join account-tag");
            ann.expect("CAP \\* ACK");
            ann.send("CAP END").register("ann");
            IrcClient bob = chat.irc("bob");
            assertEquals(":bob!~bob@127.0.0.1 JOIN #lobby * :Test bob", ann.expect("bob.* JOIN"));
            bob.send("PRIVMSG #lobby :no account");
            assertEquals(":bob!~bob@127.0.0.1 PRIVMSG #lobby :no account", ann.expect("PRIVMSG"),
                    "no account, no tag");
        }
    }
}
