package org.tcpkit.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Speech;

/** Events as they cross Redis: every kind unchanged, the documented form, and input checked like a client's. */
class EventCodecTest {
    private static final EventCodec PLAIN = new EventCodec(null);
    private static final String GOOD = "{\"v\":1,\"from\":\"5b60992f\",\"n\":3,\"ts\":1700000000000,\"seq\":1,"
            + "\"type\":\"said\",\"nick\":\"ann\",\"room\":\"#lobby\",\"speech\":\"message\",\"text\":\"hi\"}";

    @Test
    void everyEventCrossesUnchanged() {
        List<ChatEvent> events = List.of(
                new ChatEvent.Arrived("ann", "~ann", "Ann Lee", "192.0.2.7", "5b60992f", true),
                new ChatEvent.Left("ann", "quit: bye"),
                new ChatEvent.Joined("ann", "#lab", false),
                new ChatEvent.Parted("ann", "#lab", null),
                new ChatEvent.Parted("ann", "#lab", "lunch"),
                new ChatEvent.Renamed("ann", "anna"),
                new ChatEvent.Said("ann", "#lab", Speech.ACTION, "waves \u00e9\u4e2d \"quoted\" {json}"),
                new ChatEvent.Told("ann", "bob", Speech.NOTICE, "psst"),
                new ChatEvent.Said("ann", "#lab", Speech.MESSAGE, "hi", "+draft/reply=ab-1;+typing"),
                new ChatEvent.Told("ann", "bob", Speech.TAG, "", "+typing=active"),
                new ChatEvent.Arrived("bob", "~bob", "Bob", "::1", "5b60992f", false, "bobby"),
                new ChatEvent.HostSet("ann", "bob", "~lab", "student.lab"),
                new ChatEvent.TopicSet("ann", "#lab", "", 1_700_000_000L),
                new ChatEvent.StatusSet("ann", "#lab", "bob", 'v', true),
                new ChatEvent.Flags("ann", null, true, false),
                new ChatEvent.Flags("ann", "lunch", false, true),
                new ChatEvent.Killed("ann", "bob", "killed by ann (spam)"),
                new ChatEvent.Hello("5b60992f", null),
                new ChatEvent.Hello("5b60992f", "0a1b2c3d"),
                new ChatEvent.Beat("5b60992f", 12, "00ff00ff00ff00ff"),
                new ChatEvent.Here("5b60992f", List.of(new ChatEvent.Present("ann", "~ann", "Ann", "::1", null,
                        false, false, List.of("@#lab", "+#lobby", "#x")), new ChatEvent.Present("bob", "~bob", "Bob",
                        "::1", null, false, false, List.of(), "bobby")),
                        List.of(new ChatEvent.RoomTopic("#lab", "tests", "ann", 5))),
                new ChatEvent.Gone("5b60992f", "server lost"));
        EventCodec sealed = new EventCodec(new Seal("a secret of the servers"));
        long n = 1;
        for (EventCodec codec : List.of(PLAIN, sealed)) {
            for (ChatEvent event : events) {
                EventCodec.Envelope envelope = new EventCodec.Envelope("0a1b2c3d", n, 1_700_000_000_000L + n, n + 7,
                        event);
                String json = codec.encode(envelope);
                assertEquals(envelope, codec.decode(json), json);
                n++;
            }
        }
    }

