package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;

/** A room's modes (+i +k +l +m +s +t), KICK and INVITE, between IRC clients and line members. */
@Timeout(30)
class IrcModesTest {
    private IrcFixture chat;
    private IrcClient alice;
    private IrcClient bob;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
        alice = chat.irc("alice");
        bob = chat.irc("bob");
        alice.send("JOIN #lab");
        alice.expect(" 366 alice #lab ");
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    /** PING and its PONG: everything sent before it has been answered. */
    private static List<String> sync(IrcClient client) throws Exception {
        client.send("PING :sync");
        return client.until("PONG .*:sync");
    }

    @Test
    void inviteOnlyLetsInOnlyTheInvitedOnce() throws Exception {
        alice.send("MODE #lab +i");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab +i", alice.expect("MODE"));
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 473 bob #lab :Cannot join channel (+i)", bob.expect(" 473 "));
        bob.send("INVITE alice #lab");
        assertEquals(":tcpkit 442 bob #lab :You're not on that channel", bob.expect(" 442 "));
        alice.send("INVITE bob #lab");
        assertEquals(":tcpkit 341 alice bob #lab", alice.expect(" 341 "));
        assertEquals(":alice!~alice@127.0.0.1 INVITE bob #lab", bob.expect("INVITE"));
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        alice.send("INVITE bob #lab");
        assertEquals(":tcpkit 443 alice bob #lab :is already on channel", alice.expect(" 443 "));
        bob.send("PART #lab");
        bob.expect("PART");
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 473 bob #lab :Cannot join channel (+i)", bob.expect(" 473 "), "an invitation is used once");
        bob.send("INVITE bob #lab");
        assertTrue(sync(bob).stream().noneMatch(l -> l.contains(" 341 ")), "only members invite");
    }

    @Test
    void aKeyAndALimitAreCheckedOnJoining() throws Exception {
        alice.send("MODE #lab +k :has space").send("MODE #lab +l nope");
        assertEquals(":tcpkit 525 alice #lab :A key has 1 to 23 characters, with no spaces or commas.",
                alice.expect(" 525 "));
        assertEquals(":tcpkit 696 alice #lab l nope :A limit is a whole number of members from 1 to 100000.",
                alice.expect(" 696 "));
        alice.send("MODE #lab +kl s3cret 2");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab +kl s3cret 2", alice.expect("MODE"), "one line for the change");
        bob.send("MODE #lab");
        assertEquals(":tcpkit 324 bob #lab +kln * :2", bob.expect(" 324 "), "the key is for members only");
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 475 bob #lab :Cannot join channel (+k)", bob.expect(" 475 "));
        bob.send("JOIN #lab s3cret");
        bob.expect(" 366 bob #lab ");
        bob.send("MODE #lab");
        assertEquals(":tcpkit 324 bob #lab +kln s3cret :2", bob.expect(" 324 "));
        IrcClient carol = chat.irc("carol");
        carol.send("JOIN #lab s3cret");
        assertEquals(":tcpkit 471 carol #lab :Cannot join channel (+l)", carol.expect(" 471 "));
        alice.send("MODE #lab -l");
        alice.expect("MODE #lab -l");
        carol.send("JOIN #lab s3cret");
        carol.expect(" 366 carol #lab ");
    }

    @Test
    void moderatedAndTopicLockedRoomsHearOnlyTheirOperatorsAndVoices() throws Exception {
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        bob.send("MODE #lab +m");
        assertEquals(":tcpkit 482 bob #lab :You're not channel operator", bob.expect(" 482 "));
        alice.send("MODE #lab +mt");
        alice.expect("MODE #lab \\+mt");
        bob.send("PRIVMSG #lab :hello?").send("TOPIC #lab :mine");
        assertEquals(":tcpkit 404 bob #lab :Cannot send to channel (+m)", bob.expect(" 404 "));
        assertEquals(":tcpkit 482 bob #lab :You're not channel operator", bob.expect(" 482 "));
        alice.send("MODE #lab +v bob");
        bob.expect("MODE #lab \\+v bob");
        bob.send("PRIVMSG #lab :now I may");
        assertEquals(":bob!~bob@127.0.0.1 PRIVMSG #lab :now I may", alice.expect("PRIVMSG"));
    }

