package org.tcpkit.echo;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive echo loop: read a line, send it, print the echo, until the user types {@code exit} or the
 * input ends.
 */
public final class EchoConsole {
    /** The line that ends the session. */
    public static final String EXIT = "exit";
    private static final Logger LOG = LoggerFactory.getLogger(EchoClient.class);

    /** How a session ended. */
    public enum Outcome {
        /** The user typed {@code exit}. */
        USER_EXIT,
        /** Standard input ended. */
        END_OF_INPUT,
        /** The server closed the connection or stopped answering. */
        SERVER_LOST,
        /** What came back was not an echo of what was sent: another protocol, or TLS. */
        NOT_ECHO,
        /** Standard input could not be read, or held a line over the length limit. */
        INPUT_FAILED
    }

    /**
     * How a session ended, with a one-line explanation when it went wrong.
     *
     * @param answer for {@link Outcome#NOT_ECHO}, what came back instead (and what had arrived after it, unread),
     *               for the caller to tell which server it is; else null
     */
    public record Result(Outcome outcome, String message, byte[] answer) {
        public Result(Outcome outcome, String message) {
            this(outcome, message, null);
        }
    }

    private EchoConsole() {
    }

    /** Where the loop's lines come from: the next line, or null at end of input. */
    @FunctionalInterface
    public interface Lines {
        /** The next line without its line break, or null at end of input. */
        String next() throws IOException;
    }

    /** Runs the loop over {@code lines}, printing every echo to {@code out}. */
    public static Result run(EchoClient client, Lines lines, PrintWriter out) {
        String line;
        try {
            while ((line = nextLine(lines)) != null) {
                if (EXIT.equals(line)) {
                    client.sendExit();
                    LOG.info("disconnected by user: typed exit");
                    return new Result(Outcome.USER_EXIT, "");
                }
                byte[] sent = (line + "\n").getBytes(StandardCharsets.UTF_8);
                byte[] echo;
                try {
                    echo = client.exchange(sent);
                } catch (EchoClient.PartialEcho e) {
                    byte[] got = e.received();
                    if (!java.util.Arrays.equals(got, java.util.Arrays.copyOf(sent, got.length))) {
                        return notAnEcho(client, got);
                    }
                    throw e;
                }
                if (!java.util.Arrays.equals(sent, echo)) {
                    return notAnEcho(client, echo);
                }
                out.print(new String(echo, 0, echo.length - 1, StandardCharsets.UTF_8));
                out.println();
                out.flush();
            }
            LOG.info("disconnected by user: end of input");
            return new Result(Outcome.END_OF_INPUT, "");
        } catch (ServerEnded e) {
            String why = ServerEnded.why(client);
            LOG.warn("disconnected by server while waiting for the user: {}", org.tcpkit.net.LogText.escape(why));
            return new Result(Outcome.SERVER_LOST, why);
        } catch (InputException e) {
            LOG.warn("disconnected on error: cannot read standard input: {}", e.getMessage());
            return new Result(Outcome.INPUT_FAILED, "cannot read standard input: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            LOG.warn("disconnected on error: no answer from {}", client.server());
            return new Result(Outcome.SERVER_LOST, "no answer from " + client.server() + " in time; giving up");
        } catch (EOFException e) {
            LOG.warn("disconnected by server: {}", e.getMessage());
            return new Result(Outcome.SERVER_LOST, "connection to " + client.server() + " lost: "
                    + e.getMessage());
        } catch (SocketException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("reset") || message.contains("Broken pipe")) {
                LOG.warn("disconnected by server: connection reset ({})", message);
            } else {
                LOG.warn("disconnected on error: {}", e.toString());
            }
            return new Result(Outcome.SERVER_LOST, "connection to " + client.server() + " lost: " + message);
        } catch (IOException e) {
            LOG.warn("disconnected on error: {}", e.toString());
            return new Result(Outcome.SERVER_LOST, "connection to " + client.server() + " lost: "
                    + e.getMessage());
        }
    }

    /** The one line that says what came back instead of an echo. */
    private static Result notAnEcho(EchoClient client, byte[] answer) {
        String what;
        if (answer.length >= 2 && (answer[0] == 0x15 || answer[0] == 0x16) && answer[1] == 0x03) {
            what = "the server at " + client.server() + " speaks TLS: add --tls";
        } else {
            what = "the server at " + client.server() + " did not send back what was sent (it answered "
                    + org.tcpkit.net.Preview.of(answer, 0, answer.length) + "): it is not an echo server";
        }
        LOG.warn("disconnected on error: {}", what);
        byte[] more;
        try {
            more = client.peek(256);
        } catch (IOException e) {
            more = new byte[0];
        }
        byte[] all = java.util.Arrays.copyOf(answer, answer.length + more.length);
        System.arraycopy(more, 0, all, answer.length, more.length);
        return new Result(Outcome.NOT_ECHO, what, all);
    }

    private static String nextLine(Lines lines) throws IOException {
        try {
            return lines.next();
        } catch (ServerEnded e) {
            throw e;
        } catch (IOException e) {
            throw new InputException(e.getMessage());
        }
    }

    /** A failure of the user's input, told apart from a failure of the connection. */
    private static final class InputException extends IOException {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }
}
