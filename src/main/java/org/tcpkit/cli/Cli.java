package org.tcpkit.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.tcpkit.log.LogSetup;
import picocli.CommandLine;

/** Builds the picocli command line both programs share: UTF-8 console, one-line errors, fixed exit codes. */
final class Cli {
    /** Success. */
    static final int OK = 0;
    /** A runtime failure: cannot listen, cannot connect, connection lost. */
    static final int FAILED = 1;
    /** Bad usage: unknown option, invalid value (picocli's convention). */
    static final int USAGE = 2;

    private Cli() {
    }

    private static volatile boolean finished;

    /**
     * Runs a program's command and exits with its code. When the program is stopped by a signal instead
     * (Ctrl+C prints {@code ^C} on the terminal), a line break is written to the terminal first, so the
     * shell's prompt does not start glued to the {@code ^C}.
     */
    static void run(Object command, String[] args) {
        if (Terminal.stderrIsTerminal()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!finished && Terminal.inForeground()) {
                    System.out.flush();
                    new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                            StandardCharsets.UTF_8), true).println();
                }
            }, "end-line"));
        }
        int code = commandLine(command).execute(args);
        finished = true;
        System.exit(code);
    }

    /** A command line printing to the process's standard output and error in UTF-8. */
    static CommandLine commandLine(Object command) {
        return commandLine(command, utf8(FileDescriptor.out), utf8(FileDescriptor.err));
    }

    /** A command line printing to the given writers, for tests. */
    static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(command);
        line.setOut(out);
        line.setErr(err);
        line.setCaseInsensitiveEnumValuesAllowed(true);
        // "--mode chat" reaches the mode's converter, which points to the chat command, instead of starting it.
        line.setAllowSubcommandsAsOptionParameters(true);
        line.setParameterExceptionHandler(Cli::usageError);
        // Numbers in words a user knows, rather than Java's type names ("'abc' is not an int").
        CommandLine.ITypeConverter<Integer> whole = text -> {
            try {
                return Integer.valueOf(text.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
            }
        };
        line.registerConverter(Integer.class, whole);
        line.registerConverter(int.class, whole);
        CommandLine.ITypeConverter<Double> number = text -> {
            try {
                return Double.valueOf(text.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
            }
        };
        line.registerConverter(Double.class, number);
        line.registerConverter(double.class, number);
        line.setExecutionExceptionHandler((e, failed, parsed) -> unexpected(e, failed));
        HelpWrap.install(line);
        return line;
    }

    /** A usage error naming the option and the value: {@code Invalid value for option '--port': '0' ...}. */
    static CommandLine.ParameterException invalid(CommandLine.Model.CommandSpec spec, String option, String value,
                                                  String problem) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': '" + value + "' " + problem);
    }

    /** Throws a usage error unless {@code min <= value <= max}. */
    static void requireRange(CommandLine.Model.CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(spec, option, Integer.toString(value), "is outside the range " + min + "-" + max);
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            message = unmatched(failed, unmatched);
        }
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message + " (see --help)");
        failed.getErr().flush();
        return USAGE;
    }

    /** An argument nobody takes, with what was probably meant: {@code 'chatt' is not ...; did you mean chat?} */
    private static String unmatched(CommandLine failed, CommandLine.UnmatchedArgumentException e) {
        String given = e.getUnmatched().get(0);
        String what = given.startsWith("-") ? "'" + given + "' is not an option of " : "'" + given
                + "' is not a command or value that ";
        String message = what + failed.getCommandSpec().qualifiedName() + (given.startsWith("-") ? "" : " takes");
        java.util.List<String> suggestions = e.getSuggestions();
        if (!suggestions.isEmpty()) {
            message += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                    + "?";
        }
        return message;
    }

    private static int unexpected(Exception e, CommandLine failed) {
        if (LogSetup.installed()) {
            LoggerFactory.getLogger(Cli.class).error("unexpected failure", e);
        }
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": unexpected error: " + e
                + (LogSetup.installed() ? " (details in the log file)" : ""));
        failed.getErr().flush();
        return FAILED;
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }
}
