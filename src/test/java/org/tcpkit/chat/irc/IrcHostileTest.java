package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Wire;

/** What one IRC client can send to cost the server, or other members, more than its share. */
@Timeout(60)
class IrcHostileTest {

    @Test
    void whoWithManyWildcardsAgainstALongRealNameAnswersAtOnce() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient evil = chat.connect();
            evil.send("NICK evil").send("USER e 0 * :" + "a".repeat(400));
            evil.expect(" 366 evil #lobby ");
            evil.send("WHO *a*a*a*a*a*a*a*a*a*a*a*a*b");
            assertEquals(":tcpkit 315 evil *a*a*a*a*a*a*a*a*a*a*a*a*b :End of WHO list", evil.expect(" 315 "));
            evil.send("WHO *a*a*");
            assertTrue(evil.expect(" 352 ").contains(" evil H :0 " + "a".repeat(150)),
                    "the match still works, and the real name is kept to 150 bytes");
            evil.send("QUIT");
            evil.expect("^ERROR");
        }
    }

    @Test
    void aClientSendingOneByteAtATimeIsStillClosedAtTheRegistrationDeadline() throws Exception {
        try (IrcFixture quick = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(60), 100, 100, true, "tcpkit"), null);
             Socket socket = Wire.connect(quick.irc.port())) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            out.write("NICK slow\r\n".getBytes(StandardCharsets.US_ASCII));
            String seen = null;
            // One byte of a line that never ends every 200 ms, for at most 6 s; the deadline is 1 s.
            for (int i = 0; i < 30 && seen == null; i++) {
                try {
                    out.write('x');
                } catch (java.io.IOException e) {
                    break;
                }
                try {
                    seen = in.readLine();
                } catch (SocketTimeoutException e) {
                    // Nothing from the server yet: one more byte.
                }
            }
            assertEquals("ERROR :Closing link: registration timed out", seen);
        }
    }

    @Test
    void oneMessageToTenSpellingsOfATargetIsDeliveredOnceAndEachTargetCountsAgainstTheRate() throws Exception {
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT, new IrcSession.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1, 10, true, "tcpkit"), null)) {
            IrcClient alice = chat.irc("alice");
            IrcClient bob = chat.irc("bob");
            chat.irc("carol");
            alice.expect("carol!~carol@127.0.0.1 JOIN");
            bob.expect("carol!~carol@127.0.0.1 JOIN");
            alice.send("PRIVMSG #Lobby,#LOBBY,#lobby,#lObby,#LObby,#LOBby,#LOBBy,#lobBY,#loBBY,#lOBBY :once");
            assertEquals(":alice!~alice@127.0.0.1 PRIVMSG #lobby :once", bob.expect("PRIVMSG"));
            // Alice's next line comes after the rest of her message, if there were any more copies.
            alice.send("PRIVMSG #lobby :next");
            assertEquals(":alice!~alice@127.0.0.1 PRIVMSG #lobby :next", bob.expect("PRIVMSG"));
            // Ten distinct targets cost ten lines, more than the burst of ten has left: the next line waits, and
            // the client is told so.
            alice.send("PRIVMSG bob,carol,#lobby,n1,n2,n3,n4,n5,n6,n7 :ten").send("PING :next");
            List<String> after = alice.until("PONG|NOTICE alice :You are sending");
            assertTrue(after.get(after.size() - 1).contains("You are sending more than 1 lines a second"),
                    after.toString());
        }
    }

    @Test
    void pingWithoutATokenBeforeRegistrationIs409() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient early = chat.connect();
            early.send("PING");
            assertEquals(":tcpkit 409 * :No origin specified", early.line());
        }
    }

    @Test
    void anInvisibleMemberIsLeftOutOfRoomListsAskedFromOutsideTheRoom() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient carol = chat.irc("carol");
            IrcClient alice = chat.irc("alice");
            carol.send("MODE carol +i").send("JOIN #quiet");
            carol.expect(" 366 carol #quiet ");
            alice.send("NAMES #quiet").send("WHO #quiet");
            assertEquals(":tcpkit 366 alice #quiet :End of /NAMES list", alice.expect(" 353 | 366 "));
            assertEquals(":tcpkit 315 alice #quiet :End of WHO list", alice.expect(" 352 | 315 "));
            alice.send("WHOIS carol");
            List<String> whois = alice.until(" 318 ");
            assertTrue(whois.stream().noneMatch(l -> l.contains("#quiet")), whois.toString());
            alice.send("NAMES #lobby");
            assertTrue(alice.expect(" 353 ").contains("carol"), "a room they share shows her");
        }
    }

    @Test
    void longRepliesAreSplitOverSeveralLinesNotCut() throws Exception {
        try (IrcFixture chat = new IrcFixture(new ChatLimits(1000, 30, 32), IrcFixture.settings(), null)) {
            IrcClient alice = chat.irc("alice");
            IrcClient bob = chat.irc("bob");
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rooms.add("#" + "room" + i + "-" + "x".repeat(24));
            }
            for (int from = 0; from < rooms.size(); from += 10) {
                bob.send("JOIN " + String.join(",", rooms.subList(from, from + 10)));
                bob.expect(" 366 bob " + rooms.get(from + 9) + " ");
            }
            alice.send("WHOIS bob");
            List<String> whois = alice.until(" 318 ");
            List<String> listed = new ArrayList<>();
            for (String line : whois) {
                assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 510, line);
                if (line.startsWith(":tcpkit 319 alice bob :")) {
                    listed.addAll(List.of(line.substring(":tcpkit 319 alice bob :".length()).split(" ")));
                }
            }
            for (String room : rooms) {
                assertTrue(listed.contains("@" + room), room + " in " + listed);
            }

            TagClient line = chat.line("lina");
            String topic = "Ж".repeat(290) + "end";
            line.send("/topic " + topic);
            // Set before carol asks: lina is told once the topic is the room's.
            String told = line.line();
            for (int i = 0; told != null && !told.startsWith("* lina set the topic: ") && i < 20; i++) {
                told = line.line();
            }
            assertEquals("* lina set the topic: " + topic, told);
            IrcClient carol = chat.irc("carol");
            carol.send("TOPIC #lobby");
            StringBuilder shown = new StringBuilder();
            for (String reply : carol.until(" 333 ")) {
                if (reply.startsWith(":tcpkit 332 carol #lobby :")) {
                    shown.append(reply.substring(":tcpkit 332 carol #lobby :".length()));
                }
            }
            assertEquals(topic, shown.toString());
        }
    }

    @Test
    void aRoomNameTooLongForAnIrcLineIsRefusedAndLongLinesInLongRoomsAreSplit() throws Exception {
        try (IrcFixture chat = new IrcFixture(new ChatLimits(1000, 20, 200), IrcFixture.settings(), null)) {
            IrcClient alice = chat.irc("alice");
            String tooLong = "#" + "\uD801\uDC00".repeat(60);
            alice.send("JOIN " + tooLong);
            assertTrue(alice.expect(" 479 ").endsWith("a room name has at most 200 bytes of UTF-8"));
            String longest = "#" + "\uD801\uDC00".repeat(49) + "abc";
            alice.send("JOIN " + longest);
            alice.expect(" 366 alice " + longest + " ");
            TagClient lina = chat.line("lina");
            lina.send("/join " + longest);
            assertTrue(lina.line().startsWith("* You are in " + longest), "lina moved");
            String text = "\uD801\uDC00".repeat(240);
            lina.send(text);
            StringBuilder heard = new StringBuilder();
            String head = ":lina!line@127.0.0.1 PRIVMSG " + longest + " :";
            while (heard.length() < text.length()) {
                String got = alice.expect("PRIVMSG");
                assertTrue(got.startsWith(head), got);
                assertTrue(got.getBytes(StandardCharsets.UTF_8).length <= 510, got);
                heard.append(got.substring(head.length()));
            }
            assertEquals(text, heard.toString());
            assertFalse(chat.chat.member("alice") == null);
        }
    }

    @Test
    void roomNamesThatLookAlikeAreOneRoom() throws Exception {
        try (IrcFixture chat = new IrcFixture()) {
            IrcClient alice = chat.irc("alice");
            for (String lookAlike : List.of("#\uFF4C\uFF4F\uFF42\uFF42\uFF59", "#l\u043Ebby",
                    "#\uD835\uDC25\uD835\uDC28\uD835\uDC1B\uD835\uDC1B\uD835\uDC32")) {
                alice.send("JOIN " + lookAlike);
            }
            alice.send("JOIN #lab").send("JOIN #1ab");
            alice.expect(" 366 alice #lab ");
            alice.send("PING :done");
            List<String> after = alice.until("PONG");
            assertEquals(List.of(":tcpkit PONG tcpkit :done"), after, "no other room was made");
            assertEquals(2, chat.chat.roomCount());
        }
    }
}