    @Test
    void theFormatIsTheDocumentedOne() {
        assertEquals(GOOD, PLAIN.encode(new EventCodec.Envelope("5b60992f", 3, 1_700_000_000_000L, 1,
                new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "hi"))));
    }

    @Test
    void whatAnyoneCouldPublishIsCheckedBeforeItIsBelieved() {
        PLAIN.decode(GOOD);
        assertRefused(GOOD.replace("\"ann\"", "\"a b\""), "not a nickname");
        assertRefused(GOOD.replace("\"ann\"", "\"\uff41nn\""), "normal form");
        assertRefused(GOOD.replace("\"#lobby\"", "\"lobby\""), "not a room name");
        assertRefused(GOOD.replace("\"#lobby\"", "\"#lob\\u001bby\""), "not a room name");
        assertRefused(GOOD.replace("\"#lobby\"", "\"#" + "l".repeat(200) + "\""), "characters");
        assertRefused(GOOD.replace("\"said\"", "\"sing\""), "unknown type");
        assertRefused(GOOD.replace("\"v\":1", "\"v\":2"), "format version");
        assertRefused(GOOD.replace("\"message\"", "\"shout\""), "speech");
        assertRefused(GOOD.replace(",\"seq\":1", ""), "seq");
        assertRefused(GOOD.replace("5b60992f", "server 1"), "from");
        assertRefused("[1,2]", "not a JSON object");
        assertRefused("{not json", "not a tcpkit event");
        assertRefused(GOOD.replace("\"hi\"", "\"" + "x".repeat(1001) + "\""), "characters");
        assertRefused(GOOD.replace("\"hi\"", "\"" + "\u00e9".repeat(501) + "\""), "bytes");
        assertRefused(GOOD.replace("\"hi\"", "\" \""), "empty");
        String arrived = "{\"v\":1,\"from\":\"5b60992f\",\"n\":3,\"ts\":1,\"seq\":1,\"type\":\"arrived\",\"nick\":"
                + "\"ghost\",\"user\":\"x\",\"real\":\"Ghost\",\"host\":\"h\",\"server\":\"5b60992f\",\"lobby\":true}";
        PLAIN.decode(arrived);
        assertRefused(arrived.replace("\"user\":\"x\"", "\"user\":\"x PRIVMSG #lobby :INJECTED\""), "'user'");
        assertRefused(arrived.replace("\"host\":\"h\"", "\"host\":\"h JOIN #lobby\""), "'host'");
        assertRefused(arrived.replace("\"host\":\"h\"", "\"host\":\"" + "h".repeat(4000) + "\""), "'host'");
        assertRefused(arrived.replace("\"Ghost\"", "\"" + "g".repeat(151) + "\""), "'real'");
        assertRefused(arrived.replace("\"lobby\":true", "\"lobby\":true,\"account\":\"a b\""), "'account'");
        assertRefused(arrived.replace("\"lobby\":true", "\"lobby\":true,\"account\":\"a\\u200bb\""), "'account'");
    }

    @Test
    void aLinesTagsAreClientTagsInTheirWrittenFormOrNothing() {
        String tagged = GOOD.replace("\"text\":\"hi\"", "\"text\":\"hi\",\"tags\":\"+typing=active\"");
        assertEquals("+typing=active", ((ChatEvent.Said) PLAIN.decode(tagged).event()).tags());
        assertRefused(tagged.replace("+typing=active", "account=ghost"), "not client-only tags");
        assertRefused(tagged.replace("+typing=active", "+a=b c"), "not client-only tags");
        assertRefused(tagged.replace("+typing=active", "+a=\\u0007"), "not client-only tags");
        assertRefused(tagged.replace("+typing=active", "+a=" + "x".repeat(4095)), "characters");
        String tag = GOOD.replace("\"message\"", "\"tag\"");
        assertRefused(tag, "a tag message with text");
        assertEquals(org.tcpkit.chat.Speech.TAG, ((ChatEvent.Said) PLAIN.decode(tag.replace("\"hi\"", "\"\""))
                .event()).speech());
    }

    @Test
    void textIsNeutralizedAsAMembersOwnIs() {
        ChatEvent.Said said = (ChatEvent.Said) PLAIN.decode(GOOD.replace("\"hi\"",
                "\"a\\u001b]0;pwned\\u0007b\\u202ec\\u200bd\\r\\ne\"")).event();
        assertEquals("a?]0;pwned?b?c?d??e", said.text());
        String left = "{\"v\":1,\"from\":\"5b60992f\",\"n\":3,\"ts\":1,\"seq\":1,\"type\":\"left\",\"nick\":\"ann\","
                + "\"reason\":\"bye\\u001b[2J\"}";
        assertEquals("bye?[2J", ((ChatEvent.Left) PLAIN.decode(left).event()).reason());
    }

    @Test
    void signedEventsAreTakenOnlyWithTheServersSecret() {
        EventCodec ours = new EventCodec(new Seal("a secret of the servers"));
        EventCodec theirs = new EventCodec(new Seal("another secret entirely"));
        String signed = ours.encode(PLAIN.decode(GOOD));
        assertTrue(signed.matches("\\{.*,\"sig\":\"[A-Za-z0-9+/=]{44}\"}"), signed);
        assertEquals(PLAIN.decode(GOOD), ours.decode(signed));
        IllegalArgumentException unsigned = assertThrows(IllegalArgumentException.class, () -> ours.decode(GOOD));
        assertTrue(unsigned.getMessage().contains("no signature"), unsigned.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> theirs.decode(signed));
        assertTrue(other.getMessage().contains("does not match"), other.getMessage());
        String altered = signed.replace("\"hi\"", "\"ho\"");
        assertThrows(IllegalArgumentException.class, () -> ours.decode(altered));
    }

    private static void assertRefused(String message, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PLAIN.decode(message));
        assertTrue(e.getMessage().contains(why), e.getMessage() + " should say " + why);
    }
}
