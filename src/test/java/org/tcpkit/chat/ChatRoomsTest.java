package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.testing.TagClient;

/** Rooms: everyone starts in the lobby; lines stay in their room; private messages and names span them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatRoomsTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.ChatRooms");
    private ChatFixture chat;

    private int start() throws IOException {
        return start(new Chat(LOG, ChatLimits.DEFAULT));
    }

    private int start(Chat room) throws IOException {
        chat = new ChatFixture(room, null, 1000, 1000);
        return chat.port();
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

    @Test
    void linesStayInTheirRoomWhileNamesAndPrivateMessagesSpanThem() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        assertEquals("* bob joined", alice.line());
        TagClient carol = join(port, "carol");
        assertEquals("* carol joined", alice.line());
        assertEquals("* carol joined", bob.line());

        alice.send("/join #Lab3");
        assertEquals("* You are in #Lab3 now. Here (1): alice", alice.line());
        assertEquals("* alice left for #Lab3", bob.line());
        assertEquals("* alice left for #Lab3", carol.line());
        bob.send("/join #lab3");
        assertEquals("* You are in #Lab3 now. Here (2): alice, bob", bob.line());
        assertEquals("* bob joined", alice.line());
        assertEquals("* bob left for #Lab3", carol.line());

        alice.send("only for the lab");
        assertEquals("<alice (you)> only for the lab", alice.line());
        assertEquals("<alice> only for the lab", bob.line());
        carol.send("in the lobby");
        assertEquals("<carol (you)> in the lobby", carol.line());
        alice.send("/me waves");
        assertEquals("* alice waves", alice.line());
        assertEquals("* alice waves", bob.line());
        // Carol heard neither: the next line she gets is her own.
        carol.send("/who");
        assertEquals("* In #lobby (1): carol", carol.line());
        alice.send("/who");
        assertEquals("* In #Lab3 (2): alice, bob", alice.line());
        carol.send("/rooms");
        assertEquals("* Rooms (2): #Lab3 (2), #lobby (1)", carol.line());

        carol.send("/msg ALICE across rooms");
        assertEquals("-> *alice* across rooms", carol.line());
        assertEquals("*carol* across rooms", alice.line());
        carol.send("/nick alice");
        assertEquals("! alice is taken.", carol.line());

        bob.send("/nick robert");
        assertEquals("* bob is now known as robert", bob.line());
        assertEquals("* bob is now known as robert", alice.line());
        bob.send("/quit");
        assertEquals("* Goodbye, robert.", bob.line());
        assertEquals("* robert left (quit)", alice.line());
        alice.send("/join #lobby");
        assertEquals("* You are in #lobby now. Here (2): alice, carol", alice.line());
        assertEquals("* #lobby keeps its last 100 lines of the last 24 h; the last one:", alice.line());
        assertTrue(alice.line().matches("= \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ <carol> in the lobby"),
                "what was said in the lobby before, with its time");
        assertEquals("* alice joined", carol.line());
        alice.send("/rooms");
        assertEquals("* Rooms (1): #lobby (2)", alice.line(), "an empty room goes");
    }

    @Test
    void everyoneInARoomHearsItsLinesInOneOrderThoughTwoSpeakAtOnce() throws Exception {
        start();
        java.util.List<TagClient> three = chat.joinInOrder("alice", "bob", "carol");
        TagClient alice = three.get(0);
        TagClient bob = three.get(1);
        TagClient carol = three.get(2);
        int each = 400;
        java.util.concurrent.CompletableFuture<Void> aliceSays = saying(alice, "a", each);
        java.util.concurrent.CompletableFuture<Void> bobSays = saying(bob, "b", each);
        java.util.List<String> heardByCarol = heard(carol, 2 * each);
        assertSameOrder(heardByCarol, heard(alice, 2 * each), "alice");
        assertSameOrder(heardByCarol, heard(bob, 2 * each), "bob");
        aliceSays.get(30, TimeUnit.SECONDS);
        bobSays.get(30, TimeUnit.SECONDS);
    }

    /** {@code client} says {@code prefix0} to {@code prefix(count-1)}, from another thread. */
    private static java.util.concurrent.CompletableFuture<Void> saying(TagClient client, String prefix, int count) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    client.send(prefix + i);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Fails at the first line where {@code who} heard the room otherwise than carol. */
    private static void assertSameOrder(java.util.List<String> carol, java.util.List<String> heard, String who) {
        for (int i = 0; i < carol.size(); i++) {
            assertEquals(carol.get(i), heard.get(i), who + " and carol heard the room in different orders from line "
                    + i + " on: carol " + carol.subList(i, Math.min(carol.size(), i + 3)) + ", " + who + " "
                    + heard.subList(i, Math.min(heard.size(), i + 3)));
        }
    }

    /** The next {@code count} lines {@code client} hears, its own echoes spelled as the others hear them. */
    private static java.util.List<String> heard(TagClient client, int count) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(client.line().replace(" (you)>", ">"));
        }
        return lines;
    }

    @Test
    void badRoomNamesAndMovesGetOneLine() throws Exception {
        int port = start();
        TagClient alice = join(port, "alice");
        alice.send("/join");
        assertEquals("! Usage: /join #ROOM.", alice.line());
        alice.send("/join lab");
        assertTrue(alice.line().startsWith("! A room name starts with #"));
        alice.send("/join #a!b");
        assertTrue(alice.line().startsWith("! A room name has only letters, digits"));
        alice.send("/join #" + "x".repeat(40));
        assertTrue(alice.line().startsWith("! A room name has at most 32 characters"));
        alice.send("/join #lobby");
        assertEquals("! You are in #lobby already.", alice.line());
    }

    @Test
    void theServerBoundsHowManyRoomsThereAre() throws Exception {
        int port = start(new Chat(LOG, new ChatLimits(3, 20, Room.MAX_NAME)));
        TagClient alice = join(port, "alice");
        TagClient bob = join(port, "bob");
        alice.line();
        alice.send("/join #a");
        assertEquals("* You are in #a now. Here (1): alice", alice.line());
        assertEquals("* alice left for #a", bob.line());
        bob.send("/join #b");
        assertEquals("* You are in #b now. Here (1): bob", bob.line());
        TagClient carol = join(port, "carol");
        carol.send("/join #c");
        assertEquals("! The server has 3 rooms already; join one of them (/rooms).", carol.line());
        carol.send("/join #a");
        assertEquals("* You are in #a now. Here (2): alice, carol", carol.line());
    }
}
