package org.tcpkit.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.tcpkit.net.Connection;
import org.tcpkit.net.DeadlineInput;
import org.tcpkit.net.LineReader;

/**
 * The line dialogue that comes before the echo (or the chat) in the identification and authentication modes.
 *
 * <p>Every server line starts with a tag: {@code info:}, {@code ask:} (the server waits for one line),
 * {@code secret:} (the same, for a password: a client should hide the typing), {@code wait:} (the server
 * waits on purpose, {@code wait: N s: why}, before its next line), {@code error:}, {@code ok:} (the dialogue
 * is over) or {@code bye:} (the server closes). Answers are UTF-8 lines ended by
 * LF or CRLF, at most {@link #MAX_LINE} bytes, each complete within the answer time.
 */
public final class Dialogue {
    /** The longest answer line, in bytes, line break excluded. */
    public static final int MAX_LINE = 256;

    private final Connection connection;
    private final Duration answerTime;
    private final DeadlineInput input;
    private final LineReader lines;
    private boolean finished;

    /** The client did not finish an answer in time. */
    public static final class TimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimeoutException() {
            super("no answer in time");
        }
    }

    /**
     * @param connection the client
     * @param answerTime how long the client has to answer each prompt, from the prompt to the line break
     */
    public Dialogue(Connection connection, Duration answerTime) {
        this.connection = connection;
        this.answerTime = answerTime;
        this.input = new DeadlineInput(connection.input(), connection.socket());
        this.lines = new LineReader(input, MAX_LINE);
    }

    /** The answer time as people read it: "60 s", or "700 ms" under a second. */
    public String answerTimeText() {
        return answerTime.toMillis() < 1000 ? answerTime.toMillis() + " ms" : answerTime.toSeconds() + " s";
    }

    /** Tells a client that took too long that the server is closing: {@code bye: No answer within 60 s}. */
    public void timedOut() throws IOException {
        say("bye", "No answer within " + answerTimeText() + "; goodbye.");
    }

    /**
     * Sends one tagged line; whole, even when the server's shutdown goodbye comes from another thread. An
     * {@code ok:} line finishes the dialogue.
     */
    public synchronized void say(String tag, String text) throws IOException {
        byte[] line = (tag + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
        connection.write(line, 0, line.length);
        if (tag.equals("ok")) {
            finished = true;
        }
    }

    /** Marks the dialogue finished: its session has begun (the chat's welcome was queued, say). */
    public synchronized void finish() {
        finished = true;
    }

    /** Sends a closing line unless the dialogue has finished already; used by the server's shutdown goodbye. */
    synchronized void sayUnlessFinished(String tag, String text) throws IOException {
        if (!finished) {
            finished = true;
            byte[] line = (tag + ": " + text + "\n").getBytes(StandardCharsets.UTF_8);
            connection.write(line, 0, line.length);
        }
    }

    /** One answer: its text, or why it was refused (too long, not UTF-8). */
    public record Answer(String text, String problem) {
    }

    /**
     * Sends a prompt ({@code ask} or {@code secret}) and reads the answer.
     *
     * @return the answer, or null when the client closed the connection
     * @throws TimeoutException when no complete line arrives within the answer time
     */
    public Answer ask(String tag, String prompt) throws IOException {
        say(tag, prompt);
        input.until(System.nanoTime() + answerTime.toNanos());
        try {
            LineReader.Line line = lines.read();
            return line == null ? null : new Answer(line.text(), line.problem());
        } catch (SocketTimeoutException e) {
            throw new TimeoutException();
        } finally {
            input.until(0);
        }
    }

    /**
     * Waits {@code millis} on purpose (a login delay), having said so with a {@code wait:} line that names the
     * time and {@code why}; whatever the client sends meanwhile is kept for the next answer. False when the
     * client left during the wait.
     */
    public boolean hold(long millis, String why) throws IOException {
        long seconds = (millis + 999) / 1000;
        say("wait", seconds + " s: " + why);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        input.until(deadline);
        boolean here;
        try {
            here = lines.idle();
        } finally {
            input.until(0);
        }
        long left = deadline - System.nanoTime();
        if (here && left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return here;
    }

    /** The answer as characters, for the password hasher. */
    public static char[] chars(Answer answer) {
        return answer.text().toCharArray();
    }

    /** The socket's input with whatever the client sent ahead of the dialogue's end put back in front. */
    public InputStream remainingInput() {
        return lines.remainingInput(connection.input());
    }
}
