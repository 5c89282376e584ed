package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.LoginThrottle;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.auth.RegistrationLimit;
import org.tcpkit.auth.UserStore;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.testing.IrcClient;

/** IRCv3 account registration with --auth: REGISTER before connecting makes the account and logs in to it. */
@Timeout(30)
class IrcAccountRegistrationTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Register");

    @TempDir
    Path dir;

    private IrcFixture withAccounts(int registrationsPerHour) throws Exception {
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        store.register("carol", hasher.hash("Correct-Horse-42".toCharArray()));
        AuthSession login = new AuthSession(store, hasher, new LoginThrottle(), Duration.ofSeconds(10), false, null,
                LOG).requiringNames(LineSession::accountProblem).leavingTheWelcomeToTheCaller()
                .limitingRegistrations(new RegistrationLimit(registrationsPerHour));
        return new IrcFixture(ChatLimits.DEFAULT, IrcFixture.settings(), login);
    }

    @Test
    void registerBeforeConnectingMakesTheAccountLogsInAndItsPasswordWorksNextTime() throws Exception {
        try (IrcFixture chat = withAccounts(30)) {
            IrcClient dana = chat.connect();
            dana.send("CAP LS 302");
            String offered = dana.expect("CAP \\* LS");
            assertTrue(offered.contains(" draft/account-registration=before-connect"), offered);
            dana.send("CAP REQ :draft/account-registration").send("NICK dana");
            dana.expect("CAP \\* ACK");
            dana.send("REGISTER * * Correct-Horse-43");
            assertEquals(":tcpkit REGISTER SUCCESS dana :You are registered as dana.", dana.expect(" REGISTER "));
            assertEquals(":tcpkit 900 dana dana!*@* dana :You are now logged in as dana", dana.expect(" 900 "));
            dana.send("USER d 0 * :Dana").send("CAP END");
            assertTrue(dana.expect(" 001 ").startsWith(":tcpkit 001 dana "), "in, without a password to check");
            dana.send("REGISTER dana * Correct-Horse-44");
            assertEquals(":tcpkit FAIL REGISTER ALREADY_AUTHENTICATED dana :You are logged in already",
                    dana.expect("FAIL REGISTER"));
            assertTrue(Files.readString(dir.resolve("users.properties")).contains("user.dana=pbkdf2-sha256$"));

            dana.send("QUIT :bye");
            dana.expect("ERROR");
            IrcClient later = chat.connect();
            later.send("PASS Correct-Horse-43").send("NICK dana").send("USER d 0 * :Dana");
            assertTrue(later.expect(" 001 ").startsWith(":tcpkit 001 dana "), "the new account's password logs in");
        }
    }

    @Test
    void whatCannotBeRegisteredIsSaidInOneFailEach() throws Exception {
        try (IrcFixture chat = withAccounts(1)) {
            IrcClient eve = chat.connect();
            eve.send("REGISTER * * Correct-Horse-45");
            assertEquals(":tcpkit FAIL REGISTER NEED_NICK * :Choose a nickname first: the account is named as it",
                    eve.expect("FAIL REGISTER"));
            eve.send("NICK eve").send("REGISTER mallory * Correct-Horse-45");
            assertEquals(":tcpkit FAIL REGISTER ACCOUNT_NAME_MUST_BE_NICK mallory :The account is named as your "
                    + "nickname, eve", eve.expect("FAIL REGISTER"));
            eve.send("REGISTER eve * short");
            assertEquals(":tcpkit FAIL REGISTER WEAK_PASSWORD eve :A password needs at least 8 characters.",
                    eve.expect("FAIL REGISTER"));
            eve.send("NICK carol").send("REGISTER * * Correct-Horse-45");
            assertEquals(":tcpkit FAIL REGISTER ACCOUNT_EXISTS carol :There is a user carol already.",
                    eve.expect("FAIL REGISTER"));
            eve.send("NICK eve").send("REGISTER * * Correct-Horse-45");
            eve.expect("REGISTER SUCCESS eve");
            IrcClient frank = chat.connect();
            frank.send("NICK frank").send("REGISTER * * Correct-Horse-46");
            assertEquals(":tcpkit FAIL REGISTER TEMPORARILY_UNAVAILABLE frank :Your address may register at most 1 "
                    + "accounts an hour; try again later.", frank.expect("FAIL REGISTER"));
            frank.send("USER f 0 * :F");
            assertEquals(":tcpkit 464 frank :Password required: give your account's password as the server password",
                    frank.expect(" 464 "), "not registered: no way in without a password");
            assertFalse(Files.readString(dir.resolve("users.properties")).contains("user.frank="));
        }
    }

    @Test
    void withoutAuthRegisterIsNeitherOfferedNorKnown() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient bob = chat.connect();
            bob.send("CAP LS 302");
            assertFalse(bob.expect("CAP \\* LS").contains("account-registration"));
            bob.send("NICK bob").send("REGISTER * * Correct-Horse-47");
            assertEquals(":tcpkit 421 bob REGISTER :Unknown command", bob.expect(" 421 "));
            bob.send("CAP END").send("USER b 0 * :B");
            bob.expect(" 001 ");
            bob.send("REGISTER * * Correct-Horse-47");
            assertEquals(":tcpkit 421 bob REGISTER :Unknown command", bob.expect(" 421 "));
        }
    }
}
