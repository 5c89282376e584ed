package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a room's history keeps, by count, by age and across rooms, on a clock the test sets. */
class HistoryTest {
    private static final long HOUR = 3_600_000L;

    private static Entry line(long time, String text) {
        return new Entry("s-" + time, time, "s", time, new ChatEvent.Said("ann", "#lab", Speech.MESSAGE, text), false);
    }

    private static List<String> texts(List<Entry> entries) {
        return entries.stream().map(e -> ((ChatEvent.Said) e.event()).text()).toList();
    }

    @Test
    void keepsTheLastLinesUpToItsCountOldestFirst() {
        History history = new History(3, 24 * HOUR, 10);
        for (int i = 1; i <= 5; i++) {
            history.add("#lab", line(i, "line " + i), room -> true);
        }
        assertEquals(List.of("line 3", "line 4", "line 5"), texts(history.recent("#lab", 10, 6)));
        assertEquals(List.of("line 4", "line 5"), texts(history.recent("#lab", 2, 6)));
        assertEquals(List.of(), history.recent("#lab", 0, 6));
        assertEquals(List.of(), history.recent("#elsewhere", 5, 6));
    }

    @Test
    void givesNoLineOlderThanItsAge() {
        History history = new History(100, 2 * HOUR, 10);
        history.add("#lab", line(0, "old"), room -> true);
        history.add("#lab", line(HOUR, "newer"), room -> true);
        assertEquals(List.of("old", "newer"), texts(history.recent("#lab", 10, 2 * HOUR)));
        assertEquals(List.of("newer"), texts(history.recent("#lab", 10, 2 * HOUR + 1)));
        assertEquals(List.of(), texts(history.recent("#lab", 10, 3 * HOUR + 1)));
    }

    @Test
    void keepsAsManyRoomsAsMayExistTheEmptyOnesGoingFirst() {
        History history = new History(10, 24 * HOUR, 2);
        Set<String> existing = Set.of("#a", "#b");
        history.add("#gone", line(1, "in a room that went"), room -> existing.contains(room));
        history.add("#a", line(2, "a"), room -> existing.contains(room));
        history.add("#b", line(3, "b"), room -> existing.contains(room));
        assertEquals(List.of(), history.recent("#gone", 10, 4), "the room nobody is in gave way");
        assertEquals(List.of("a"), texts(history.recent("#a", 10, 4)));
        assertEquals(List.of("b"), texts(history.recent("#b", 10, 4)));
    }

    @Test
    void offKeepsNothingAndSaysHowMuchInWords() {
        History off = new History(0, 24 * HOUR, 10);
        off.add("#lab", line(1, "x"), room -> true);
        assertFalse(off.on());
        assertEquals(List.of(), off.recent("#lab", 10, 2));
        assertTrue(new History(100, 24 * HOUR, 10).on());
        assertEquals("its last 100 lines of the last 24 h", new History(100, 24 * HOUR, 10).kept());
        assertEquals("50 lines of the last 90 min", new History(50, 90 * 60_000L, 10).amount());
        assertEquals("45 s", new History(5, 45_000, 10).age());
    }
}
