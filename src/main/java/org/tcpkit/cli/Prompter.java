package org.tcpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Asks the user for a value with a default shown in brackets: empty input or end of input takes the
 * default, invalid input is explained and asked again. Whether the input ended is remembered ({@link #ended}),
 * for a program that has nothing to do once it has.
 */
final class Prompter {
    /** Invalid answers tolerated before the default is taken, so a runaway input cannot loop forever. */
    static final int MAX_ATTEMPTS = 10;

    private final LineInput in;
    private final PrintWriter out;
    private String endedAt;

    /**
     * @param in  lines typed by the user
     * @param out where prompts and explanations are shown
     */
    Prompter(LineInput in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** Asks for a port number from 1 to 65535. */
    int askPort(String label, int defaultPort) {
        return ask(label, Integer.toString(defaultPort), text -> parsePort(text, 1));
    }

    /** Asks for a port to listen on: as {@link #askPort}, and 0 for any free port, as {@code --port 0} takes. */
    int askListenPort(String label, int defaultPort) {
        return ask(label, Integer.toString(defaultPort), text -> parsePort(text, 0));
    }

    /** Asks for a host, checked by {@code check}. */
    String askHost(String label, String defaultHost, Function<String, Hosts.Check> check) {
        return ask(label, defaultHost, answer -> {
            Hosts.Check result = check.apply(answer);
            return result.ok() ? Answer.of(answer.trim())
                    : Answer.<String>invalid("'" + answer.trim() + "' " + result.problem());
        });
    }

    private <T> T ask(String label, String defaultText, Function<String, Answer<T>> parse) {
        T fallback = parse.apply(defaultText).value();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            out.print(label + " [" + defaultText + "]: ");
            out.flush();
            String line = readLine();
            if (line == null) {
                out.println();
                out.flush();
                if (endedAt == null) {
                    endedAt = label;
                }
                return fallback;
            }
            line = line.trim();
            if (line.isEmpty()) {
                return fallback;
            }
            Answer<T> answer = parse.apply(line);
            if (answer.problem() == null) {
                return answer.value();
            }
            out.println("  " + answer.problem() + "; try again, or press Enter for " + defaultText + ".");
        }
        out.println("  Too many invalid answers; using " + defaultText + ".");
        out.flush();
        return fallback;
    }

    /** The label of the prompt at which the input ended, or null when it has not. */
    String ended() {
        return endedAt;
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static Answer<Integer> parsePort(String text, int lowest) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return Answer.invalid("'" + text + "' is not a number");
        }
        if (port < lowest || port > 65_535) {
            return Answer.invalid("'" + port + "' is outside the port range " + lowest + "-65535"
                    + (lowest == 0 ? " (0 picks any free port)" : ""));
        }
        return Answer.of(port);
    }

    private record Answer<T>(T value, String problem) {
        static <T> Answer<T> of(T value) {
            return new Answer<>(value, null);
        }

        static <T> Answer<T> invalid(String problem) {
            return new Answer<>(null, problem);
        }
    }
}
