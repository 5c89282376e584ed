package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;

/** Registration on the IRC door: CAP, NICK, USER in the orders clients use, the welcome burst, PING. */
@Timeout(30)
class IrcRegistrationTest {
    private IrcFixture chat;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    @Test
    void nickThenUserGetsTheWelcomeBurstAndLandsInTheLobby() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("NICK alice").send("USER al 0 * :Alice Liddell");
        List<String> burst = alice.until(" 366 alice #lobby ");
        assertEquals(":tcpkit 001 alice :Welcome to the tcpkit chat, alice!~al@127.0.0.1", burst.get(0));
        assertTrue(burst.get(1).startsWith(":tcpkit 002 alice "));
        String started = java.time.ZonedDateTime.ofInstant(ProcessHandle.current().info().startInstant().orElseThrow(),
                java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        assertEquals(":tcpkit 003 alice :This server was created " + started, burst.get(2),
                "003 gives the time the server (the process) started");
        assertTrue(burst.get(3).startsWith(":tcpkit 004 alice tcpkit "));
        String isupport = burst.get(4) + " " + burst.get(5);
        for (String token : List.of("CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=16", "CHANNELLEN=32",
                "NETWORK=tcpkit", "PREFIX=(ov)@+", "CHANLIMIT=#:20", "UTF8ONLY")) {
            assertTrue(isupport.contains(" " + token + " "), token + " in " + isupport);
        }
        for (String line : List.of(burst.get(4), burst.get(5))) {
            assertTrue(line.startsWith(":tcpkit 005 alice ") && line.endsWith(":are supported by this server"), line);
            // IRC's 15 parameters: the nickname and the tokens before the trailing one, and the trailing one.
            String middle = line.substring(0, line.indexOf(" :", 1));
            assertTrue(middle.split(" ").length - 2 + 1 <= 15, "at most 15 parameters: " + line);
        }
        assertTrue(burst.contains(":tcpkit 251 alice :There are 1 users and 0 invisible on 1 servers"), burst.toString());
        assertTrue(burst.stream().anyMatch(l -> l.startsWith(":tcpkit 376 alice ")), burst.toString());
        int motdEnd = indexOf(burst, " 376 ");
        assertEquals(":alice!~al@127.0.0.1 JOIN #lobby", burst.get(motdEnd + 1));
        assertEquals(":tcpkit 353 alice = #lobby :alice", burst.get(motdEnd + 2), "no 331: no topic, no line");
    }

    @Test
    void userThenNickRegistersToo() throws Exception {
        IrcClient bob = chat.connect();
        bob.send("USER bob 0 * :Bob").send("NICK bob");
        assertEquals(":tcpkit 001 bob :Welcome to the tcpkit chat, bob!~bob@127.0.0.1", bob.line());
    }

