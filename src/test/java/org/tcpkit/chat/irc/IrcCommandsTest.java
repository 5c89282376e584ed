package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;

/** The IRC door's commands between IRC clients, each with the replies and numerics RFC 2812 gives it. */
@Timeout(30)
class IrcCommandsTest {
    private IrcFixture chat;
    private IrcClient alice;
    private IrcClient bob;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
        alice = chat.irc("alice");
        bob = chat.irc("bob");
        alice.expect(":bob!~bob@127.0.0.1 JOIN #lobby");
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    @Test
    void joinOfSeveralRoomsEchoesEachWithTopicAndNames() throws Exception {
        alice.send("JOIN #lab3,#Lab4");
        assertEquals(List.of(":alice!~alice@127.0.0.1 JOIN #lab3",
                ":tcpkit 353 alice = #lab3 :@alice", ":tcpkit 366 alice #lab3 :End of /NAMES list",
                ":alice!~alice@127.0.0.1 JOIN #Lab4"), alice.until("JOIN #Lab4"));
        bob.send("JOIN #LAB3");
        assertEquals(":bob!~bob@127.0.0.1 JOIN #lab3", alice.expect("JOIN"));
        assertEquals(":tcpkit 353 bob = #lab3 :@alice bob", bob.expect(" 353 "), "the room's maker is its operator");
        alice.send("JOIN #lab3");
        alice.send("PING :x");
        assertEquals(":tcpkit PONG tcpkit :x", alice.expect("PONG|JOIN"), "joining a room twice says nothing");
    }

    @Test
    void joinOfABadNameOrOverTheLimitsIsRefused() throws Exception {
        alice.send("JOIN lab").send("JOIN #a!b").send("JOIN");
        assertEquals(":tcpkit 403 alice lab :Cannot join channel: a room name starts with # and has at least one "
                + "more character, such as #lab3", alice.line());
        assertEquals(":tcpkit 479 alice #a!b :Cannot join channel: a room name has only letters, digits and - _ . "
                + "after the #", alice.line());
        assertEquals(":tcpkit 461 alice JOIN :Not enough parameters", alice.line());
        try (IrcFixture small = new IrcFixture(new ChatLimits(3, 2, 32), IrcFixture.settings(), null)) {
            IrcClient carol = small.irc("carol");
            carol.send("JOIN #a");
            carol.expect(" 366 carol #a ");
            carol.send("JOIN #b");
            assertEquals(":tcpkit 405 carol #b :You have joined too many channels", carol.line());
            IrcClient dave = small.irc("dave");
            dave.send("JOIN #c");
            dave.expect(" 366 dave #c ");
            IrcClient eve = small.irc("eve");
            eve.send("JOIN #d");
            assertEquals(":tcpkit 405 eve #d :Cannot join channel: the server has 3 channels already", eve.line());
        }
    }

    @Test
    void partWithAReasonIsSeenByTheRoomAndTheRoomGoesWithItsLastMember() throws Exception {
        alice.send("JOIN #lab3");
        alice.expect(" 366 alice #lab3 ");
        bob.send("JOIN #lab3");
        alice.expect("bob!~bob@127.0.0.1 JOIN #lab3");
        bob.expect(" 366 bob #lab3 ");
        bob.send("PART #lab3 :lunch time");
        assertEquals(":bob!~bob@127.0.0.1 PART #lab3 :lunch time", alice.expect("PART"));
        assertEquals(":bob!~bob@127.0.0.1 PART #lab3 :lunch time", bob.line());
        bob.send("PART #lab3").send("PART #nowhere").send("PART");
        assertEquals(":tcpkit 442 bob #lab3 :You're not on that channel", bob.line());
        assertEquals(":tcpkit 403 bob #nowhere :No such channel", bob.line());
        assertEquals(":tcpkit 461 bob PART :Not enough parameters", bob.line());
        alice.send("PART #lab3");
        alice.expect("PART #lab3");
        assertNull(chat.chat.room("#lab3"));
    }

