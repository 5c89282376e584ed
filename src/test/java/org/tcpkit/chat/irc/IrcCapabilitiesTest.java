package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;

/** IRCv3 capabilities that change how lines reach a client: server-time, echo-message, cap-notify. */
@Timeout(30)
class IrcCapabilitiesTest {
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
    void serverTimeTagsLinesWithTheLogsTimeAndEchoMessageSendsTheSendersOwn() throws Exception {
        IrcClient alice = chat.withCaps("alice", "server-time echo-message");
        IrcClient bob = chat.irc("bob");
        alice.expect("bob.* JOIN #lobby");
        long before = System.currentTimeMillis();
        bob.send("PRIVMSG #lobby :hello");
        String line = alice.expect("PRIVMSG #lobby");
        assertTrue(line.matches("@time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z :bob!~bob@127\\.0\\.0\\.1 "
                + "PRIVMSG #lobby :hello"), line);
        long time = Instant.parse(line.substring(6, line.indexOf(' '))).toEpochMilli();
        assertTrue(time >= before - 5 && time <= System.currentTimeMillis() + 5, line);
        alice.send("PRIVMSG #lobby :hi bob").send("PRIVMSG bob :psst");
        assertTrue(alice.expect("PRIVMSG #lobby").endsWith(":alice!~alice@127.0.0.1 PRIVMSG #lobby :hi bob"),
                "alice gets her own line, tagged");
        assertTrue(alice.expect("PRIVMSG bob").endsWith(":alice!~alice@127.0.0.1 PRIVMSG bob :psst"));
        assertEquals(":alice!~alice@127.0.0.1 PRIVMSG #lobby :hi bob", bob.expect("PRIVMSG #lobby"),
                "bob asked for nothing: no tags");
        assertEquals(":alice!~alice@127.0.0.1 PRIVMSG bob :psst", bob.expect("PRIVMSG bob"));
        bob.send("PING :end");
        bob.expect("PONG");
    }

    @Test
    void historyLinesCarryTheirOwnTimeAsATagInsteadOfInTheirText() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("PRIVMSG #lobby :said before");
        bob.send("PING :x");
        bob.expect("PONG");
        IrcClient alice = chat.withCaps("late", "server-time");
        alice.send("PART #lobby").send("JOIN #lobby");
        List<String> lines = alice.until(" 366 late #lobby ");
        String past = lines.stream().filter(l -> l.contains("PRIVMSG #lobby")).findFirst().orElseThrow();
        assertTrue(past.matches("@time=\\S+Z :bob PRIVMSG #lobby :said before"), past);
    }

    @Test
    void capabilitiesThatChooseTheSpellingMayChangeOnceRegisteredAndCapNotifyStaysWith302() throws Exception {
        IrcClient alice = chat.withCaps("alice", "server-time");
        alice.send("CAP LIST");
        assertEquals(":tcpkit CAP alice LIST :cap-notify server-time", alice.expect("CAP alice LIST"));
        alice.send("CAP REQ :-server-time");
        assertEquals(":tcpkit CAP alice ACK :-server-time", alice.expect("CAP alice"));
        alice.send("CAP REQ :echo-message");
        assertEquals(":tcpkit CAP alice ACK :echo-message", alice.expect("CAP alice"));
        alice.send("PRIVMSG #lobby :echoed");
        assertEquals(":alice!~alice@127.0.0.1 PRIVMSG #lobby :echoed", alice.expect("echoed"),
                "echo-message asked for later works, and server-time let go of does too");
        alice.send("CAP REQ :multi-prefix");
        assertEquals(":tcpkit CAP alice ACK :multi-prefix", alice.expect("CAP alice"));
        alice.send("CAP REQ :-cap-notify");
        assertEquals(":tcpkit CAP alice NAK :-cap-notify", alice.expect("CAP alice"));
    }

    @Test
    void awayNotifyTellsOfAwayAndBackAndOnJoiningAndInviteNotifyTellsTheOperators() throws Exception {
        IrcClient alice = chat.withCaps("alice", "away-notify invite-notify");
        IrcClient bob = chat.irc("bob");
        alice.expect("bob.* JOIN #lobby");
        bob.send("AWAY :lunch");
        assertEquals(":bob!~bob@127.0.0.1 AWAY :lunch", alice.expect("AWAY"));
        bob.send("AWAY");
        assertEquals(":bob!~bob@127.0.0.1 AWAY", alice.expect("AWAY"));
        alice.send("JOIN #lab");
        alice.expect(" 366 alice #lab ");
        bob.send("AWAY :gone again").send("JOIN #lab");
        assertEquals(":bob!~bob@127.0.0.1 AWAY :gone again", alice.expect("AWAY"));
        assertEquals(List.of(":bob!~bob@127.0.0.1 JOIN #lab", ":bob!~bob@127.0.0.1 AWAY :gone again"),
                alice.until("AWAY"), "an away member's JOIN is followed by its AWAY");
        IrcClient carol = chat.irc("carol");
        // bob invites carol once he has seen her come (her own welcome reaches her a moment before).
        bob.expect(":carol!\\S+ JOIN #lobby");
        bob.send("INVITE carol #lab");
        assertEquals(":bob!~bob@127.0.0.1 INVITE carol #lab", carol.expect("INVITE"));
        assertEquals(":bob!~bob@127.0.0.1 INVITE carol #lab", alice.expect("INVITE"),
                "a member with invite-notify who could have invited hears of it");
        bob.send("PRIVMSG alice :sync");
        alice.expect("PRIVMSG alice :sync");
        IrcClient plain = chat.irc("plain");
        plain.send("JOIN #lab");
        plain.expect(" 366 plain #lab ");
        bob.send("AWAY");
        bob.send("PRIVMSG #lab :back");
        assertEquals(":bob!~bob@127.0.0.1 PRIVMSG #lab :back", plain.expect("PRIVMSG|AWAY"),
                "a client that did not ask hears no AWAY");
    }

    @Test
    void setnameChangesTheRealNameForEveryoneWhoAskedAndForWhois() throws Exception {
        IrcClient alice = chat.withCaps("alice", "setname");
        IrcClient bob = chat.irc("bob");
        alice.expect("bob.* JOIN #lobby");
        bob.send("SETNAME :Robert");
        assertEquals(":tcpkit 421 bob SETNAME :Unknown command", bob.expect(" 421 "), "only for those who asked");
        alice.send("SETNAME :Alice Liddell");
        assertEquals(":alice!~alice@127.0.0.1 SETNAME :Alice Liddell", alice.expect("SETNAME"), "told back");
        bob.send("WHOIS alice");
        assertEquals(":tcpkit 311 bob alice ~alice 127.0.0.1 * :Alice Liddell", bob.expect(" 311 "));
        alice.send("SETNAME :");
        assertEquals(":tcpkit FAIL SETNAME INVALID_REALNAME :A real name cannot be empty", alice.expect("FAIL"));
    }
}
