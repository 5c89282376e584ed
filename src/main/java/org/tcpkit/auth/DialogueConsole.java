package org.tcpkit.auth;

import java.io.IOException;
import java.io.PrintWriter;
import org.tcpkit.echo.EchoClient;

/**
 * The client side of the identification and authentication dialogue: shows the server's lines, answers
 * {@code ask:} prompts with lines the user types and {@code secret:} prompts without showing the typing,
 * waits as long as a {@code wait:} line says (and shows it), and stops at {@code ok:} (the echo begins) or
 * {@code bye:}.
 */
public final class DialogueConsole {

    /** Where answers come from. */
    public interface Answers {
        /** The next line the user types, or null at end of input. */
        String line(String prompt) throws IOException;

        /** A password, read without showing it, or null at end of input. */
        char[] secret(String prompt) throws IOException;
    }

    /** How the dialogue ended. */
    public enum Outcome {
        /** The server said ok: the echo session begins. */
        ACCEPTED,
        /** The server said bye and closed. */
        REFUSED,
        /** The server said it is shutting down: a normal end. */
        SHUTDOWN,
        /** The user's input ended. */
        END_OF_INPUT,
        /** The server closed without a word. */
        CLOSED
    }

    /** The outcome and the server's last words. */
    public record Result(Outcome outcome, String message) {
    }

    private DialogueConsole() {
    }

    /** Runs the dialogue, showing the server's lines on {@code out}. */
    public static Result run(EchoClient client, Answers answers, PrintWriter out) throws IOException {
        try {
            return talk(client, answers, out);
        } catch (org.tcpkit.echo.ServerEnded e) {
            String why = org.tcpkit.echo.ServerEnded.why(client);
            client.log().warn("disconnected by server while waiting for the user: {}", org.tcpkit.net.LogText.escape(why));
            return new Result(why.endsWith(OpenDialogues.SHUTTING_DOWN) ? Outcome.SHUTDOWN : Outcome.REFUSED, why);
        }
    }

    /** How long a {@code wait: N s: why} line says the server will wait (a minute at most is believed). */
    static java.time.Duration waitOf(String text) {
        int end = 0;
        while (end < text.length() && end < 3 && Character.isDigit(text.charAt(end))) {
            end++;
        }
        long seconds = end == 0 ? 60 : Math.min(60, Long.parseLong(text.substring(0, end)));
        return java.time.Duration.ofSeconds(seconds);
    }

    private static Result talk(EchoClient client, Answers answers, PrintWriter out) throws IOException {
        java.time.Duration waiting = null;
        while (true) {
            String line = waiting == null ? client.readLine() : client.readLineAfter(waiting);
            waiting = null;
            if (line == null) {
                client.log().warn("disconnected by server: it closed the connection during the dialogue");
                return new Result(Outcome.CLOSED, "the server closed the connection");
            }
            int colon = line.indexOf(": ");
            String tag = colon < 0 ? "" : line.substring(0, colon);
            String text = colon < 0 ? line : line.substring(colon + 2);
            switch (tag) {
                case "ask" -> {
                    String answer = answers.line(text);
                    if (answer == null) {
                        client.log().info("disconnected by user: end of input during the dialogue");
                        return new Result(Outcome.END_OF_INPUT, "");
                    }
                    client.sendLine(answer, false);
                }
                case "secret" -> {
                    char[] secret = answers.secret(text);
                    if (secret == null) {
                        client.log().info("disconnected by user: end of input during the dialogue");
                        return new Result(Outcome.END_OF_INPUT, "");
                    }
                    try {
                        client.sendLine(new String(secret), true);
                    } finally {
                        PasswordHasher.wipe(secret);
                    }
                }
                case "ok" -> {
                    out.println(text);
                    out.flush();
                    client.log().info("dialogue accepted: {}", text);
                    return new Result(Outcome.ACCEPTED, text);
                }
                case "wait" -> {
                    waiting = waitOf(text);
                    out.println("Waiting " + text);
                    out.flush();
                    client.log().info("the server waits on purpose: {}", org.tcpkit.net.LogText.escape(text));
                }
                case "bye" -> {
                    client.log().info("disconnected by server: {}", text);
                    return new Result(text.equals(OpenDialogues.SHUTTING_DOWN) ? Outcome.SHUTDOWN : Outcome.REFUSED,
                            text);
                }
                default -> {
                    out.println(text);
                    out.flush();
                }
            }
        }
    }
}
