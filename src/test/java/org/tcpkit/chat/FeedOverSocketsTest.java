package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.log.Repeats;
import org.tcpkit.net.LoopbackPair;

/** A room's feed read by members' writers over real sockets: who gets which lines, in what order, how many. */
class FeedOverSocketsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Feed");

    private final List<LoopbackPair> pairs = new ArrayList<>();
    private final List<Outbox> outboxes = new ArrayList<>();
    private final Feed feed = new Feed(Door.ELSEWHERE);

    @AfterEach
    void close() throws IOException {
        for (Outbox outbox : outboxes) {
            outbox.abort();
        }
        for (LoopbackPair pair : pairs) {
            pair.close();
        }
    }

    @Test
    void eachMemberGetsTheLinesSaidWhileItWasThereItsEchoesAndItsOwnLinesInPlace() throws Exception {
        Member alice = member("alice", 0);
        Member bob = member("bob", 0);
        follow(alice);
        say("1", bob);
        follow(bob);
        say("2", alice);
        say("3", bob);
        assertTrue(alice.outbox.offer(bytes("private to alice\n")));
        say("4", null);
        feed.unfollow(alice);
        assertTrue(alice.outbox.offer(bytes("alice left\n")));
        say("5", bob);
        follow(alice);
        say("6", null);

        assertEquals("1\n2 (mine)\n3\nprivate to alice\n4\nalice left\n6\n", readToEnd(alice, 0));
        assertEquals("2\n3 (mine)\n4\n5 (mine)\n6\n", readToEnd(bob, 1));
    }

    @Test
    void aLineForOneMemberComesBeforeRoomLinesSaidAfterItThoughItsWriterIsBusy() throws Exception {
        // Many members, each with a line of its own after every room line: their writers, sharing the cores,
        // are often paused between taking their own lines and reading the feed, while the room goes on.
        int members = 40;
        int lines = 1500;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("room ").append(i).append('\n').append("alone ").append(i).append('\n');
        }
        String expected = text.toString();
        List<Member> all = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            all.add(member("m" + m, 0));
            follow(all.get(m));
        }
        ExecutorService readers = Executors.newFixedThreadPool(members);
        try {
            List<Future<byte[]>> got = new ArrayList<>();
            for (LoopbackPair pair : pairs) {
                got.add(readers.submit(() -> pair.read(expected.length())));
            }
            for (int i = 0; i < lines; i++) {
                say("room " + i, null);
                for (Member member : all) {
                    assertTrue(member.outbox.offer(bytes("alone " + i + "\n")));
                }
            }
            for (int m = 0; m < members; m++) {
                byte[] bytes = got.get(m).get(30, TimeUnit.SECONDS);
                assertEquals(expected, new String(bytes, StandardCharsets.UTF_8), "member " + m);
            }
        } finally {
            readers.shutdownNow();
        }
    }

    @Test
    void aReaderGetsEveryByteInOrderAcrossSegmentsWhileLinesAreAppended() throws Exception {
        Member alice = member("alice", 0);
        Member bob = member("bob", 0);
        follow(alice);
        follow(bob);
        ByteArrayOutputStream forAlice = new ByteArrayOutputStream();
        ByteArrayOutputStream forBob = new ByteArrayOutputStream();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int length = i == 10_000 ? 100 * 1024 : 1 + (i * 37) % 300;
            byte[] line = new byte[length];
            Arrays.fill(line, (byte) ('a' + i % 26));
            line[length - 1] = '\n';
            lines.add(line);
            Member from = i % 3 == 0 ? alice : null;
            byte[] echo = from == null ? null : bytes("mine " + i + "\n");
            forAlice.write(from == alice ? echo : line);
            forBob.write(line);
        }
        CompletableFuture<byte[]> aliceGot = CompletableFuture.supplyAsync(() -> readQuietly(0, forAlice.size()));
        CompletableFuture<byte[]> bobGot = CompletableFuture.supplyAsync(() -> readQuietly(1, forBob.size()));
        for (int i = 0; i < lines.size(); i++) {
            Member from = i % 3 == 0 ? alice : null;
            long end = feed.append(lines.get(i), from == null ? null : from.outbox,
                    from == null ? null : bytes("mine " + i + "\n"));
            for (Feed.Cursor reader : feed.readers()) {
                assertTrue(reader.member.outbox.fed(reader, end), "refused at line " + i);
            }
        }
        assertArrayEquals(forAlice.toByteArray(), aliceGot.get(30, TimeUnit.SECONDS));
        assertArrayEquals(forBob.toByteArray(), bobGot.get(30, TimeUnit.SECONDS));
    }

    @Test
    void whatWaitsInTheFeedForAMemberIsBoundedThoughNobodyQueuedItForItAlone() throws Exception {
        Member reader = member("reader", 4096);
        follow(reader);
        byte[] line = new byte[1024];
        Arrays.fill(line, (byte) 'x');
        line[1023] = '\n';
        long appended = 0;
        boolean accepted = true;
        while (accepted) {
            long end = feed.append(line, null, null);
            appended += line.length;
            accepted = reader.outbox.fed(feed.readers()[0], end);
            assertTrue(appended <= Outbox.MOST_BYTES + 4 * Outbox.SEND_BUFFER, "no bound on memory");
        }
        assertTrue(appended > Outbox.MOST_BYTES - 4 * Outbox.SEND_BUFFER, "refused after " + appended);
        assertEquals("dropped as too far behind", reader.outbox.overflow());
        assertFalse(reader.outbox.offer(bytes("one more\n")));
    }

    private Member member(String nick, int receiveBuffer) throws IOException {
        LoopbackPair pair = LoopbackPair.open(receiveBuffer);
        pairs.add(pair);
        Outbox outbox = Outbox.open(pair.connection(), Thread::new, LOG, new Repeats(LOG));
        outboxes.add(outbox);
        return new Member(nick, nick, nick, Door.ELSEWHERE, pair.connection(), outbox, new FloodGate(100, 100));
    }

    /** What the room does when a member comes in: a cursor at the feed's end, read by its writer. */
    private void follow(Member member) {
        member.outbox.read(feed.follow(member));
    }

    /** What the room does when {@code from} (null: a member elsewhere) says {@code text}. */
    private void say(String text, Member from) {
        long end = feed.append(bytes(text + "\n"), from == null ? null : from.outbox,
                from == null ? null : bytes(text + " (mine)\n"));
        for (Feed.Cursor reader : feed.readers()) {
            assertTrue(reader.member.outbox.fed(reader, end));
        }
    }

    /** What the member got before a last line queued now, which must come right after it. */
    private String readToEnd(Member member, int index) throws IOException {
        assertTrue(member.outbox.offer(bytes("end\n")));
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith("end\n")) {
            byte[] one = pairs.get(index).read(1);
            assertEquals(1, one.length, "the stream ended or went quiet after: " + got);
            got.append((char) one[0]);
        }
        return got.substring(0, got.length() - "end\n".length());
    }

    private byte[] readQuietly(int member, int count) {
        try {
            return pairs.get(member).read(count);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
