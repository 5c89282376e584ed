package org.tcpkit.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.Speech;

class EventCodecTest {
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
                new ChatEvent.TopicSet("ann", "#lab", "", 1_700_000_000L),
                new ChatEvent.StatusSet("ann", "#lab", "bob", 'v', true),
                new ChatEvent.Flags("ann", null, true, false),
                new ChatEvent.Flags("ann", "lunch", false, true),
                new ChatEvent.Killed("ann", "bob", "killed by ann (spam)"),
                new ChatEvent.Hello("5b60992f"),
                new ChatEvent.Here("5b60992f", List.of(new ChatEvent.Present("ann", "~ann", "Ann", "::1", null,
                        false, false, List.of("@#lab", "+#lobby", "#x"))),
                        List.of(new ChatEvent.RoomTopic("#lab", "tests", "ann", 5))),
                new ChatEvent.Gone("5b60992f", "server lost"));
        long seq = 1;
        for (ChatEvent event : events) {
            String json = EventCodec.encode("abc", seq, event);
            EventCodec.Envelope back = EventCodec.decode(json);
            assertEquals(new EventCodec.Envelope("abc", seq, event), back, json);
            seq++;
        }
    }

    @Test
    void theFormatIsTheDocumentedOne() {
        assertEquals("{\"v\":1,\"from\":\"5b60992f\",\"seq\":17,\"type\":\"said\",\"nick\":\"ann\",\"room\":\"#lobby\","
                        + "\"speech\":\"message\",\"text\":\"hi\"}",
                EventCodec.encode("5b60992f", 17, new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "hi")));
    }

    @Test
    void whatAnyoneCouldPublishIsCheckedBeforeItIsBelieved() {
        String good = "{\"v\":1,\"from\":\"x\",\"seq\":1,\"type\":\"said\",\"nick\":\"ann\",\"room\":\"#lobby\","
                + "\"speech\":\"message\",\"text\":\"hi\"}";
        EventCodec.decode(good);
        assertRefused(good.replace("\"hi\"", "\"hi\\r\\nQUIT :forged\""), "line break");
        assertRefused(good.replace("\"hi\"", "\"a\\u0000b\""), "NUL");
        assertRefused(good.replace("\"ann\"", "\"a b\""), "not a nickname");
        assertRefused(good.replace("\"#lobby\"", "\"lobby\""), "not a room name");
        assertRefused(good.replace("\"said\"", "\"sing\""), "unknown type");
        assertRefused(good.replace("\"v\":1", "\"v\":2"), "format version");
        assertRefused(good.replace("\"message\"", "\"shout\""), "speech");
        assertRefused(good.replace(",\"seq\":1", ""), "seq");
        assertRefused("[1,2]", "not a JSON object");
        assertRefused("{not json", "not a tcpkit event");
        assertRefused(good.replace("\"hi\"", "\"" + "x".repeat(5000) + "\""), "characters");
    }

    private static void assertRefused(String message, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(message));
        assertTrue(e.getMessage().contains(why), e.getMessage() + " should say " + why);
    }
}
