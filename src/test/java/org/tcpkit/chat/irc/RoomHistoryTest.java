package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;

/** What a room keeps of its past, and what someone who joins late, or asks, is given of it, through both doors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomHistoryTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    private IrcFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private IrcFixture start(ChatLimits limits) throws Exception {
        fixture = new IrcFixture(limits, IrcFixture.settings(), null);
        return fixture;
    }

    @Test
    void aLateJoinerGetsTheLastLinesThenTheLiveOnesWithNothingMissingOrDoubled() throws Exception {
        start(ChatLimits.DEFAULT);
        TagClient ann = fixture.line("ann");
        for (int i = 0; i < 30; i++) {
            ann.send("line " + i);
        }
        assertEquals("<ann (you)> line 29", lastOf(ann, "<ann \\(you\\)> line 29"));
        // Ann goes on talking while two others join, one through each door, and for 50 lines after.
        // On a busy machine she may say thousands of lines before they are in: then she waits for them, so that
        // lines are said after they joined whatever the machine's speed.
        java.util.concurrent.atomic.AtomicInteger joinedAt = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger(30);
        java.util.concurrent.CountDownLatch joined = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Integer> talking = CompletableFuture.supplyAsync(() -> {
            int i = 30;
            try {
                for (; joinedAt.get() < 0 || i < joinedAt.get() + 50; i++) {
                    if (i == 2_000 && !joined.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("carol and dave did not join within 20 s");
                    }
                    ann.send("line " + i);
                    sent.set(i);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return i - 1;
        });
        TagClient carol = fixture.line("carol");
        IrcClient dave = fixture.irc("dave");
        joinedAt.set(sent.get());
        joined.countDown();
        int last = talking.get(20, TimeUnit.SECONDS);

        List<Integer> carolSees = new ArrayList<>();
        String header = carol.line();
        Matcher count = Pattern.compile("\\* #lobby keeps its last 100 lines of the last 24 h; the last (\\d+):")
                .matcher(header);
        assertTrue(count.matches(), header);
        int past = Integer.parseInt(count.group(1));
        assertEquals(ChatLimits.HISTORY_ON_JOIN, past, "30 lines were said before: the last 20 are given");
        Pattern pastLine = Pattern.compile("= " + TIME + " <ann> line (\\d+)");
        for (int i = 0; i < past; i++) {
            String line = carol.line();
            Matcher m = pastLine.matcher(line);
            assertTrue(m.matches(), "a past line, marked with its time: " + line);
            carolSees.add(Integer.parseInt(m.group(1)));
        }
        Pattern liveLine = Pattern.compile("<ann> line (\\d+)");
        while (carolSees.isEmpty() || carolSees.get(carolSees.size() - 1) < last) {
            String line = carol.line();
            Matcher m = liveLine.matcher(line);
            if (m.matches()) {
                carolSees.add(Integer.parseInt(m.group(1)));
            } else {
                assertTrue(line.startsWith("* "), "only lines and notices: " + line);
            }
        }
        assertContiguous(carolSees, last);

        List<Integer> daveSees = new ArrayList<>();
        Pattern ircLine = Pattern.compile(":ann(!\\S+)? PRIVMSG #lobby :(\\[" + TIME + "\\] )?line (\\d+)");
        boolean ended = false;
        while (daveSees.isEmpty() || daveSees.get(daveSees.size() - 1) < last) {
            String line = dave.line();
            Matcher m = ircLine.matcher(line);
            if (m.matches()) {
                boolean marked = m.group(2) != null;
                assertEquals(!ended, marked, "past lines, and only they, carry their time: " + line);
                assertEquals(!ended, m.group(1) == null, "a past line names its sender by nickname: " + line);
                daveSees.add(Integer.parseInt(m.group(3)));
            } else if (line.contains(" NOTICE dave :End of the lines said before you joined #lobby.")) {
                ended = true;
            } else {
                assertTrue(line.contains(" NOTICE dave :#lobby keeps its last 100 lines"), line);
            }
        }
        assertTrue(ended, "the past lines end with a notice");
        assertContiguous(daveSees, last);
        assertTrue(daveSees.get(0) < last - 50, "dave was given past lines, then live ones: " + daveSees);
    }

    private static void assertContiguous(List<Integer> seen, int last) {
        for (int i = 1; i < seen.size(); i++) {
            assertEquals(seen.get(i - 1) + 1, seen.get(i), "every line once, in order: " + seen);
        }
        assertEquals(last, seen.get(seen.size() - 1));
    }

    @Test
    void historyGivesTheLastLinesAskedForButNeverPrivateOnes() throws Exception {
        start(ChatLimits.DEFAULT);
        TagClient ann = fixture.line("ann");
        TagClient bob = fixture.line("bob");
        ann.send("/history");
        assertEquals("* Nothing said in #lobby in the last 24 h is kept.", lastOf(ann, "Nothing said"));
        ann.send("hello");
        ann.send("/me waves");
        ann.send("/msg bob a secret");
        ann.send("/topic the topic");
        ann.send("bye for now");
        lastOf(bob, "<ann> bye for now");

        bob.send("/history 2");
        assertEquals("* #lobby keeps its last 100 lines of the last 24 h; the last 2:", bob.line());
        assertTrue(bob.line().matches("= " + TIME + " \\* ann waves"));
        assertTrue(bob.line().matches("= " + TIME + " <ann> bye for now"));
        bob.send("/history");
        assertEquals("* #lobby keeps its last 100 lines of the last 24 h; the last 3:", bob.line());
        assertTrue(bob.line().matches("= " + TIME + " <ann> hello"), "private messages and topics are not kept");
        for (String wrong : List.of("0", "101", "two", "-1", "99999999999")) {
            bob.send("/history " + wrong);
            assertEquals("! Usage: /history [N], N from 1 to 100.", lastOf(bob, "Usage"));
        }

        bob.send("/join #quiet");
        assertEquals("* You are in #quiet now. Here (1): bob", lastOf(bob, "You are in"));
        bob.send("/history");
        assertEquals("* Nothing said in #quiet in the last 24 h is kept.", bob.line(), "a new room has no past");
        bob.send("/join #lobby");
        assertEquals("* You are in #lobby now. Here (2): ann, bob", bob.line());
        assertEquals("* Topic: the topic", bob.line());
        assertEquals("* #lobby keeps its last 100 lines of the last 24 h; the last 3:", bob.line(),
                "coming back, the room's last lines first");
    }

    @Test
    void withHistoryOffNothingIsKeptOrOffered() throws Exception {
        start(ChatLimits.DEFAULT.withHistory(0, Duration.ofHours(24), 0));
        TagClient ann = fixture.line("ann");
        ann.send("said before anyone came");
        lastOf(ann, "said before");
        TagClient bob = TagClient.connect(fixture.line.port());
        bob.expect("ask");
        bob.send("bob");
        String welcome = bob.expect("ok");
        assertFalse(welcome.contains("/history"), welcome);
        bob.send("/history");
        assertEquals("! This server keeps no history of its rooms.", bob.line(), "no past line came first");
        bob.close();
    }

    @Test
    void theWelcomeSaysWhatRoomsKeep() throws Exception {
        start(ChatLimits.DEFAULT.withHistory(50, Duration.ofMinutes(90), 5));
        TagClient bob = TagClient.connect(fixture.line.port());
        bob.expect("ask");
        bob.send("bob");
        assertEquals("Welcome to the chat, bob! Online (1): bob. Rooms keep their last 50 lines of the last 90 min "
                + "(/history). Type /help for commands.", bob.expect("ok"));
        bob.close();
    }

    /** Reads lines until one matches {@code regex}, and returns it. */
    private static String lastOf(TagClient client, String regex) throws java.io.IOException {
        Pattern pattern = Pattern.compile(regex);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = client.line();
            if (line == null) {
                throw new AssertionError("no line matching " + regex + "; got " + seen);
            }
            seen.add(line);
            if (pattern.matcher(line).find()) {
                return line;
            }
        }
    }
}
