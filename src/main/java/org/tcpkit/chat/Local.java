package org.tcpkit.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What applying one of this server's own events needs of this server, which the event itself does not carry:
 * the member it concerns, with its connection, and what to queue for it on entering a room. It is applied
 * once, where the log puts the event; the session that asked for the change waits for its result.
 */
public final class Local {
    /** A server's own note: nobody waits, nothing local to apply. */
    public static final Local NONE = new Local(null, null);

    final Member member;
    final Consumer<Room> greeting;
    /** The answer open for the member's command where the change was asked for, or null. */
    final Answer answer;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<Object> result = new CompletableFuture<>();

    /**
     * @param member   the member of this server the event concerns, or null
     * @param greeting what to queue for the member when it enters a room (its welcome, its view of the room),
     *                 given the room; or null
     */
    Local(Member member, Consumer<Room> greeting) {
        this.member = member;
        this.greeting = greeting;
        this.answer = member == null ? null : Answer.of(member);
    }

    /** Whether the caller is the one to apply it: true once, for the first to ask. */
    public boolean take() {
        return this != NONE && taken.compareAndSet(false, true);
    }

    /** Whether it has been taken for applying. */
    public boolean taken() {
        return taken.get();
    }

    /** Its result, once applied. */
    public void done(Object value) {
        result.complete(value);
    }

    /** Applying it failed. */
    public void failed(RuntimeException e) {
        result.completeExceptionally(e);
    }

    /**
     * The result, once applied; when that takes longer than {@code millis}, {@code late} runs (it applies the
     * event here and now, if nobody has yet) and the result is waited for without bound (it is being applied).
     */
    public Object await(long millis, Runnable late) {
        try {
            return result.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            late.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            late.run();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        return result.join();
    }
}
