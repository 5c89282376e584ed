package org.tcpkit.log;

/** How much the event log records, from every event ({@link #DEBUG}) down to nothing ({@link #OFF}). */
public enum LogLevel {
    /** Every event, including one line per data portion received and sent. */
    DEBUG,
    /** Lifecycle and connection events only. */
    INFO,
    /** Problems only. */
    WARN,
    /** Failures only. */
    ERROR,
    /** No log file at all. */
    OFF;

    String simpleLoggerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
