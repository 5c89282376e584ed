package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;

/** IRCv3 message-tags (client tags, msgid, TAGMSG), batch and labeled-response, and capabilities changed later. */
@Timeout(30)
class IrcTagsTest {
    private IrcFixture chat;

    @BeforeEach
    void start() throws Exception {
        chat = new IrcFixture();
    }

    @AfterEach
    void stop() throws Exception {
        chat.close();
    }

    /** The next line of a line client containing {@code part}, joins and leaves skipped (bounded by its timeout). */
    private static String lineWith(TagClient client, String part) throws Exception {
        while (true) {
            String line = client.line();
            if (line == null || line.contains(part)) {
                return line;
            }
        }
    }

    @Test
    void clientTagsAndMsgidReachOnlyThoseWhoAskedAndTagmsgReachesNobodyElse() throws Exception {
        IrcClient alice = chat.withCaps("alice", "message-tags");
        IrcClient bob = chat.withCaps("bob", "message-tags echo-message");
        IrcClient carol = chat.irc("carol");
        IrcClient dave = chat.withCaps("dave", "server-time");
        TagClient lou = chat.line("lou");
        alice.expect("dave.* JOIN");
        bob.expect("dave.* JOIN");
        carol.expect("dave.* JOIN");

        alice.send("@+draft/reply=x1;fizz=buzz;+bad=a\u0001b PRIVMSG #lobby :hi");
        String relayed = bob.expect("PRIVMSG #lobby :hi");
        assertEquals("x1", IrcClient.tag(relayed, "+draft/reply"));
        assertTrue(IrcClient.tag(relayed, "msgid").matches("[0-9a-f]+-\\d+"), relayed);
        assertEquals(null, IrcClient.tag(relayed, "fizz"), "a server tag from a client is not passed on");
        assertEquals(null, IrcClient.tag(relayed, "+bad"), "a tag value with a control character is left out");
        assertEquals(":alice!~alice@127.0.0.1 PRIVMSG #lobby :hi", carol.expect("PRIVMSG"), "carol asked for no tags");
        String timed = dave.expect("PRIVMSG");
        assertTrue(timed.startsWith("@time=") && IrcClient.tag(timed, "+draft/reply") == null && IrcClient.tag(timed, "msgid") == null,
                timed);
        assertEquals("<alice> hi", lineWith(lou, "> "));

        bob.send("@+typing=active TAGMSG #lobby").send("PRIVMSG #lobby :after the tag");
        String echo = bob.expect("TAGMSG #lobby");
        String heard = alice.expect("TAGMSG #lobby");
        assertEquals("active", IrcClient.tag(heard, "+typing"));
        assertTrue(heard.endsWith(" :bob!~bob@127.0.0.1 TAGMSG #lobby"), heard);
        assertEquals(IrcClient.tag(echo, "msgid"), IrcClient.tag(heard, "msgid"), "one id for the sender's echo and the others' line");
        for (String line : carol.until("after the tag")) {
            assertFalse(line.contains("TAGMSG"), "a client without message-tags never gets a TAGMSG: " + line);
        }
        for (String line : dave.until("after the tag")) {
            assertFalse(line.contains("TAGMSG"), line);
        }
        assertEquals("<bob> after the tag", lineWith(lou, "> "), "the line member saw nothing of the tag message");
    }

    @Test
    void tagsOverTheSpecificationsBoundAreRefusedWith417() throws Exception {
        IrcClient alice = chat.withCaps("alice", "message-tags echo-message");
        IrcClient bob = chat.withCaps("bob", "message-tags");
        alice.send("@+big=" + "a".repeat(4094 - 5) + " TAGMSG #lobby");
        assertEquals("a".repeat(4089), IrcClient.tag(bob.expect("TAGMSG"), "+big"), "4094 bytes of tags pass whole");
        alice.send("@+big=" + "a".repeat(4094 - 4) + " TAGMSG #lobby");
        assertEquals(":tcpkit 417 alice :Input line was too long", alice.expect(" 417 "));
        alice.send("PRIVMSG #lobby :sync");
        assertEquals(List.of(), bob.until("sync").stream().filter(l -> l.contains("TAGMSG")).toList(),
                "nothing of the refused line went out");
    }

