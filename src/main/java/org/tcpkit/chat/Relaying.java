package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A chat joined to others by a {@link Relay}. A member's change goes out and is applied when it comes back,
 * in the relay's order, as everyone else's are; the member's session waits for that (bounded), so what it does
 * next sees the change. Events from other servers are applied through {@link RemoteEvents}. While the link is
 * down everything is applied here at once.
 */
final class Relaying implements Relay.Link {
    final Relay relay;
    private final Chat chat;
    private final Logger log;
    private final long waitMillis;
    private final RemoteEvents remote;
    private final AtomicLong seq = new AtomicLong();
    /** This server's events on their way, by number: applied when they come back, or here when they cannot. */
    private final ConcurrentSkipListMap<Long, Pending<?>> pending = new ConcurrentSkipListMap<>();
    /** Held (shared) while a change is on its way; held alone while this server says who is on it. */
    private final ReentrantReadWriteLock quiet = new ReentrantReadWriteLock();

    Relaying(Chat chat, Relay relay, Logger log, long waitMillis) {
        this.chat = chat;
        this.relay = relay;
        this.log = log;
        this.waitMillis = waitMillis;
        this.remote = new RemoteEvents(chat, log, relay::resync);
    }

    /** Sends a change of state and waits (bounded) until it is applied; applies it here when it cannot be sent. */
    <R> R state(ChatEvent event, Supplier<R> apply) {
        return state(event, apply, () -> { });
    }

    /**
     * {@link #state(ChatEvent, Supplier)}, running {@code sent} as soon as the event is on its way, before it
     * comes back: whatever happens in Redis after that is ordered after the event.
     */
    <R> R state(ChatEvent event, Supplier<R> apply, Runnable sent) {
        if (!relay.live()) {
            return apply.get();
        }
        quiet.readLock().lock();
        try {
            Pending<R> pending = send(event, apply);
            if (pending == null) {
                return apply.get();
            }
            sent.run();
            return pending.await(waitMillis);
        } finally {
            quiet.readLock().unlock();
        }
    }

    /** Sends a line (or a note no one waits for); applies it here when it cannot be sent. */
    void line(ChatEvent event, Runnable apply) {
        if (!relay.live() || send(event, () -> {
            apply.run();
            return null;
        }) == null) {
            apply.run();
        }
    }

    private <R> Pending<R> send(ChatEvent event, Supplier<R> apply) {
        long n = seq.incrementAndGet();
        Pending<R> sent = new Pending<>(apply);
        pending.put(n, sent);
        if (relay.publish(n, event)) {
            return sent;
        }
        pending.remove(n);
        return null;
    }

    /**
     * A member's change of this server is applied through what waits for it; another server's event is applied
     * alike on every server, and names only the members of the server it comes from. Of this server's own notes
     * only a {@code gone} (for a server it found silent) is applied; anything else that claims to come from this
     * server and that it is not waiting for was not sent by it (or came back too late to matter) and is let go.
     */
    @Override
    public void receive(String origin, long number, ChatEvent event) {
        if (origin.equals(relay.id())) {
            Pending<?> sent = pending.remove(number);
            if (sent != null) {
                sent.applyOnce();
                return;
            }
            if (!(event instanceof ChatEvent.Gone gone) || gone.server().equals(origin)) {
                return;
            }
        }
        try {
            remote.apply(origin, event);
        } catch (RuntimeException e) {
            log.warn("chat relay: could not apply {} from {}: {}", event.getClass().getSimpleName(), origin,
                    e.toString());
        }
    }

    @Override
    public void lost(String why) {
        applyPending();
        noticeAll("! The link to the other chat servers is lost; you reach only people on this server until it"
                + " is back.");
        int gone = remote.dropAll("server link lost");
        log.warn("chat relay: link lost ({}); {} members of other servers out of reach", why, gone);
    }

    @Override
    public void linked(boolean again) {
        applyPending();
        log.info("chat relay: linked to the other servers{} as {}", again ? " again" : "", relay.id());
        if (again) {
            noticeAll("* The link to the other chat servers is back. Lines said while it was down did not cross"
                    + " it and are not sent again.");
        }
    }

    @Override
    public void quietly(Runnable send) {
        quiet.writeLock().lock();
        try {
            send.run();
        } finally {
            quiet.writeLock().unlock();
        }
    }

    @Override
    public ChatEvent.Here here() {
        return remote.here(relay.id());
    }

    @Override
    public ChatEvent.Beat beat(String server) {
        return remote.beat(server.equals(relay.id()) ? null : server, server);
    }

    @Override
    public java.util.Set<String> servers() {
        return remote.servers();
    }

    @Override
    public List<String> nicks() {
        List<String> nicks = new ArrayList<>();
        for (Member member : chat.state.locals()) {
            nicks.add(member.nick());
        }
        return nicks;
    }

    @Override
    public void nameLost(String nick) {
        Member member = chat.member(nick);
        if (member == null || !member.isLocal()) {
            return;
        }
        for (int tries = 0; tries < 20; tries++) {
            String guest = Nicks.guest(nick);
            if (chat.rename(member, guest)) {
                chat.notice(member, "! Your name " + nick + " was taken on another server while the link to it"
                        + " was down; you are " + guest + " now.");
                return;
            }
        }
        chat.state.killHere(member, "name taken on another server", "relay: name taken on another server");
    }

    /** Applies here, in order, what was sent and has not come back; the link that would bring it is gone. */
    private void applyPending() {
        for (Map.Entry<Long, Pending<?>> entry = pending.pollFirstEntry(); entry != null;
             entry = pending.pollFirstEntry()) {
            entry.getValue().applyOnce();
        }
    }

    private void noticeAll(String text) {
        for (Member member : chat.state.locals()) {
            chat.notice(member, text);
        }
    }

    /** A change on its way: applied once, when it comes back or here instead, whichever comes first. */
    private static final class Pending<R> {
        private final Supplier<R> apply;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<R> result = new CompletableFuture<>();

        Pending(Supplier<R> apply) {
            this.apply = apply;
        }

        void applyOnce() {
            if (taken.compareAndSet(false, true)) {
                try {
                    result.complete(apply.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        }

        R await(long millis) {
            try {
                return result.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                applyOnce();
                return result.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                applyOnce();
                return result.join();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }
    }
}
