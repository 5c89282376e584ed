package org.tcpkit.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Points slf4j-simple at the event log file before the first logger exists.
 *
 * <p>slf4j-simple is told to write to {@code System.err}, which it looks up on every event; this class then
 * replaces {@code System.err} with a {@link LogSink}. The user's real standard error is handed back by
 * {@link #install} so that one-line error messages still reach the terminal, and anything else that prints to
 * {@code System.err} (an uncaught exception's stack trace, say) lands in the log file, never on the console.
 * A shutdown hook writes out what is buffered when the program is stopped by Ctrl+C or SIGTERM.
 */
public final class LogSetup implements AutoCloseable {
    /** The size at which a log file rotates, by default. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** How many files of one log are kept by default, the current one included. */
    public static final int DEFAULT_FILES = 5;

    private static volatile boolean installed;

    private final LogSink sink;
    private final PrintStream userErr;
    private final Thread flusher;

    private LogSetup(LogSink sink, PrintStream userErr) {
        this.sink = sink;
        this.userErr = userErr;
        this.flusher = new Thread(sink::runFlusher, "log-flusher");
        this.flusher.setDaemon(true);
    }

    /**
     * Opens (appending) or creates the log file and its directory, and routes every slf4j event there.
     * Must run before any class asks slf4j for a logger.
     *
     * @param file    the log file
     * @param level   the lowest level recorded; {@link LogLevel#OFF} records nothing and creates no file
     * @param verbose whether events are also copied to the terminal's standard error
     * @param maxBytes the size at which the file rotates
     * @param files    how many files are kept, the current one included
     * @return the handle to close when the program ends; its {@link #userErr()} is the real standard error
     * @throws IOException if the file or its directory cannot be created or opened
     */
    public static LogSetup install(Path file, LogLevel level, boolean verbose, long maxBytes, int files)
            throws IOException {
        PrintStream userErr = System.err;
        LogFile fileOut = level == LogLevel.OFF ? null : new LogFile(file, maxBytes, files);
        LogLevel effective = level == LogLevel.OFF && verbose ? LogLevel.DEBUG : level;
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "false");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", effective.simpleLoggerName());
        // The sink stamps each line with the time, far more cheaply than slf4j-simple's SimpleDateFormat.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "false");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        // The Redis client and its connection pool log a stack trace for every broken connection they meet; the
        // chat relay logs each trouble with Redis in one line of its own, so theirs stay out of the file.
        System.setProperty("org.slf4j.simpleLogger.log.redis.clients", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.commons.pool2", "off");
        LogSink sink = new LogSink(fileOut, verbose ? userErr : null);
        System.setErr(new PrintStream(sink, false, StandardCharsets.UTF_8));
        LogSetup setup = new LogSetup(sink, userErr);
        setup.flusher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(setup::sync, "log-sync"));
        installed = true;
        return setup;
    }

    /** Whether events currently go to a log file set up here (so logging a stack trace cannot reach the user). */
    public static boolean installed() {
        return installed;
    }

    /** The standard error stream as it was before {@link #install}: the terminal, for one-line messages. */
    public PrintStream userErr() {
        return userErr;
    }

    /** Writes every event logged so far to the file. */
    public void sync() {
        sink.sync();
    }

    /**
     * Writes out what is buffered and closes the file. Later events are dropped rather than sent to the
     * terminal: a thread still finishing at exit must not print a log line at the user.
     */
    @Override
    public void close() {
        installed = false;
        // No interrupt: an interrupt during a file write would close the file under the flusher's feet.
        try {
            sink.close();
        } catch (IOException e) {
            userErr.println("warning: cannot write the log file: " + e.getMessage());
        }
    }
}