    @Test
    void capNegotiationHoldsRegistrationUntilCapEnd() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("CAP LS 302").send("NICK alice").send("USER al 0 * :A");
        assertEquals(":tcpkit CAP * LS :account-notify account-tag away-notify batch cap-notify draft/chathistory "
                + "chghost echo-message extended-join invite-notify labeled-response message-tags multi-prefix server-time "
                + "setname userhost-in-names", alice.line());
        alice.send("CAP REQ :multi-prefix sasl").send("CAP LIST").send("CAP REQ :userhost-in-names")
                .send("CAP LIST").send("PING :held");
        assertEquals(":tcpkit CAP alice NAK :multi-prefix sasl", alice.line(), "all or nothing");
        assertEquals(":tcpkit CAP alice LIST :cap-notify", alice.line(), "CAP LS 302 enables cap-notify");
        assertEquals(":tcpkit CAP alice ACK :userhost-in-names", alice.line());
        assertEquals(":tcpkit CAP alice LIST :cap-notify userhost-in-names", alice.line());
        assertEquals(":tcpkit PONG tcpkit :held", alice.line(), "nothing of the welcome while CAP is open");
        alice.send("CAP END");
        assertTrue(alice.line().startsWith(":tcpkit 001 alice "));
        assertEquals(":tcpkit 353 alice = #lobby :alice!~al@127.0.0.1", alice.expect(" 353 "),
                "userhost-in-names");
    }

    @Test
    void anInvalidCapSubcommandIs410() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("CAP FROB");
        assertEquals(":tcpkit 410 * FROB :Invalid CAP command", alice.line());
    }

    @Test
    void commandsBeforeRegistrationAre451() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("JOIN :").send("PRIVMSG #lobby :hi");
        assertEquals(":tcpkit 451 * JOIN :You have not registered", alice.line());
        assertEquals(":tcpkit 451 * PRIVMSG :You have not registered", alice.line());
        alice.register("alice");
    }

    @Test
    void badTakenAndMissingNicknamesAreRefusedWithTheirNumerics() throws Exception {
        chat.irc("alice");
        IrcClient other = chat.connect();
        other.send("NICK").send("NICK #x").send("NICK " + "n".repeat(17)).send("NICK ALICE").send("NICK a\u200bb");
        assertEquals(":tcpkit 431 * :No nickname given", other.line());
        assertTrue(other.line().startsWith(":tcpkit 432 * #x :Erroneous nickname: "));
        assertTrue(other.line().startsWith(":tcpkit 432 * " + "n".repeat(17) + " :Erroneous nickname: "));
        assertEquals(":tcpkit 433 * ALICE :Nickname is already in use", other.line());
        assertTrue(other.line().startsWith(":tcpkit 432 * a\u200bb :"));
        other.register("alice2");
    }

    @Test
    void userWithTooFewParametersIs461() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("USER al");
        assertEquals(":tcpkit 461 * USER :Not enough parameters", alice.line());
    }

    @Test
    void pingIsAnsweredBeforeAndAfterRegistration() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("PING :early");
        assertEquals(":tcpkit PONG tcpkit :early", alice.line());
        alice.register("alice").send("PING 12345");
        assertEquals(":tcpkit PONG tcpkit :12345", alice.expect("PONG"));
        alice.send("PING");
        assertEquals(":tcpkit 409 alice :No origin specified", alice.line());
    }

    @Test
    void anEmptyRealNameIs461() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("NICK alice").send("USER al * * :");
        assertEquals(":tcpkit 461 alice USER :Not enough parameters", alice.line());
    }

    @Test
    void aLineThatIsNotUtf8IsRefusedWithFailAndTheSessionGoesOn() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("NICK alice");
        alice.sendBytes("USER al * * :i\u00e8rc\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(alice.line().startsWith(":tcpkit FAIL * INVALID_UTF8 :"));
        alice.send("USER al * * :irc");
        assertTrue(alice.line().startsWith(":tcpkit 001 alice "));
    }

    @Test
    void reregistrationIs462() throws Exception {
        IrcClient alice = chat.irc("alice");
        alice.send("USER x 0 * :X");
        assertEquals(":tcpkit 462 alice :You may not reregister", alice.line());
    }

    @Test
    void quitBeforeRegistrationClosesWithError() throws Exception {
        IrcClient alice = chat.connect();
        alice.send("QUIT");
        assertEquals("ERROR :Closing link: quit", alice.line());
        assertNull(alice.line());
    }

    @Test
    void aClientThatNeverRegistersIsClosedAtTheDeadline() throws Exception {
        try (IrcFixture quick = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(60), 100, 100, true, "tcpkit"), null)) {
            IrcClient idle = quick.connect();
            idle.send("NICK idle");
            assertEquals("ERROR :Closing link: registration timed out", idle.line());
            assertNull(idle.line());
        }
    }

    @Test
    void withoutTheLobbyOptionAClientStartsInNoRoom() throws Exception {
        try (IrcFixture noLobby = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(60), 100, 100, false, "tcpkit"), null)) {
            IrcClient alice = noLobby.connect().register("alice");
            alice.send("PING :after");
            assertEquals(":tcpkit PONG tcpkit :after", alice.line(), "no JOIN after the MOTD");
            assertFalse(noLobby.chat.member("alice").isIn(noLobby.chat.room("#lobby")));
        }
    }

    @Test
    void aQuietClientIsPingedAndDroppedWhenItDoesNotAnswer() throws Exception {
        try (IrcFixture pinging = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(1), 100, 100, true, "tcpkit"), null)) {
            IrcClient alive = pinging.irc("alive");
            IrcClient silent = pinging.irc("silent");
            assertEquals("PING :tcpkit", alive.expect("^PING "));
            alive.send("PONG :tcpkit");
            assertEquals("PING :tcpkit", silent.expect("^PING "));
            assertEquals("ERROR :Closing link: ping timeout", silent.expect("^ERROR"));
            assertEquals(":silent!~silent@127.0.0.1 QUIT :Ping timeout", alive.expect("QUIT"));
            assertTrue(pinging.chat.member("alive") != null, "the client that answered stays");
        }
    }

    @Test
    void aLineLongerThan512BytesIs417AndTheSessionGoesOn() throws Exception {
        IrcClient alice = chat.irc("alice");
        alice.send("PRIVMSG #lobby :" + "x".repeat(600));
        assertEquals(":tcpkit 417 alice :Input line was too long", alice.line());
        // The longest that fits as the others get it, with alice's prefix in front.
        String fits = "PRIVMSG #lobby :" + "y".repeat(510 - ":alice!~alice@127.0.0.1 PRIVMSG #lobby :".length());
        IrcClient bob = chat.irc("bob");
        alice.send(fits);
        assertTrue(bob.expect("PRIVMSG").endsWith("y".repeat(100)));
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError(part + " not in " + lines);
    }
}