    @Test
    void labeledCommandsGetOneLabeledLineABatchOrAnAck() throws Exception {
        IrcClient alice = chat.withCaps("alice", "batch labeled-response echo-message message-tags");
        alice.send("@label=p1 PING :x");
        assertEquals("@label=p1 :tcpkit PONG tcpkit :x", alice.expect("PONG"));
        alice.send("@label=a2 PONG :nobody asked");
        assertEquals("@label=a2 :tcpkit ACK", alice.expect("ACK"));
        alice.send("@label=u3 NOSUCHCOMMAND");
        assertEquals("@label=u3 :tcpkit 421 alice NOSUCHCOMMAND :Unknown command", alice.expect(" 421 "));
        alice.send("@label=m4 PRIVMSG #lobby :labeled");
        String echo = alice.expect("PRIVMSG #lobby :labeled");
        assertEquals("m4", IrcClient.tag(echo, "label"), echo);
        assertTrue(IrcClient.tag(echo, "msgid") != null, echo);

        alice.send("@label=j5 JOIN #lab");
        List<String> lines = alice.until("BATCH -");
        Matcher start = Pattern.compile("^@label=j5 :tcpkit BATCH \\+(\\S+) labeled-response$").matcher(lines.get(0));
        assertTrue(start.matches(), lines.toString());
        String id = start.group(1);
        assertTrue(id.matches("[A-Za-z0-9-]+"), id);
        assertEquals(":tcpkit BATCH -" + id, lines.get(lines.size() - 1));
        List<String> inside = lines.subList(1, lines.size() - 1);
        assertTrue(inside.size() >= 3, inside.toString());
        for (String line : inside) {
            assertEquals(id, IrcClient.tag(line, "batch"), line);
        }
        assertTrue(inside.get(0).endsWith(":alice!~alice@127.0.0.1 JOIN #lab"), inside.toString());
        assertTrue(inside.get(inside.size() - 1).contains(" 366 alice #lab "), inside.toString());

        alice.send("@label=s6 PRIVMSG alice :to myself");
        List<String> both = List.of(alice.expect("to myself"), alice.expect("to myself"));
        assertEquals(1, both.stream().filter(l -> "s6".equals(IrcClient.tag(l, "label"))).count(),
                "to itself: two copies, the echo labeled, no batch: " + both);
    }

    @Test
    void aLabelAnotherClientCausesIsNotOnTheLinesItGets() throws Exception {
        IrcClient alice = chat.withCaps("alice", "batch labeled-response echo-message");
        IrcClient bob = chat.withCaps("bob", "batch labeled-response");
        alice.expect("bob.* JOIN");
        alice.send("@label=k7 PRIVMSG bob :hello");
        assertEquals(":alice!~alice@127.0.0.1 PRIVMSG bob :hello", bob.expect("PRIVMSG bob"));
        assertEquals("@label=k7 :alice!~alice@127.0.0.1 PRIVMSG bob :hello", alice.expect("PRIVMSG bob"));
    }

    @Test
    void capabilitiesChangedAfterRegistrationChangeTheSpellingWithNoLineLostOrDoubled() throws Exception {
        IrcClient alice = chat.irc("alice");
        IrcClient bob = chat.irc("bob");
        alice.expect("bob.* JOIN");
        Thread talker = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    bob.send("PRIVMSG #lobby :line " + i);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        talker.start();
        alice.send("CAP REQ :message-tags server-time");
        talker.join(10_000);
        List<String> lines = alice.until("line 299$");
        int next = 0;
        boolean acked = false;
        boolean tagged = false;
        for (String line : lines) {
            acked |= line.contains("CAP alice ACK :message-tags server-time");
            if (line.contains("PRIVMSG #lobby :line ")) {
                assertTrue(line.endsWith(":line " + next), "in order, none lost or doubled: " + line);
                next++;
                if (tagged) {
                    assertTrue(IrcClient.tag(line, "msgid") != null && IrcClient.tag(line, "time") != null, line);
                }
                tagged |= line.startsWith("@");
            }
        }
        assertTrue(acked && tagged, "the change took effect: " + lines.subList(0, Math.min(5, lines.size())));
        assertEquals(300, next);
        alice.send("CAP REQ :-server-time");
        alice.expect("CAP alice ACK");
        bob.send("PRIVMSG #lobby :now");
        String now = alice.expect(":now$");
        assertTrue(IrcClient.tag(now, "msgid") != null && IrcClient.tag(now, "time") == null, now);
    }
}