    @Test
    void listShowsEveryRoomWithItsCountAndTopic() throws Exception {
        alice.send("JOIN #lab3");
        alice.send("TOPIC #lab3 :Echo servers");
        alice.expect("TOPIC #lab3");
        bob.send("LIST");
        assertEquals(List.of(":tcpkit 321 bob Channel :Users  Name", ":tcpkit 322 bob #lab3 1 :Echo servers",
                ":tcpkit 322 bob #lobby 2 :", ":tcpkit 323 bob :End of /LIST"), bob.until(" 323 "));
        bob.send("LIST #lab3");
        assertEquals(List.of(":tcpkit 321 bob Channel :Users  Name", ":tcpkit 322 bob #lab3 1 :Echo servers",
                ":tcpkit 323 bob :End of /LIST"), bob.until(" 323 "));
    }

    @Test
    void topicIsSetSeenAndAskedFor() throws Exception {
        alice.send("TOPIC #lobby");
        assertEquals(":tcpkit 331 alice #lobby :No topic is set", alice.line());
        alice.send("TOPIC #lobby :Welcome, lab 3");
        assertEquals(":alice!~alice@127.0.0.1 TOPIC #lobby :Welcome, lab 3", bob.expect("TOPIC"));
        bob.send("TOPIC #lobby");
        assertEquals(":tcpkit 332 bob #lobby :Welcome, lab 3", bob.line());
        assertTrue(bob.line().matches(":tcpkit 333 bob #lobby alice \\d+"));
        bob.send("TOPIC #gone").send("JOIN #other");
        assertEquals(":tcpkit 403 bob #gone :No such channel", bob.line());
        bob.expect(" 366 bob #other ");
        alice.send("TOPIC #other :x");
        assertEquals(":tcpkit 442 alice #other :You're not on that channel", alice.expect(" 442 "));
    }

    @Test
    void privmsgAndNoticeReachTheRoomAndTheNickButNotTheSender() throws Exception {
        alice.send("PRIVMSG #lobby :hello room").send("NOTICE #lobby :a notice").send("PRIVMSG bob :just you")
                .send("NOTICE BOB :psst");
        assertEquals(List.of(":alice!~alice@127.0.0.1 PRIVMSG #lobby :hello room",
                ":alice!~alice@127.0.0.1 NOTICE #lobby :a notice", ":alice!~alice@127.0.0.1 PRIVMSG bob :just you",
                ":alice!~alice@127.0.0.1 NOTICE bob :psst"), List.of(bob.line(), bob.line(), bob.line(), bob.line()));
        alice.send("PING :only");
        assertEquals(":tcpkit PONG tcpkit :only", alice.line(), "no echo of its own messages");
    }

    @Test
    void messagesToNobodyOrWithoutTextGetTheirNumericsButNoticesNever() throws Exception {
        alice.send("PRIVMSG nobody :x").send("PRIVMSG #nowhere :x").send("PRIVMSG").send("PRIVMSG bob")
                .send("NOTICE nobody :x").send("NOTICE").send("JOIN #mine");
        assertEquals(":tcpkit 401 alice nobody :No such nick/channel", alice.line());
        assertEquals(":tcpkit 403 alice #nowhere :No such channel", alice.line());
        assertEquals(":tcpkit 411 alice :No recipient given (PRIVMSG)", alice.line());
        assertEquals(":tcpkit 412 alice :No text to send", alice.line());
        assertEquals(":alice!~alice@127.0.0.1 JOIN #mine", alice.line());
        alice.until(" 366 ");
        bob.send("PRIVMSG #mine :let me in");
        assertEquals(":tcpkit 404 bob #mine :Cannot send to channel (you are not in it)", bob.line());
    }

    @Test
    void nickChangesAreSeenByNeighboursAndRefusedWhenTakenOrBad() throws Exception {
        alice.send("NICK Alicia");
        assertEquals(":alice!~alice@127.0.0.1 NICK :Alicia", alice.line());
        assertEquals(":alice!~alice@127.0.0.1 NICK :Alicia", bob.expect("NICK"));
        alice.send("NICK BOB").send("NICK bad!nick").send("NICK");
        assertEquals(":tcpkit 433 Alicia BOB :Nickname is already in use", alice.line());
        assertTrue(alice.line().startsWith(":tcpkit 432 Alicia bad!nick :Erroneous nickname"));
        assertEquals(":tcpkit 431 Alicia :No nickname given", alice.line());
        alice.send("NICK alicia");
        assertEquals(":Alicia!~alice@127.0.0.1 NICK :alicia", alice.line(), "a change of case only");
    }

