package org.tcpkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tcpkit.log.LogLevel;
import org.tcpkit.log.LogSetup;
import picocli.CommandLine.Option;

/** Options every program shares: where events are logged, how much, and whether to prompt. */
final class CommonOptions {
    @Option(names = "--log-file", paramLabel = "FILE",
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

    @Option(names = "--no-prompt",
            description = "Never ask for the host or port, even on a terminal; use the defaults.")
    boolean noPrompt;

    /** Routes events to the log file (the default name is {@code logs/<program>.log}). */
    LogSetup installLog(String program) throws IOException {
        Path file = logFile != null ? logFile : Path.of("logs", program + ".log");
        return LogSetup.install(file, logLevel, verbose);
    }

    /** The log file as the user would name it, for messages. */
    String logFileName(String program) {
        return (logFile != null ? logFile : Path.of("logs", program + ".log")).toString();
    }
}
