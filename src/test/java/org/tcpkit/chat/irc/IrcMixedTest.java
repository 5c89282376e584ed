package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;

/** One conversation per room through both doors: what a netcat member says, an IRC member hears, and back. */
@Timeout(30)
class IrcMixedTest {
    private static final String CTCP = "\u0001";

    private IrcFixture chat;
    private IrcClient alice;
    private TagClient bob;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
        alice = chat.irc("alice");
        bob = chat.line("bob");
        alice.expect(":bob!line@127.0.0.1 JOIN #lobby");
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    @Test
    void aNetcatMembersWelcomeListsTheIrcMember() throws Exception {
        TagClient carol = chat.line("carol");
        carol.send("/who");
        assertEquals("* In #lobby (3): alice, bob, carol", carol.line());
    }

    @Test
    void linesActionsAndPrivateMessagesCrossBothWays() throws Exception {
        bob.send("hello from netcat").send("/me waves").send("/msg alice just you");
        assertEquals(List.of(":bob!line@127.0.0.1 PRIVMSG #lobby :hello from netcat",
                ":bob!line@127.0.0.1 PRIVMSG #lobby :" + CTCP + "ACTION waves" + CTCP,
                ":bob!line@127.0.0.1 PRIVMSG alice :just you"), List.of(alice.line(), alice.line(), alice.line()));
        assertEquals("<bob (you)> hello from netcat", bob.line());
        assertEquals("* bob waves", bob.line());
        assertEquals("-> *alice* just you", bob.line());
        alice.send("PRIVMSG #lobby :hello from irc").send("PRIVMSG #lobby :" + CTCP + "ACTION nods" + CTCP)
                .send("PRIVMSG bob :psst").send("NOTICE #lobby :heads up");
        assertEquals(List.of("<alice> hello from irc", "* alice nods", "*alice* psst", "-alice- heads up"),
                List.of(bob.line(), bob.line(), bob.line(), bob.line()));
    }

    @Test
    void formattingIsTakenOutAndControlsNeutralizedForEveryone() throws Exception {
        IrcClient carol = chat.irc("carol");
        alice.expect("carol!~carol@127.0.0.1 JOIN #lobby");
        bob.line();
        carol.send("PRIVMSG #lobby :\u0002bold\u0002 \u000304,12red\u000f and \u001b[2Jgone \u202eevil");
        assertEquals("<carol> bold red and ?[2Jgone ?evil", bob.line());
        assertEquals(":carol!~carol@127.0.0.1 PRIVMSG #lobby :bold red and ?[2Jgone ?evil", alice.line());
    }

    @Test
    void otherCtcpRequestsAreNotPassedOn() throws Exception {
        alice.send("PRIVMSG bob :" + CTCP + "VERSION" + CTCP).send("PRIVMSG #lobby :after");
        assertEquals("<alice> after", bob.line());
    }

    @Test
    void joinsLeavesNickAndTopicChangesMapBetweenTheDoors() throws Exception {
        bob.send("/join #lab3");
        assertEquals(":bob!line@127.0.0.1 PART #lobby :Went to #lab3", alice.line());
        assertEquals("* You are in #lab3 now. Here (1): bob", bob.line());
        alice.send("JOIN #lab3");
        assertEquals("* alice joined", bob.line());
        assertEquals(":tcpkit 353 alice = #lab3 :alice @bob", alice.expect(" 353 "));
        alice.expect(" 366 ");
        bob.send("/nick robert");
        assertEquals(":bob!line@127.0.0.1 NICK :robert", alice.line());
        assertEquals("* bob is now known as robert", bob.line());
        alice.send("TOPIC #lab3 :Sockets");
        assertEquals("* alice set the topic: Sockets", bob.line());
        assertEquals(":alice!~alice@127.0.0.1 TOPIC #lab3 :Sockets", alice.line(), "the setter sees it too");
        bob.send("/topic Sockets, part 2");
        assertEquals(":robert!line@127.0.0.1 TOPIC #lab3 :Sockets, part 2", alice.line());
        assertEquals("* robert set the topic: Sockets, part 2", bob.line());
        alice.send("PART #lab3 :brb");
        assertEquals("* alice left the room (brb)", bob.line());
        alice.send("JOIN #lab3");
        bob.line();
        alice.send("QUIT :done for today");
        assertEquals("* alice left (quit: done for today)", bob.line());
        bob.send("/quit bye");
        bob.line();
    }

    @Test
    void aNetcatMembersQuitReachesTheIrcMemberAsQuit() throws Exception {
        bob.send("/quit off to lunch");
        assertEquals(":bob!line@127.0.0.1 QUIT :Quit: off to lunch", alice.line());
    }

    @Test
    void aLongNetcatLineReachesIrcSplitIntoLinesOf512BytesAtMost() throws Exception {
        String text = "é".repeat(450) + " end";
        bob.send(text);
        StringBuilder heard = new StringBuilder();
        while (heard.length() < text.length()) {
            String line = alice.line();
            assertTrue((line + "\r\n").getBytes(StandardCharsets.UTF_8).length <= 512, line);
            String head = ":bob!line@127.0.0.1 PRIVMSG #lobby :";
            assertTrue(line.startsWith(head), line);
            heard.append(line.substring(head.length()));
        }
        assertEquals(text, heard.toString());
    }

    @Test
    void nicknamesAreOneSpaceAcrossTheDoors() throws Exception {
        IrcClient other = chat.connect();
        other.send("NICK BOB");
        assertEquals(":tcpkit 433 * BOB :Nickname is already in use", other.line());
        TagClient late = TagClient.connect(chat.line.port());
        late.expect("ask");
        late.send("Alice");
        assertEquals("error: The nickname Alice is taken. Choose another.", late.line());
        late.close();
    }

    @Test
    void theShutdownNoticeReachesIrcMembersAsNoticeThenError() throws Exception {
        IrcClient registering = chat.connect();
        registering.send("NICK half").send("PING :here");
        registering.expect("PONG");
        chat.line.stop();
        chat.irc.stop();
        assertEquals(":tcpkit NOTICE * :The server is shutting down; goodbye.", alice.line());
        assertEquals("ERROR :Closing link: server shutting down", alice.line());
        assertNull(alice.line());
        assertEquals("ERROR :Closing link: server shutting down", registering.line());
        assertEquals("* server shutting down", bob.line());
    }
}