    @Test
    void quitIsBroadcastThenTheClientGetsErrorAndTheEnd() throws Exception {
        bob.send("QUIT :see you");
        assertEquals("ERROR :Closing link: 127.0.0.1 (Quit: see you)", bob.expect("^ERROR"));
        assertNull(bob.line());
        assertEquals(":bob!~bob@127.0.0.1 QUIT :Quit: see you", alice.expect("QUIT"));
    }

    @Test
    void namesAndWhoListTheRoom() throws Exception {
        alice.send("NAMES #lobby");
        assertEquals(List.of(":tcpkit 353 alice = #lobby :alice bob", ":tcpkit 366 alice #lobby :End of /NAMES list"),
                alice.until(" 366 "));
        alice.send("NAMES #nowhere");
        assertEquals(":tcpkit 366 alice #nowhere :End of /NAMES list", alice.line());
        alice.send("WHO #lobby");
        List<String> who = alice.until(" 315 ");
        assertTrue(who.contains(":tcpkit 352 alice #lobby ~bob 127.0.0.1 tcpkit bob H :0 Test bob"), who.toString());
        assertTrue(who.contains(":tcpkit 352 alice #lobby ~alice 127.0.0.1 tcpkit alice H :0 Test alice"));
        assertEquals(":tcpkit 315 alice #lobby :End of WHO list", who.get(who.size() - 1));
        alice.send("WHO bob");
        assertEquals(List.of(":tcpkit 352 alice #lobby ~bob 127.0.0.1 tcpkit bob H :0 Test bob",
                ":tcpkit 315 alice bob :End of WHO list"), alice.until(" 315 "));
    }

    @Test
    void namesOfALargeRoomAreSplitIntoLinesThatFit() throws Exception {
        for (int i = 0; i < 60; i++) {
            chat.irc("member" + i + "x".repeat(8));
        }
        alice.send("NAMES #lobby");
        List<String> lines = alice.until(" 366 alice #lobby ");
        int names = 0;
        for (String line : lines) {
            assertTrue(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 510, line);
            if (line.contains(" 353 alice = #lobby :")) {
                names += line.substring(line.indexOf(" :") + 2).split(" ").length;
            }
        }
        assertEquals(62, names);
        assertTrue(lines.stream().filter(l -> l.contains(" 353 ")).count() > 1);
    }

    @Test
    void modeRepliesAreEnoughForAClientsJoinSync() throws Exception {
        alice.send("MODE alice +i").send("MODE alice").send("MODE #lobby").send("MODE #lobby b").send("MODE #lobby +o bob")
                .send("MODE bob +i").send("MODE alice +x");
        assertEquals(":alice MODE alice :+i", alice.line());
        assertEquals(":tcpkit 221 alice :+i", alice.line());
        assertEquals(":tcpkit 324 alice #lobby :+n", alice.line());
        assertTrue(alice.line().matches(":tcpkit 329 alice #lobby \\d+"));
        assertEquals(":tcpkit 368 alice #lobby :End of channel ban list", alice.line());
        assertTrue(alice.line().startsWith(":tcpkit 482 alice #lobby :You're not channel operator"));
        assertEquals(":tcpkit 502 alice bob :Cannot change mode for other users", alice.line());
        assertEquals(":tcpkit 501 alice :Unknown MODE flag", alice.line());
    }

    @Test
    void awayShowsInWhoAndAnswersPrivateMessages() throws Exception {
        bob.send("AWAY :at lunch");
        assertEquals(":tcpkit 306 bob :You have been marked as being away", bob.line());
        alice.send("PRIVMSG bob :are you there?").send("WHO bob");
        assertEquals(":tcpkit 301 alice bob :at lunch", alice.line());
        assertEquals(":tcpkit 352 alice #lobby ~bob 127.0.0.1 tcpkit bob G :0 Test bob", alice.line());
        bob.send("AWAY");
        assertEquals(":tcpkit 305 bob :You are no longer marked as being away", bob.expect(" 305 "));
    }

