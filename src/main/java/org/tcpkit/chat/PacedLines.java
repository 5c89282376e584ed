package org.tcpkit.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.tcpkit.net.DeadlineInput;
import org.tcpkit.net.LineReader;

/**
 * A member's incoming lines, handed out at its flood gate's rate, the same for every door. Lines over the
 * rate are held and handed out at the rate, never dropped. While a held line waits for its turn the
 * connection is still read (with a timeout of the wait), so a client that gets more than
 * {@link FloodGate#MAX_HELD} lines ahead is seen at once.
 */
public final class PacedLines {
    /** What {@link #next} returns when nothing arrived for the quiet time it was given. */
    public static final LineReader.Line QUIET = new LineReader.Line(null, "nothing arrived");

    /** More lines waited for their turn than a member may have waiting. */
    public static final class FloodedException extends Exception {
        FloodedException() {
            super("more than " + FloodGate.MAX_HELD + " lines waiting", null, false, false);
        }
    }

    private final FloodGate flood;
    private final DeadlineInput input;
    private final LineReader lines;
    private final Consumer<String> warn;
    private final ArrayDeque<LineReader.Line> held = new ArrayDeque<>();
    private boolean ended;
    private boolean told;

    /**
     * @param in      the client's input (perhaps with bytes read ahead in front)
     * @param maxLine the longest line taken, in bytes, line break excluded
     * @param warn    tells the member, once per burst, that its lines are being held (a sentence)
     */
    public PacedLines(FloodGate flood, org.tcpkit.net.Connection connection, InputStream in, int maxLine,
                      Consumer<String> warn) {
        this.flood = flood;
        this.input = new DeadlineInput(in, connection.socket());
        this.lines = new LineReader(input, maxLine);
        this.warn = warn;
    }

    /**
     * The next line to act on, when its turn comes.
     *
     * @param quietMillis with nothing held, how long to wait for a line before returning {@link #QUIET};
     *                    0 to wait for ever
     * @return the line (or a refusal: too long, not UTF-8), {@link #QUIET}, or null when the client closed
     * @throws FloodedException when the client got more than {@link FloodGate#MAX_HELD} lines ahead
     */
    public LineReader.Line next(long quietMillis) throws IOException, FloodedException {
        if (held.isEmpty()) {
            if (ended) {
                return null;
            }
            if (flood.rested()) {
                told = false;
            }
            LineReader.Line line;
            try {
                line = quietMillis > 0 ? readWithin(quietMillis * 1_000_000) : lines.read();
            } catch (SocketTimeoutException e) {
                return QUIET;
            }
            if (line == null) {
                return null;
            }
            held.add(line);
        }
        long wait;
        while ((wait = flood.nanosUntilNext()) > 0) {
            if (!told) {
                told = true;
                warn.accept("You are sending more than " + flood.rate() + " lines a second: your lines go out at "
                        + "that rate. More than " + FloodGate.MAX_HELD + " waiting disconnects you.");
            }
            if (ended) {
                pause(wait);
                continue;
            }
            LineReader.Line more;
            try {
                more = readWithin(wait);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (more == null) {
                ended = true;
            } else if (held.size() >= FloodGate.MAX_HELD) {
                throw new FloodedException();
            } else {
                held.add(more);
            }
        }
        flood.take();
        return held.poll();
    }

    /**
     * The next line if it is complete within {@code nanos}, however the client spaces its bytes; null at the end
     * of the stream.
     */
    private LineReader.Line readWithin(long nanos) throws IOException {
        input.until(System.nanoTime() + Math.max(1, nanos));
        try {
            return lines.read();
        } finally {
            input.until(0);
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
