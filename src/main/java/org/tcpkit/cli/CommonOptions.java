package org.tcpkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tcpkit.log.LogLevel;
import org.tcpkit.log.LogSetup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every program shares: where events are logged, how much, and whether to prompt. */
final class CommonOptions {
    // Each program names its own default log file in its help: see the resource bundles in cli/help.
    @Option(names = "--log-file", paramLabel = "FILE", descriptionKey = "log-file",
            description = "File that receives every event (appended to; its directory is created). Default: "
                    + "logs/server.log, logs/client.log, logs/chat-server.log or logs/chat-client.log under the "
                    + "working directory, by program.")
    Path logFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "debug",
            description = "How much is logged: debug (every event, data included), info (connections and "
                    + "lifecycle only), warn, error or off. Default: ${DEFAULT-VALUE}.")
    LogLevel logLevel;

    @Option(names = {"-v", "--verbose"},
            description = "Also show every logged event on standard error, as it happens.")
    boolean verbose;

    @Option(names = "--log-max-size", paramLabel = "SIZE", defaultValue = "10M",
            description = "Size at which the log file is rotated (FILE becomes FILE.1, and so on): a number of "
                    + "bytes, or with K, M or G (4K-1G). Default: ${DEFAULT-VALUE}.")
    String logMaxSize;

    @Option(names = "--log-files", paramLabel = "N", defaultValue = "" + LogSetup.DEFAULT_FILES,
            description = "Log files kept, the current one included; the oldest is deleted at rotation "
                    + "(1-100). Default: ${DEFAULT-VALUE}.")
    int logFiles;

    @Option(names = "--no-prompt",
            description = "Never ask for the host or port, even on a terminal; use the defaults.")
    boolean noPrompt;

    /** Checks the log options' values. */
    void validate(CommandSpec spec) {
        long bytes = Sizes.parse(logMaxSize);
        if (bytes < 4096 || bytes > 1L << 30) {
            throw Cli.invalid(spec, "--log-max-size", logMaxSize, bytes < 0 ? "is not a size such as 10M or 512K"
                    : "is outside the range 4K-1G");
        }
        Cli.requireRange(spec, "--log-files", logFiles, 1, 100);
    }

    /** Routes events to the log file (the default name is {@code logs/<program>.log}). */
    LogSetup installLog(String program) throws IOException {
        Path file = logFile != null ? logFile : Path.of("logs", program + ".log");
        return LogSetup.install(file, logLevel, verbose, Sizes.parse(logMaxSize), logFiles);
    }

    /** The log file as the user would name it, for messages. */
    String logFileName(String program) {
        return (logFile != null ? logFile : Path.of("logs", program + ".log")).toString();
    }
}
