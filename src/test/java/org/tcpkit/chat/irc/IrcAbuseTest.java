package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.tcpkit.auth.UserStore;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.FloodGate;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Wire;

/** What the chat guarantees holds for IRC members too: flood control, drop of a non-reader, accounts. */
@Timeout(60)
class IrcAbuseTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.IrcAbuse");

    @TempDir
    Path dir;

    @Test
    void aFloodingIrcClientIsHeldToTheRateThenDisconnected() throws Exception {
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 1, true, "tcpkit"), null)) {
            IrcClient watcher = chat.irc("watcher");
            IrcClient flood = chat.irc("flood");
            watcher.expect("flood!~flood@127.0.0.1 JOIN");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < FloodGate.MAX_HELD + 20; i++) {
                lines.append("PRIVMSG #lobby :line ").append(i).append("\r\n");
            }
            flood.sendBytes(lines.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("ERROR :Closing link: flooding", flood.expect("^ERROR"));
            java.util.List<String> heard = watcher.until("QUIT");
            assertEquals(":flood!~flood@127.0.0.1 QUIT :Kicked for flooding", heard.get(heard.size() - 1));
            long passed = heard.stream().filter(l -> l.contains("PRIVMSG")).count();
            assertTrue(passed < 10, passed + " of the flood's lines went out, not held to 1 a second");
        }
    }

    @Test
    void anIrcClientThatStopsReadingIsDroppedAndOthersGoOn() throws Exception {
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT.withStall(java.time.Duration.ofSeconds(1)),
                IrcFixture.settings(), null)) {
            Socket lazy = new Socket();
            lazy.setReceiveBufferSize(4096);
            lazy.setSoTimeout(Wire.TIMEOUT_MILLIS);
            lazy.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), chat.irc.port()), Wire.TIMEOUT_MILLIS);
            IrcClient sleeper = new IrcClient(lazy).register("lazy");
            sleeper.expect(" 366 lazy #lobby ");
            TagClient talker = chat.line("talker");
            IrcClient listener = chat.irc("listener");
            String text = "z".repeat(400);
            int sent = 0;
            java.util.List<String> notices = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            // Lines go out 16 at a time, each batch read back whole before the next: the room talks fast.
            while (System.nanoTime() < deadline && chat.chat.member("lazy") != null) {
                for (int i = 0; i < 16; i++) {
                    talker.send((sent + i) + " " + text);
                }
                for (int i = 0; i < 16; i++) {
                    java.util.List<String> heard = listener.until("PRIVMSG");
                    assertEquals(":talker!line@127.0.0.1 PRIVMSG #lobby :" + sent + " " + text,
                            heard.remove(heard.size() - 1));
                    notices.addAll(heard);
                    sent++;
                }
            }
            assertNull(chat.chat.member("lazy"), "the client that never reads was not dropped after " + sent);
            assertTrue(sent * 400L < org.tcpkit.chat.Outbox.MOST_BYTES + 4 * org.tcpkit.chat.Outbox.SEND_BUFFER,
                    "dropped only after " + sent + " lines");
            if (notices.isEmpty()) {
                notices.add(listener.expect("QUIT"));
            }
            assertEquals(java.util.List.of(":lazy!~lazy@127.0.0.1 QUIT :Dropped as too slow"), notices);
        }
    }

    @Test
    void aListedAccountBecomesAnOperatorOfEveryRoomAndMayDisconnectAnyone() throws Exception {
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        store.register("teacher", hasher.hash("Correct-Horse-42".toCharArray()));
        store.register("student", hasher.hash("Correct-Horse-43".toCharArray()));
        AuthSession accounts = new AuthSession(store, hasher, new LoginThrottle(), Duration.ofSeconds(10), false,
                null, LOG);
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT, IrcFixture.settings(), null,
                new Operators(java.util.Set.of("teacher"), accounts))) {
            IrcClient alice = chat.irc("alice");
            IrcClient mallory = chat.irc("mallory");
            TagClient bob = chat.line("bob");
            alice.expect("mallory!~mallory@127.0.0.1 JOIN");
            mallory.send("OPER student Correct-Horse-43").send("OPER teacher wrong-password").send("KILL bob :x");
            assertEquals(":tcpkit 491 mallory :No O-lines for your host", mallory.expect(" 491 "));
            assertEquals(":tcpkit 464 mallory :Password incorrect", mallory.expect(" 464 "));
            assertEquals(":tcpkit 481 mallory :Permission Denied- You're not an IRC operator", mallory.expect(" 481 "));
            mallory.send("JOIN #lab3");
            mallory.expect(" 366 mallory #lab3 ");
            alice.send("OPER teacher Correct-Horse-42");
            assertEquals(":tcpkit 381 alice :You are now an IRC operator", alice.expect(" 381 "));
            alice.send("JOIN #lab3");
            alice.expect(" 366 alice #lab3 ");
            alice.send("MODE #lab3 -o mallory");
            assertEquals(":alice!~alice@127.0.0.1 MODE #lab3 -o mallory", mallory.expect("MODE #lab3"));
            alice.send("WHO alice");
            assertTrue(alice.expect(" 352 ").matches(".* alice H\\*@? :0 .*"), "WHO shows a server operator's *");
            alice.send("KILL mallory :spamming the lab");
            assertEquals(":mallory!~mallory@127.0.0.1 QUIT :Killed by alice (spamming the lab)", alice.expect("QUIT"));
            assertEquals("* mallory left (killed by alice (spamming the lab))", bob.line());
            assertNull(chat.chat.member("mallory"));
            IrcClient dave = chat.irc("dave");
            IrcClient erin = chat.irc("erin");
            dave.send("MODE dave +w").send("WALLOPS :from dave");
            assertEquals(":dave MODE dave :+w", dave.expect("MODE dave"));
            assertEquals(":tcpkit 481 dave :Permission Denied- You're not an IRC operator", dave.expect(" 481 "));
            alice.send("WALLOPS :the lab closes at six");
            assertEquals(":alice!~alice@127.0.0.1 WALLOPS :the lab closes at six", dave.expect("WALLOPS"),
                    "a +w member gets the operators' WALLOPS");
            assertEquals(":alice!~alice@127.0.0.1 WALLOPS :the lab closes at six", alice.expect("WALLOPS"));
            erin.send("PING :sync");
            assertEquals(":tcpkit PONG tcpkit :sync", erin.expect("PONG|WALLOPS"), "one without +w does not");

            IrcClient fay = chat.connect();
            fay.send("CAP REQ :chghost");
            fay.expect("CAP \\* ACK");
            fay.send("CAP END").register("fay");
            fay.expect(" 366 fay #lobby ");
            dave.send("CHGHOST erin ~lab student.lab");
            assertEquals(":tcpkit 481 dave :Permission Denied- You're not an IRC operator", dave.expect(" 481 "));
            alice.send("CHGHOST erin ~lab b@d.host").send("CHGHOST erin ~l*b student.lab");
            assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHGHOST INVALID_PARAMS erin :"));
            assertTrue(alice.expect("FAIL").startsWith(":tcpkit FAIL CHGHOST INVALID_PARAMS erin :"));
            alice.send("CHGHOST erin ~lab student.lab");
            assertEquals(":erin!~erin@127.0.0.1 CHGHOST ~lab student.lab", fay.expect("CHGHOST"),
                    "a member who asked for chghost and shares a room is told");
            erin.send("PRIVMSG #lobby :shown anew");
            assertEquals(":erin!~lab@student.lab PRIVMSG #lobby :shown anew", fay.expect("shown anew"));
            dave.send("WHOIS erin");
            assertEquals(":tcpkit 311 dave erin ~lab student.lab * :Test erin", dave.expect(" 311 "));
        }
    }

    @Test
    void withAccountsPassIsTheAccountsPassword() throws Exception {
        UserStore store = UserStore.open(dir.resolve("users.properties"));
        PasswordHasher hasher = new PasswordHasher(1000, 2);
        store.register("carol", hasher.hash("Correct-Horse-42".toCharArray()));
        AuthSession login = new AuthSession(store, hasher, new LoginThrottle(), Duration.ofSeconds(10), false, null,
                LOG).requiringNames(LineSession::accountProblem).leavingTheWelcomeToTheCaller();
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT, IrcFixture.settings(), login)) {
            IrcClient right = chat.connect();
            right.send("PASS Correct-Horse-42").register("carol");
            right.send("NICK caroline");
            assertEquals(":tcpkit 432 carol caroline :In this chat your nickname is your account name",
                    right.expect(" 432 "));

            IrcClient wrong = chat.connect();
            wrong.send("PASS wrong-password").send("NICK dave").send("USER d 0 * :D");
            assertEquals(":tcpkit 464 dave :Password incorrect", wrong.line());
            assertEquals("ERROR :Closing link: wrong account or password", wrong.line());
            assertNull(wrong.line());

            IrcClient none = chat.connect();
            none.send("NICK erin").send("USER e 0 * :E");
            assertTrue(none.line().startsWith(":tcpkit 464 erin :Password required"));
            assertEquals("ERROR :Closing link: password required", none.line());
        }
    }
}
