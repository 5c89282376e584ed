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
import org.tcpkit.chat.Relay;
import org.tcpkit.chat.Speech;
import org.tcpkit.testing.RedisProcess;

/** The relay itself, with a chat that records what it is told. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisRelayTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Relay");

    @Test
    void aReaderThatFailsCountsTheLinkLostAndLinksAgain() throws Exception {
        try (RedisProcess redis = RedisProcess.startOrSkip()) {
            LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
            Relay.Link link = new Recording(told) {
                @Override
                public void receive(String origin, long seq, ChatEvent event) {
                    if (event instanceof ChatEvent.Said said && said.text().equals("boom")) {
                        throw new OutOfMemoryError("applying an event");
                    }
                    super.receive(origin, seq, event);
                }
            };
            RedisRelay relay = new RedisRelay(RedisSettings.parse(redis.url(), null, "reader", 1_500, 200), LOG);
            try {
                relay.start(link);
                assertEquals("linked", told.poll(10, TimeUnit.SECONDS));
                awaitLive(relay);
                assertTrue(relay.publish(1, new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "boom")));
                assertTrue(poll(told).startsWith("lost: this server failed reading: OutOfMemoryError"));
                assertEquals("linked again", poll(told));
                awaitLive(relay);
                assertTrue(relay.publish(2, new ChatEvent.Said("ann", "#lobby", Speech.MESSAGE, "after")));
                assertEquals("said after", poll(told));
            } finally {
                relay.close();
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

    private static void awaitLive(RedisRelay relay) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!relay.live() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(relay.live(), "the relay is live");
    }

    /** A chat with no members that writes down what the relay tells it. */
    private static class Recording implements Relay.Link {
        private final LinkedBlockingQueue<String> told;

        Recording(LinkedBlockingQueue<String> told) {
            this.told = told;
        }

        @Override
        public void receive(String origin, long seq, ChatEvent event) {
            if (event instanceof ChatEvent.Said said) {
                told.add("said " + said.text());
            }
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
        public void quietly(Runnable send) {
            send.run();
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
        public ChatEvent.Beat beat(String server) {
            return new ChatEvent.Beat(server, 0, "0");
        }

        @Override
        public Set<String> servers() {
            return Set.of();
        }
    }
}