    @Test
    void aRoomsTopicComesWithTheJoin() throws Exception {
        alice.send("TOPIC #lobby :Lab day");
        alice.expect("TOPIC");
        IrcClient carol = chat.connect().register("carol");
        List<String> join = carol.until(" 366 carol #lobby ");
        assertEquals(":tcpkit 332 carol #lobby :Lab day", join.get(join.size() - 4));
        assertTrue(join.get(join.size() - 3).matches(":tcpkit 333 carol #lobby alice \\d+"));
    }

    @Test
    void anOperatorMakesAnotherOneAndWhoShowsIt() throws Exception {
        alice.send("JOIN #lab3");
        alice.expect(" 366 alice #lab3 ");
        bob.send("JOIN #lab3");
        bob.expect(" 366 bob #lab3 ");
        bob.send("MODE #lab3 +o bob");
        assertEquals(":tcpkit 482 bob #lab3 :You're not channel operator", bob.line());
        alice.send("MODE #lab3 +o bob");
        assertEquals(":alice!~alice@127.0.0.1 MODE #lab3 +o bob", bob.line());
        bob.send("WHO #lab3");
        List<String> who = bob.until(" 315 ");
        assertTrue(who.contains(":tcpkit 352 bob #lab3 ~bob 127.0.0.1 tcpkit bob H@ :0 Test bob"), who.toString());
        assertTrue(who.contains(":tcpkit 352 bob #lab3 ~alice 127.0.0.1 tcpkit alice H@ :0 Test alice"));
        bob.send("MODE #lab3 -o alice").send("NAMES #lab3");
        assertEquals(":bob!~bob@127.0.0.1 MODE #lab3 -o alice", bob.line());
        assertEquals(":tcpkit 353 bob = #lab3 :alice @bob", bob.line());
        bob.line();
        bob.send("MODE #lab3 +v alice").send("MODE #lab3 +o bob").send("NAMES #lab3");
        assertEquals(":bob!~bob@127.0.0.1 MODE #lab3 +v alice", bob.line());
        assertEquals(":tcpkit 353 bob = #lab3 :+alice @bob", bob.line(), "giving what one has says nothing");
        bob.line();
        bob.send("CAP REQ multi-prefix").send("MODE #lab3 +o alice").send("NAMES #lab3");
        bob.expect("ACK");
        bob.expect("MODE #lab3 \\+o alice");
        assertEquals(":tcpkit 353 bob = #lab3 :@+alice @bob", bob.line());
    }

    @Test
    void whoByMaskLeavesOutInvisibleStrangers() throws Exception {
        IrcClient carol = chat.connect().register("carol");
        carol.expect(" 366 carol #lobby ");
        carol.send("PART #lobby").send("MODE carol +i");
        carol.expect("MODE carol");
        alice.send("WHO car*");
        assertEquals(":tcpkit 315 alice car* :End of WHO list", alice.expect(" 315 |352"));
        alice.send("WHO carol");
        assertEquals(":tcpkit 352 alice * ~carol 127.0.0.1 tcpkit carol H :0 Test carol", alice.line());
        assertEquals(":tcpkit 315 alice carol :End of WHO list", alice.line());
        alice.send("WHO *");
        List<String> all = alice.until(" 315 ");
        assertEquals(3, all.size(), "alice and bob, then the end: " + all);
    }

    @Test
    void unknownCommandsAre421() throws Exception {
        alice.send("FROBNICATE now");
        assertEquals(":tcpkit 421 alice FROBNICATE :Unknown command", alice.line());
    }

    @Test
    void whoisTellsWhoAndWhere() throws Exception {
        alice.send("WHOIS bob");
        assertEquals(List.of(":tcpkit 311 alice bob ~bob 127.0.0.1 * :Test bob", ":tcpkit 319 alice bob :#lobby",
                ":tcpkit 312 alice bob tcpkit :tcpkit chat", ":tcpkit 318 alice bob :End of /WHOIS list"),
                alice.until(" 318 "));
        alice.send("WHOIS ghost");
        assertEquals(":tcpkit 401 alice ghost :No such nick/channel", alice.line());
    }
}
