package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;

/** WHOWAS, TIME, INFO, LUSERS in full, USERHOST's marks, and the command table's own answers. */
@Timeout(30)
class IrcQuestionsTest {
    private IrcFixture chat;
    private IrcClient alice;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
        alice = chat.irc("alice");
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    @Test
    void whowasTellsWhoHadANameMostRecentFirst() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("NICK bobby");
        bob.expect(" NICK ");
        bob.send("QUIT :bye");
        alice.expect(" QUIT ");
        alice.send("WHOWAS bob");
        List<String> replies = alice.until(" 369 ");
        assertEquals(":tcpkit 314 alice bob ~bob 127.0.0.1 * :Test bob", replies.get(0));
        assertTrue(replies.get(1).startsWith(":tcpkit 312 alice bob tcpkit :20"), replies.get(1));
        assertEquals(":tcpkit 369 alice bob :End of WHOWAS", replies.get(2));
        alice.send("WHOWAS b*,nobody 1");
        replies = alice.until(" 369 ");
        assertEquals(List.of(":tcpkit 314 alice bobby ~bob 127.0.0.1 * :Test bob"), replies.subList(0, 1),
                "the most recent name that matches first, one for the count of 1");
        assertEquals(":tcpkit 406 alice nobody :There was no such nickname", replies.get(2));
        assertEquals(":tcpkit 369 alice b*,nobody :End of WHOWAS", replies.get(3));
        alice.send("WHOWAS");
        assertEquals(":tcpkit 431 alice :No nickname given", alice.line());
    }

    @Test
    void timeAndInfoAnswer() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        alice.send("TIME");
        String time = alice.line();
        String[] words = time.split(" ");
        assertEquals(":tcpkit 391 alice tcpkit", String.join(" ", List.of(words).subList(0, 4)), time);
        long said = Long.parseLong(words[4]);
        assertTrue(said >= before && said <= System.currentTimeMillis() / 1000 + 1, time);
        alice.send("INFO");
        List<String> info = alice.until(" 374 ");
        assertTrue(info.get(0).startsWith(":tcpkit 371 alice :tcpkit-"), info.get(0));
        assertEquals(":tcpkit 374 alice :End of INFO list", info.get(info.size() - 1));
        alice.send("LINKS");
        assertEquals(List.of(":tcpkit 364 alice tcpkit tcpkit :0 tcpkit chat", ":tcpkit 365 alice * :End of /LINKS list"),
                alice.until(" 365 "), "the server names itself: servers on one Redis are one chat, not links");
    }

    @Test
    void lusersCountsTheInvisibleTheOperatorsAndThePeak() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("MODE bob +i");
        bob.expect(" MODE ");
        IrcClient carol = chat.irc("carol");
        carol.send("QUIT");
        alice.expect("carol.* QUIT ");
        IrcClient waiting = chat.connect();
        waiting.send("NICK dave");
        waiting.send("PING :sync");
        waiting.expect("PONG");
        alice.send("LUSERS");
        List<String> lusers = alice.until(" 266 ");
        assertEquals(List.of(":tcpkit 251 alice :There are 1 users and 1 invisible on 1 servers",
                ":tcpkit 253 alice 1 :unknown connection(s)", ":tcpkit 254 alice 1 :channels formed",
                ":tcpkit 255 alice :I have 2 clients and 0 servers",
                ":tcpkit 265 alice 2 3 :Current local users 2, max 3",
                ":tcpkit 266 alice 2 3 :Current global users 2, max 3"), lusers);
    }

    @Test
    void userhostMarksTheAway() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("AWAY :lunch");
        bob.expect(" 306 ");
        alice.send("USERHOST bob alice");
        assertEquals(":tcpkit 302 alice :bob=-~bob@127.0.0.1 alice=+~alice@127.0.0.1", alice.expect(" 302 "));
    }

    @Test
    void theTableAnswersUnknownUnregisteredAndShortCommandsInOnePlace() throws Exception {
        alice.send("TOPIC").send("OPER alice").send("MODE :").send("ISON");
        assertEquals(":tcpkit 461 alice TOPIC :Not enough parameters", alice.line());
        assertEquals(":tcpkit 461 alice OPER :Not enough parameters", alice.line());
        assertEquals(":tcpkit 461 alice MODE :Not enough parameters", alice.line(), "an empty parameter is none");
        assertEquals(":tcpkit 461 alice ISON :Not enough parameters", alice.line());
        IrcClient early = chat.connect();
        {
            early.send("FROBNICATE").send("WHOWAS bob").send("USER x 0 *");
            assertEquals(":tcpkit 421 * FROBNICATE :Unknown command", early.line());
            assertEquals(":tcpkit 451 * WHOWAS :You have not registered", early.line());
            assertEquals(":tcpkit 461 * USER :Not enough parameters", early.line());
        }
    }

    @Test
    void aMessageTooLongForItsHearersIsRefusedNeverSplitAndANoticeIsCut() throws Exception {
        IrcClient bob = chat.irc("bob");
        String head = ":bob!~bob@127.0.0.1 PRIVMSG alice :";
        String fits = "a".repeat(510 - head.length() - 4) + "\u00e9\u00e9";
        bob.send("PRIVMSG alice :" + fits);
        assertEquals(head + fits, alice.expect("PRIVMSG"), "exactly 512 bytes with the CRLF goes out whole");
        bob.send("PRIVMSG alice :" + fits + "b");
        assertEquals(":tcpkit 417 bob :Input line was too long: as others get it, it is 1 bytes over IRC's 512; "
                + "nothing was sent", bob.expect(" 417 "));
        String notice = ":bob!~bob@127.0.0.1 NOTICE alice :";
        bob.send("NOTICE alice :" + "a".repeat(510 - notice.length() - 1) + "\u00e9");
        assertEquals(notice + "a".repeat(510 - notice.length() - 1),
                alice.expect("NOTICE alice"), "a notice gets no answer: it is cut at a character's edge");
        bob.send("PRIVMSG alice :after");
        assertEquals(head + "after", alice.expect("PRIVMSG"), "nothing of the refused line came before");
    }

    @Test
    void whoxAnswersTheFieldsAskedForInTheSpecificationsOrder() throws Exception {
        IrcClient bob = chat.irc("bob");
        bob.send("AWAY :out");
        bob.expect(" 306 ");
        alice.send("WHO bob %rnfcut,42");
        assertEquals(":tcpkit 354 alice 42 #lobby ~bob bob G :Test bob", alice.expect(" 354 "));
        assertEquals(":tcpkit 315 alice bob :End of WHO list", alice.expect(" 315 "));
        alice.send("WHO #lobby %na");
        List<String> replies = alice.until(" 315 ");
        assertEquals(List.of(":tcpkit 354 alice alice 0", ":tcpkit 354 alice bob 0"),
                replies.subList(0, 2).stream().sorted().toList());
    }

    @Test
    void monitorTellsWhenWatchedNicknamesComeAndGo() throws Exception {
        IrcClient bob = chat.irc("bob");
        // bob is welcomed a moment before the others can see him: alice sees him come in, then asks.
        alice.expect(":bob!\\S+ JOIN #lobby");
        alice.send("MONITOR + bob,carol");
        assertEquals(":tcpkit 730 alice :bob!~bob@127.0.0.1", alice.expect(" 730 "));
        assertEquals(":tcpkit 731 alice :carol", alice.expect(" 731 "));
        IrcClient carol = chat.irc("carol");
        assertEquals(":tcpkit 730 alice :carol!~carol@127.0.0.1", alice.expect(" 730 "));
        carol.send("QUIT");
        assertEquals(":tcpkit 731 alice :carol", alice.expect(" 731 "));
        bob.send("NICK bobby");
        assertEquals(":tcpkit 731 alice :bob", alice.expect(" 731 "), "a nickname given up is gone");
        alice.send("MONITOR L");
        String list = alice.expect(" 732 ");
        assertEquals(List.of("bob", "carol"), List.of(list.substring(list.indexOf(" :") + 2).split(",")).stream()
                .sorted().toList());
        assertEquals(":tcpkit 733 alice :End of MONITOR list", alice.expect(" 733 "));
        alice.send("MONITOR - bob").send("MONITOR S");
        assertEquals(":tcpkit 731 alice :carol", alice.expect(" 73[01] "));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append(",n").append(i);
        }
        alice.send("MONITOR + " + many.substring(1));
        assertEquals(":tcpkit 734 alice 100 n99 :Monitor list is full.", alice.expect(" 73[14] "),
                "carol and 99 more fill the list of 100");
        assertTrue(alice.expect(" 731 ").startsWith(":tcpkit 731 alice :n0,n1,"));
    }
}
