package org.tcpkit.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.chat.log.LocalLog;
import org.tcpkit.log.Repeats;
import org.tcpkit.net.LoopbackPair;

/**
 * A client that answers what it is told at once, while the change it was told of is still being made: what it
 * asks is decided on the chat as the change leaves it, not as it was halfway.
 */
@Timeout(30)
class ChatRacesTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.Races");

    private final List<LoopbackPair> pairs = new ArrayList<>();
    private final List<Outbox> outboxes = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Outbox outbox : outboxes) {
            outbox.abort();
        }
        for (LoopbackPair pair : pairs) {
            pair.close();
        }
    }

    private Member member(String nick, Door door) throws IOException {
        LoopbackPair pair = LoopbackPair.open(0);
        pairs.add(pair);
        Outbox outbox = Outbox.open(pair.connection(), Thread::new, LOG, new Repeats(LOG));
        outboxes.add(outbox);
        return new Member(nick, nick, nick, door, pair.connection(), outbox, new FloodGate(100, 100));
    }

    /** {@link Door#ELSEWHERE}, but running {@code onKick} as it spells a kick, before spelling nothing. */
    private static Door kickWatcher(Runnable onKick) {
        return (Door) Proxy.newProxyInstance(Door.class.getClassLoader(), new Class<?>[] {Door.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("kicked")) {
                        onKick.run();
                    }
                    try {
                        return method.invoke(Door.ELSEWHERE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aMemberWhoJoinsAgainAsItIsToldOfItsKickIsNotTakenAsStillThere() throws Exception {
        Chat chat = new Chat(LOG, ChatLimits.DEFAULT);
        Member[] bob = new Member[1];
        CompletableFuture<Chat.JoinRefusal> rejoined = new CompletableFuture<>();
        Door bobsDoor = kickWatcher(() -> {
            // bob's client reads its KICK and sends JOIN at once, from its own thread, while the kick is applied.
            CompletableFuture<Chat.JoinRefusal> join = CompletableFuture.supplyAsync(
                    () -> chat.join(bob[0], "#lab", false, room -> { }));
            try {
                rejoined.complete(join.get(300, TimeUnit.MILLISECONDS));
            } catch (TimeoutException waitsForTheKick) {
                join.whenComplete((refusal, failure) -> rejoined.complete(refusal));
            } catch (Exception e) {
                rejoined.completeExceptionally(e);
            }
        });
        Member alice = member("alice", Door.ELSEWHERE);
        bob[0] = member("bob", bobsDoor);
        assertTrue(chat.arrive(alice, false, lobby -> { }));
        assertTrue(chat.arrive(bob[0], false, lobby -> { }));
        assertNull(chat.join(alice, "#lab", false, room -> { }));
        assertNull(chat.join(bob[0], "#lab", false, room -> { }));
        Room lab = chat.room("#lab");

        assertNull(chat.operators().kick(alice, lab, bob[0], "out"));
        assertEquals(null, rejoined.get(10, TimeUnit.SECONDS),
                "bob's join, sent as it was told of the kick, is taken once it is out, not refused as already in");
        assertTrue(bob[0].isIn(lab));
    }

    @Test
    void aMemberWhoseRenamingIsRefusedAsItIsAppliedKeepsItsOldNameClaimed() throws Exception {
        List<String> asked = new ArrayList<>();
        Member[] other = new Member[1];
        Chat[] chat = new Chat[1];
        ChatLog events = new ChatLog() {
            private final LocalLog local = new LocalLog();

            @Override
            public String server() {
                return local.server();
            }

            @Override
            public void start(Link link) {
                local.start(link);
            }

            @Override
            public Claim claim(String nick) {
                asked.add("claim " + nick);
                return local.claim(nick);
            }

            @Override
            public void release(String nick) {
                asked.add("release " + nick);
            }

            @Override
            public Object append(ChatEvent event, Local with) {
                if (event instanceof ChatEvent.Renamed) {
                    // Another member arrives with the new name between the chat's check and the renaming.
                    asked.add("arrival of " + other[0].nick());
                    assertTrue(chat[0].arrive(other[0], false, lobby -> { }));
                }
                return local.append(event, with);
            }

            @Override
            public void send(ChatEvent event, Local with) {
                local.send(event, with);
            }

            @Override
            public void close(String reason) {
                local.close(reason);
            }
        };
        chat[0] = new Chat(LOG, ChatLimits.DEFAULT, events);
        Member ann = member("ann", Door.ELSEWHERE);
        other[0] = member("anna", Door.ELSEWHERE);
        assertTrue(chat[0].arrive(ann, false, lobby -> { }));
        asked.clear();

        assertTrue(!chat[0].rename(ann, "anna"), "the name went to another as ann's renaming went in");
        assertEquals("ann", ann.nick());
        // A shared log lets go of the old name as the renaming enters it: the chat takes it back.
        assertEquals(List.of("claim anna", "arrival of anna", "claim anna", "release anna", "claim ann"), asked);
    }

    @Test
    void aLineLetGoAsItsSenderIsPutOutIsAnsweredNotLost() throws Exception {
        Chat chat = new Chat(LOG, ChatLimits.DEFAULT);
        Member[] carol = new Member[1];
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> said = new CompletableFuture<>();
        Door carolsDoor = (Door) Proxy.newProxyInstance(Door.class.getClassLoader(), new Class<?>[] {Door.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("kicked")) {
                        // carol's client reads its KICK as a line of hers is on its way: checked while she is
                        // still in, applied once she is out.
                        CompletableFuture<Boolean> saying = CompletableFuture.supplyAsync(
                                () -> chat.say(carol[0], chat.room("#lab"), Speech.MESSAGE, "still here?"));
                        try {
                            said.complete(saying.get(300, TimeUnit.MILLISECONDS));
                        } catch (TimeoutException waitsForTheKick) {
                            saying.whenComplete((done, failure) -> said.complete(done));
                        }
                    } else if (method.getName().equals("unsaid")) {
                        told.add(args[1] + (args[2] == null ? " (gone)" : ""));
                        return "not said\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    try {
                        return method.invoke(Door.ELSEWHERE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Member alice = member("alice", Door.ELSEWHERE);
        carol[0] = member("carol", carolsDoor);
        assertTrue(chat.arrive(alice, false, lobby -> { }));
        assertTrue(chat.arrive(carol[0], false, lobby -> { }));
        assertNull(chat.join(alice, "#lab", false, room -> { }));
        assertNull(chat.join(carol[0], "#lab", false, room -> { }));

        assertNull(chat.operators().kick(alice, chat.room("#lab"), carol[0], "out"));
        assertTrue(said.get(10, TimeUnit.SECONDS), "her line was let go: she was in #lab as it was checked");
        assertEquals(List.of("#lab"), told, "and she is told it was not said there");
    }
}
