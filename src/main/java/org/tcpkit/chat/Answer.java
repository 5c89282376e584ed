package org.tcpkit.chat;

import java.util.function.UnaryOperator;

/**
 * The answer to one command of one member, shaped as it is made: while it is open, every byte the chat queues
 * for that member because of that command (replies, the member's own JOIN, the echo of its message) passes
 * through {@code shape} first, which may hold, mark or group it (IRC's {@code labeled-response}). It is open on
 * the member's own thread from {@link #open} to {@link #close}, and on whichever thread applies the
 * command's events ({@link Local} carries it there), so lines caused by other members, arriving meanwhile, are
 * not part of it.
 */
public final class Answer implements AutoCloseable {
    private static final ThreadLocal<Answer> CURRENT = new ThreadLocal<>();

    private final Member member;
    private final UnaryOperator<byte[]> shape;

    private Answer(Member member, UnaryOperator<byte[]> shape) {
        this.member = member;
        this.shape = shape;
    }

    /**
     * Opens the answer to {@code member}'s command on this thread.
     *
     * @param shape given the bytes for the member, returns what to queue instead (null: nothing now); called
     *              from one thread at a time
     */
    public static Answer open(Member member, UnaryOperator<byte[]> shape) {
        Answer answer = new Answer(member, shape);
        CURRENT.set(answer);
        return answer;
    }

    /** The answer open on this thread for {@code member}, or null. */
    static Answer of(Member member) {
        Answer answer = CURRENT.get();
        return answer != null && answer.member == member ? answer : null;
    }

    /** Whether an answer is open on this thread: a line then waits until it is applied, so its echo is in it. */
    static boolean anyOpen() {
        return CURRENT.get() != null;
    }

    /** {@code bytes} for {@code member}, shaped when they are part of the answer open on this thread. */
    static byte[] shaped(Member member, byte[] bytes) {
        Answer answer = CURRENT.get();
        return answer == null || answer.member != member || bytes == null ? bytes : answer.shape.apply(bytes);
    }

    /** Runs {@code work} with {@code answer} open on this thread (it applies that answer's events), then as before. */
    static <T> T within(Answer answer, java.util.function.Supplier<T> work) {
        Answer before = CURRENT.get();
        if (answer == null || answer == before) {
            return work.get();
        }
        CURRENT.set(answer);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Closes the answer on this thread: what is queued from now on is queued as it is. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
