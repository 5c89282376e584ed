package org.tcpkit.chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Local;
import org.tcpkit.chat.Speech;
import org.tcpkit.testing.RedisProcess;

/** The shared log itself, with a chat that records what it is given. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisLogTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.RedisLog");

    @Test
    void aReaderThatFailsCountsTheLinkLostAndLinksAgain() throws Exception {
        try (RedisProcess redis = RedisProcess.startOrSkip()) {
            LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
            ChatLog.Link link = new Recording(told) {
                @Override
                public Object apply(Entry entry, Local local) {
                    if (entry.event() instanceof ChatEvent.Said said && said.text().equals("boom")
                            && !entry.late() && local == null) {
                        throw new OutOfMemoryError("applying an event");
                    }
                    return super.apply(entry, local);
                }
            };
            RedisLog writer = new RedisLog(RedisSettings.parse(redis.url(), null, "reader", 1_500, 200), LOG, 2_000);
            RedisLog reader = new RedisLog(RedisSettings.parse(redis.url(), null, "reader", 1_500, 200), LOG, 2_000);
            try {
                writer.start(new Recording(new LinkedBlockingQueue<>()));
                reader.start(link);
                assertEquals("linked", poll(told));
                awaitLive(reader);
                awaitLive(writer);
                writer.send(new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "boom"), Local.NONE);
                assertTrue(poll(told).startsWith("lost: this server failed reading: OutOfMemoryError"));
                assertEquals("linked again", poll(told));
                awaitLive(reader);
                writer.send(new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "after"), Local.NONE);
                assertEquals("said after", poll(told), "the entry that failed is not applied twice");
            } finally {
                reader.close("test over");
                writer.close("test over");
            }
        }
    }

    private static String poll(LinkedBlockingQueue<String> told) throws InterruptedException {
        String next = told.poll(10, TimeUnit.SECONDS);
        while (next != null && next.startsWith("beat")) {
            next = told.poll(10, TimeUnit.SECONDS);
        }
        return next;
    }

    private static void awaitLive(RedisLog log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.live() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(log.live(), "the log is live");
    }

    /** A chat with no members that writes down what the log gives it. */
    private static class Recording implements ChatLog.Link {
        private final LinkedBlockingQueue<String> told;

        Recording(LinkedBlockingQueue<String> told) {
            this.told = told;
        }

        @Override
        public Object apply(Entry entry, Local local) {
            if (entry.event() instanceof ChatEvent.Said said) {
                told.add("said " + said.text());
            }
            return null;
        }

        @Override
        public void lost(String why) {
            told.add("lost: " + why);
        }

        @Override
        public void linked(boolean again) {
            told.add(again ? "linked again" : "linked");
        }

        @Override
        public void resynchronised(String why) {
            told.add("resynchronised: " + why);
        }

        @Override
        public ChatEvent.Here here() {
            return new ChatEvent.Here("00000000", List.of(), List.of());
        }

        @Override
        public List<String> nicks() {
            return List.of();
        }

        @Override
        public void nameLost(String nick) {
            told.add("name lost " + nick);
        }

        @Override
        public void remember(Entry entry) {
            told.add("remembered");
        }

        @Override
        public void unsent(long count) {
            told.add("unsent " + count);
        }

        @Override
        public ChatEvent.Beat beat(String server) {
            return new ChatEvent.Beat(server, 0, "0");
        }

        @Override
        public Set<String> servers() {
            return Set.of();
        }
    }
}
