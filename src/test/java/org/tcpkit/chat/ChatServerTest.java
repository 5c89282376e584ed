package org.tcpkit.chat;

import org.tcpkit.chat.line.LineSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.net.TcpServer;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.Wire;

/** The chat over real loopback sockets, the way a netcat user sees it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatServerTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Chat");
    private ChatFixture chat;
    private TcpServer server;
    private Chat room;

    /** How long a member takes nothing before it counts as stopped, here: a second, not the server's 5 s. */
    private static final java.time.Duration STALL = java.time.Duration.ofSeconds(1);

    private int start(int floodRate, int floodBurst) throws IOException {
        chat = new ChatFixture(new Chat(LOG, ChatLimits.DEFAULT.withStall(STALL)), null, floodRate, floodBurst);
        room = chat.room;
        server = chat.server;
        return chat.port();
    }

    private int start() throws IOException {
        return start(FloodGate.RATE, FloodGate.BURST);
    }

    @AfterEach
    void stop() throws IOException {
        if (chat != null) {
            chat.close();
        }
    }

    private TagClient join(int port, String nick) throws IOException {
        return chat.join(nick);
    }

    private void awaitMembers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (room.size() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, room.size());
    }

    @Test
    void peopleJoinTalkWhisperRenameActAndLeave() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        assertEquals("* bob joined", alice.line());
        TagClient carol = join(port, "carol");
        assertEquals("* carol joined", alice.line());
        assertEquals("* carol joined", bob.line());

        bob.send("hi all");
        assertEquals("<bob> hi all", alice.line());
        assertEquals("<bob (you)> hi all", bob.line());
        assertEquals("<bob> hi all", carol.line());

        alice.send("/who");
        assertEquals("* In #lobby (3): alice, bob, carol", alice.line());

        alice.send("/msg carol psst");
        assertEquals("*alice* psst", carol.line());
        assertEquals("-> *carol* psst", alice.line());
        alice.send("after the whisper");
        assertEquals("<alice> after the whisper", bob.line(), "bob never saw the private message");
        alice.line();
        carol.line();

        alice.send("/msg nobody hello?");
        assertEquals("! No such user: nobody", alice.line());

        bob.send("/nick ALICE");
        assertEquals("! ALICE is taken.", bob.line());
        bob.send("/nick robert");
        assertEquals("* bob is now known as robert", alice.line());
        assertEquals("* bob is now known as robert", bob.line());
        assertEquals("* bob is now known as robert", carol.line());

        bob.send("/me waves");
        assertEquals("* robert waves", alice.line());
        assertEquals("* robert waves", bob.line());

        bob.send("/quit see you");
        assertEquals("* Goodbye, robert.", bob.line());
        assertNull(bob.line());
        assertEquals("* robert waves", carol.line());
        assertEquals("* robert left (quit: see you)", alice.line());
        assertEquals("* robert left (quit: see you)", carol.line());

        carol.send("exit");
        assertEquals("* Goodbye, carol.", carol.line());
        assertEquals("* carol left (quit)", alice.line());
    }

    @Test
    void unknownCommandsGetHelpAndAreNotBroadcast() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        alice.line();
        bob.send("/dance");
        assertEquals("! Unknown command /dance; type /help for the list.", bob.line());
        bob.send("/help");
        assertTrue(bob.line().startsWith("* Commands: /join #ROOM"));
        bob.send("//dance is not a command");
        assertEquals("<bob> /dance is not a command", alice.line(), "alice saw neither /dance nor /help");
    }

    @Test
    void nicknamesAreCheckedAndUniqueIgnoringCase() throws Exception {
        int port = start();
        join(port, "Alice");
        try (TagClient other = TagClient.connect(port)) {
            other.expect("ask");
            other.send("alice");
            assertEquals("The nickname alice is taken. Choose another.", other.expect("error"));
            other.expect("ask");
            other.send("has space");
            assertEquals("A nickname cannot contain spaces, control or invisible characters. Choose another.", other.expect("error"));
            other.expect("ask");
            other.send("x".repeat(17));
            assertEquals("A nickname has at most 16 characters; that one has 17.", other.expect("error"));
            assertEquals("No usable nickname after 3 tries; goodbye.", other.expect("bye"));
        }
    }

    @Test
    void textIsUtf8EndToEndAndControlCharactersAreNeutralised() throws Exception {
        int port = start();
        TagClient alice = join(port, "алиса");
        TagClient bob = join(port, "李雷");
        alice.line();
        bob.send("你好, алиса! 🙂");
        assertEquals("<李雷> 你好, алиса! 🙂", alice.line());
        bob.line();
        bob.send("bell\u0007 and \u001b[31mred");
        assertEquals("<李雷> bell? and ?[31mred", alice.line());
    }

    @Test
    void overLongLinesAreRefusedWithAMessage() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        alice.send("x".repeat(LineSession.MAX_LINE + 1));
        assertEquals("! That line is longer than 1000 bytes. Not sent.", alice.line());
        alice.send("y".repeat(LineSession.MAX_LINE));
        assertEquals("<alice (you)> " + "y".repeat(LineSession.MAX_LINE), alice.line());
    }

    @Test
    void aPasteOverTheRateIsDeliveredWholeAtTheRate() throws Exception {
        int port = start(20, 10);
        TagClient alice = join(port, "alice");
        TagClient paster = join(port, "paster");
        alice.line();
        StringBuilder paste = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            paste.append("line ").append(i).append('\n');
        }
        long started = System.nanoTime();
        paster.socket().getOutputStream().write(paste.toString().getBytes());
        for (int i = 0; i < 40; i++) {
            assertEquals("<paster> line " + i, alice.line());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // 10 at once, then 30 at 20 a second: at least 1.5 s.
        assertTrue(millis >= 1_400, "40 lines took only " + millis + " ms");
        List<String> own = new ArrayList<>();
        String line;
        while ((line = paster.line()).startsWith("<paster (you)>")) {
            own.add(line);
        }
        assertTrue(line.startsWith("! You are sending more than 20 lines a second: your lines go out at that rate."),
                line);
        paster.send("/who");
        while ((line = paster.line()).startsWith("<paster (you)>")) {
            own.add(line);
        }
        assertEquals("* In #lobby (2): alice, paster", line);
        assertEquals(40, own.size());
    }

    @Test
    void aClientFarAheadOfTheRateIsDisconnectedWhileOthersStay() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        TagClient flood = join(port, "flood");
        alice.line();
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            burst.append("spam ").append(i).append('\n');
        }
        flood.socket().getOutputStream().write(burst.toString().getBytes());
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = flood.line()) != null) {
            seen.add(line);
        }
        assertEquals("! Disconnected for flooding.", seen.get(seen.size() - 1), seen.toString());
        List<String> aliceSaw = new ArrayList<>();
        while (!(line = alice.line()).startsWith("* flood left")) {
            aliceSaw.add(line);
        }
        assertEquals("* flood left (kicked for flooding)", line);
        assertTrue(aliceSaw.size() < 400, "everything got through: " + aliceSaw.size());
        for (int i = 0; i < aliceSaw.size(); i++) {
            assertEquals("<flood> spam " + i, aliceSaw.get(i));
        }
        alice.send("still here");
        assertEquals("<alice (you)> still here", alice.line());
    }

    /** Kicked with much of its input unread, the flooder still gets the notice and a normal end, not a reset. */
    @Test
    void aKickedFlooderReadsWhyAndThenAnOrdinaryEnd() throws Exception {
        int port = start();
        TagClient flood = join(port, "flood");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append("spam ").append(i).append('\n');
        }
        flood.socket().getOutputStream().write(lines.toString().getBytes());
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = flood.line()) != null) {
            seen.add(line);
        }
        assertEquals("! Disconnected for flooding.", seen.get(seen.size() - 1), seen.toString());
    }

    @Test
    void aClientThatNeverReadsIsDroppedWhileOthersKeepReceiving() throws Exception {
        int port = start(100_000, 100_000);
        Socket lazy = new Socket();
        lazy.setReceiveBufferSize(4096);
        lazy.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Wire.TIMEOUT_MILLIS);
        TagClient sleeper = new TagClient(lazy);
        chat.track(sleeper);
        sleeper.expect("ask");
        sleeper.send("lazy");
        sleeper.expect("ok");
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        alice.line();
        awaitMembers(3);
        String text = "z".repeat(900);
        long started = System.nanoTime();
        List<String> notices = new ArrayList<>();
        int sent = 0;
        long deadline = started + TimeUnit.SECONDS.toNanos(30);
        // Lines go out 16 at a time, each batch read back whole before the next: the room talks fast.
        while (System.nanoTime() < deadline && room.size() == 3) {
            for (int i = 0; i < 16; i++) {
                alice.send((sent + i) + " " + text);
            }
            for (int i = 0; i < 16; i++) {
                assertEquals("<alice> " + sent + " " + text, nextMessage(bob, notices));
                assertEquals("<alice (you)> " + sent + " " + text, nextMessage(alice, notices));
                sent++;
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(2, room.size(), "the client that never reads was not dropped after " + sent + " lines");
        assertTrue(sent * 900L > Outbox.LIMIT_BYTES && sent * 900L < Outbox.MOST_BYTES + 4 * Outbox.SEND_BUFFER,
                "dropped after " + sent + " lines of 900 bytes");
        alice.send("after the drop");
        assertEquals("<alice> after the drop", nextMessage(bob, notices));
        assertEquals("<alice (you)> after the drop", nextMessage(alice, notices));
        assertEquals(List.of("* lazy left (dropped as too slow)", "* lazy left (dropped as too slow)"), notices);
        assertTrue(millis > STALL.toMillis() && millis < 30_000,
                "dropped " + millis + " ms after the room began to talk: once it had read nothing for "
                        + STALL.toMillis() + " ms");
    }

    /** The next line that is not a notice ("* ..."); notices met on the way are collected. */
    private static String nextMessage(TagClient client, List<String> notices) throws IOException {
        String line;
        while ((line = client.line()) != null && line.startsWith("* ")) {
            notices.add(line);
        }
        return line;
    }

    @Test
    void shutdownTellsEveryoneFirst() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        alice.line();
        server.stop();
        assertEquals("* server shutting down", alice.line());
        assertNull(alice.line());
        assertEquals("* server shutting down", bob.line());
        assertNull(bob.line());
    }
}