    /** The next line of a line member's that starts with {@code start}, those before it skipped. */
    private static String next(org.tcpkit.testing.TagClient client, String start) throws Exception {
        for (int i = 0; i < 50; i++) {
            String line = client.line();
            if (line == null) {
                throw new AssertionError("closed before a line starting '" + start + "'");
            }
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("no line starting '" + start + "'");
    }

    @Test
    void lineMembersHearTheModesAndHaveTheCommandsToo() throws Exception {
        org.tcpkit.testing.TagClient carol = chat.line("carol");
        carol.send("/join #lab");
        next(carol, "* You are in #lab now.");
        alice.send("MODE #lab +m");
        assertEquals("* alice made #lab moderated: only its operators and voiced members speak", next(carol, "* alice"));
        carol.send("hello?");
        assertEquals("! #lab is moderated: only its operators and voiced members speak.", next(carol, "!"));
        carol.send("/kick alice");
        assertEquals("! Only the operators of #lab may do that.", next(carol, "!"));
        alice.send("MODE #lab +o carol");
        next(carol, "* alice gave carol operator status");
        carol.send("/mode -m");
        assertEquals(":carol!line@127.0.0.1 MODE #lab -m", alice.expect("MODE #lab -m"));
        carol.send("/mode +k two words");
        assertEquals("! A key has 1 to 23 characters, with no spaces or commas.", next(carol, "!"));
        carol.send("/mode");
        assertEquals("* #lab is +n.", next(carol, "* #lab is"));
        carol.send("/invite bob");
        assertEquals(":carol!line@127.0.0.1 INVITE bob #lab", bob.expect("INVITE"));
        assertEquals("* You invited bob to #lab.", next(carol, "* You invited"));
        alice.send("KICK #lab carol :enough");
        assertEquals("* alice put carol out of #lab (enough)", next(carol, "* alice put"));
        carol.send("still here?").send("/who");
        assertEquals("! You are in no room now; /join one (/rooms lists them).", next(carol, "!"));
        assertEquals("! You are in no room now; /join one (/rooms lists them).", next(carol, "!"));
        carol.send("/join #lobby");
        next(carol, "* You are in #lobby now.");
    }

    @Test
    void aBanKeepsAMemberOutAndQuietUnlessInvitedAndIsListed() throws Exception {
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        alice.send("MODE #lab +b BOB");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab +b BOB!*@*", alice.expect("MODE"), "a nickname is a full mask");
        bob.send("PRIVMSG #lab :still here");
        assertEquals(":tcpkit 404 bob #lab :Cannot send to channel (+b)", bob.expect(" 404 "));
        alice.send("MODE #lab b");
        List<String> list = alice.until(" 368 ");
        assertTrue(list.get(0).matches(":tcpkit 367 alice #lab BOB!\\*@\\* alice!~alice@127\\.0\\.0\\.1 \\d+"),
                list.get(0));
        assertEquals(":tcpkit 368 alice #lab :End of channel ban list", list.get(1));
        alice.send("KICK #lab bob");
        bob.expect("KICK");
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 474 bob #lab :Cannot join channel (+b)", bob.expect(" 474 "));
        alice.send("INVITE bob #lab");
        bob.expect("INVITE");
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        alice.send("MODE #lab -b bob!*@*");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab -b bob!*@*", alice.expect("MODE"));
        bob.send("PRIVMSG #lab :free again");
        assertEquals(":bob!~bob@127.0.0.1 PRIVMSG #lab :free again", alice.expect("PRIVMSG"));
    }

    @Test
    void exceptionsLetInTheBannedAndInviteExceptionsTheUninvited() throws Exception {
        alice.send("MODE #lab +be *!*@127.0.0.1 bob");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab +be *!*@127.0.0.1 bob!*@*", alice.expect("MODE"));
        IrcClient carol = chat.irc("carol");
        carol.send("JOIN #lab");
        assertEquals(":tcpkit 474 carol #lab :Cannot join channel (+b)", carol.expect(" 474 "));
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        bob.send("PART #lab");
        bob.expect("PART");
        alice.send("MODE #lab +i");
        alice.expect("MODE #lab \\+i");
        bob.send("JOIN #lab");
        assertEquals(":tcpkit 473 bob #lab :Cannot join channel (+i)", bob.expect(" 473 "));
        alice.send("MODE #lab +I bob!*@*");
        alice.expect("MODE #lab \\+I");
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        alice.send("MODE #lab e").send("MODE #lab I");
        assertTrue(alice.expect(" 348 ").startsWith(":tcpkit 348 alice #lab bob!*@* alice!~alice@127.0.0.1 "));
        assertEquals(":tcpkit 349 alice #lab :End of channel exception list", alice.expect(" 349 "));
        assertTrue(alice.expect(" 346 ").startsWith(":tcpkit 346 alice #lab bob!*@* alice!~alice@127.0.0.1 "));
        assertEquals(":tcpkit 347 alice #lab :End of channel invite list", alice.expect(" 347 "));
    }

    @Test
    void minusNLetsOutsidersSpeakInTheRoom() throws Exception {
        bob.send("PRIVMSG #lab :from outside");
        assertEquals(":tcpkit 404 bob #lab :Cannot send to channel (you are not in it)", bob.expect(" 404 "));
        alice.send("MODE #lab -n+t");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab -n+t", alice.expect("MODE"));
        bob.send("PRIVMSG #lab :from outside");
        assertEquals(":bob!~bob@127.0.0.1 PRIVMSG #lab :from outside", alice.expect("PRIVMSG"));
        alice.send("MODE #lab");
        assertEquals(":tcpkit 324 alice #lab :+t", alice.expect(" 324 "));
    }

    @Test
    void aSecretRoomIsHiddenFromOutsideAndAnEmptyServerListsNoRoom() throws Exception {
        IrcFixture empty = new IrcFixture(org.tcpkit.chat.ChatLimits.DEFAULT, new IrcSession.Settings(
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60), 100_000, 100_000, false,
                "tcpkit"), null);
        try {
            IrcClient lone = empty.connect().register("lone");
            lone.send("LIST");
            assertEquals(List.of(":tcpkit 321 lone Channel :Users  Name", ":tcpkit 323 lone :End of /LIST"),
                    lone.until(" 323 ").stream().filter(l -> l.matches(":tcpkit 32[123] .*")).toList(),
                    "the empty lobby is not listed");
        } finally {
            empty.close();
        }
        alice.send("MODE #lab +s");
        alice.expect("MODE #lab \\+s");
        bob.send("LIST");
        assertFalse(bob.until(" 323 ").stream().anyMatch(l -> l.contains("#lab")));
        bob.send("NAMES #lab");
        assertEquals(":tcpkit 366 bob #lab :End of /NAMES list", bob.expect(" 366 "));
        alice.send("NAMES #lab");
        assertEquals(":tcpkit 353 alice @ #lab :@alice", alice.expect(" 353 "));
    }

    @Test
    void kickPutsAMemberOutAndEveryoneThereSeesIt() throws Exception {
        bob.send("JOIN #lab");
        bob.expect(" 366 bob #lab ");
        bob.send("KICK #lab alice");
        assertEquals(":tcpkit 482 bob #lab :You're not channel operator", bob.expect(" 482 "));
        alice.send("KICK #lab bob :off topic");
        assertEquals(":alice!~alice@127.0.0.1 KICK #lab bob :off topic", bob.expect("KICK"));
        assertEquals(":alice!~alice@127.0.0.1 KICK #lab bob :off topic", alice.expect("KICK"));
        alice.send("KICK #lab bob").send("KICK #nowhere bob").send("KICK #lab");
        assertEquals(":tcpkit 441 alice bob #lab :They aren't on that channel", alice.expect(" 441 "));
        assertEquals(":tcpkit 403 alice #nowhere :No such channel", alice.expect(" 403 "));
        assertEquals(":tcpkit 461 alice KICK :Not enough parameters", alice.expect(" 461 "));
        bob.send("PRIVMSG #lab :back?");
        assertEquals(":tcpkit 404 bob #lab :Cannot send to channel (you are not in it)", bob.expect(" 404 "));
    }
}
