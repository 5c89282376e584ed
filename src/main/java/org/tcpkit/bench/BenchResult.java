package org.tcpkit.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a run measured.
 *
 * @param config          the run's settings
 * @param connected       connections that were established
 * @param connectFailures connections that could not be established
 * @param errors          connections that failed later: wrong bytes, closed, reset, no echo in time
 * @param firstError      the first problem seen, or null
 * @param messages        messages echoed within the measured interval
 * @param bytes           payload bytes echoed within the measured interval
 * @param verifiedBytes   every echoed byte that was checked, warm-up and drain included
 * @param seconds         length of the measured interval
 * @param latency         round-trip times of the measured messages, in nanoseconds
 * @param connectSeconds  time from the first connect to the last connection settled
 * @param echoSeconds     hold mode: time from the last connection settled to the last echo; chat mode: how many
 *                        of the members that never read the server had disconnected by the end
 * @param cpuCores        the bench's own CPU use over the run, in cores (1.0 = one core busy)
 * @param sent            messages sent within the measured interval (chat mode: each is delivered to all)
 */
public record BenchResult(BenchConfig config, long connected, long connectFailures, long errors, String firstError,
                          long messages, long bytes, long verifiedBytes, double seconds, Histogram latency,
                          double connectSeconds, double echoSeconds, double cpuCores, long sent) {
    /** Whether every connection connected, nothing failed, and something was echoed and checked. */
    public boolean ok() {
        return connectFailures == 0 && errors == 0 && verifiedBytes > 0;
    }

    public double messagesPerSecond() {
        return seconds > 0 ? messages / seconds : 0;
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / seconds / 1e6 : 0;
    }

    private double micros(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    private double maxMicros() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0;
    }

    /** A few lines for people; no figure for what was not measured. */
    public String text() {
        StringBuilder out = new StringBuilder();
        if (config.mode().chat()) {
            out.append(String.format(Locale.ROOT, "%s %s:%d, %d members, %d messages/s in all%n",
                    config.mode().name().toLowerCase(Locale.ROOT), config.host(), config.port(), config.connections(),
                    config.rate()));
        } else {
            out.append(String.format(Locale.ROOT, "%s %s:%d, %d connection(s), %d-byte messages%s%n",
                    config.mode().name().toLowerCase(Locale.ROOT), config.host(), config.port(), config.connections(),
                    config.size(), config.mode() == BenchMode.BULK ? ", " + config.window() + " bytes in flight" : ""));
        }
        out.append(String.format(Locale.ROOT, "  connected      %d of %d%s%s%n", connected,
                config.connections() + config.stalled(), connected > 0 ? String.format(Locale.ROOT, " in %.3f s",
                        connectSeconds) : "", connectFailures > 0 ? " (" + connectFailures + " failed)" : ""));
        if (connected == 0 || messages == 0) {
            out.append("  measured       nothing: ").append(connected == 0 ? "no connection was made"
                    : config.mode().chat() ? "no line was delivered" : "no message came back").append(
                    String.format(Locale.ROOT, "%n"));
        } else {
            figures(out);
        }
        if (verifiedBytes > 0 || errors > 0) {
            out.append(String.format(Locale.ROOT, "  verified       %,d bytes, %d error(s)%s%n", verifiedBytes, errors,
                    firstError == null ? "" : "; first: " + firstError));
        }
        return out.toString();
    }

    /** The lines of figures, once something was measured. */
    private void figures(StringBuilder out) {
        if (config.mode().chat()) {
            out.append(String.format(Locale.ROOT, "  delivered      %,.0f lines/s (%,d lines of %,d messages sent) over %.2f s"
                    + "%s%n", messagesPerSecond(), messages, sent, seconds,
                    config.stalled() > 0 ? ", with " + config.stalled() + " member(s) that never read ("
                            + (long) echoSeconds + " dropped by the server)" : ""));
        } else if (config.mode() == BenchMode.HOLD) {
            out.append(String.format(Locale.ROOT, "  echoed         %d in %.3f s after the last connect (%.3f s in all)%n",
                    messages, echoSeconds, connectSeconds + echoSeconds));
        } else {
            out.append(String.format(Locale.ROOT, "  throughput     %,.0f msg/s, %,.1f MB/s over %.2f s (%,d messages)%n",
                    messagesPerSecond(), megabytesPerSecond(), seconds, messages));
        }
        if (latency.getTotalCount() > 0) {
            out.append(String.format(Locale.ROOT,
                    "  latency        p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                    readable(micros(50)), readable(micros(90)), readable(micros(99)), readable(micros(99.9)),
                    readable(maxMicros())));
        }
        out.append(String.format(Locale.ROOT, "  bench CPU      %.2f cores%n", cpuCores));
    }

    /** A duration given in microseconds, in the unit that keeps it short: {@code 48.2 us}, {@code 3.52 ms}, {@code 3.52 s}. */
    static String readable(double micros) {
        if (micros < 1_000) {
            return String.format(Locale.ROOT, "%.1f us", micros);
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1_000);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000);
    }

    /**
     * One JSON object for machines: the fields of the run's mode only, and {@code null} for a figure that was not
     * measured (no connection, nothing echoed or delivered, no round trip timed).
     */
    public String json() {
        StringBuilder o = new StringBuilder("{");
        field(o, "mode", "\"" + config.mode().name().toLowerCase(Locale.ROOT) + "\"");
        field(o, "host", "\"" + escape(config.host()) + "\"");
        field(o, "port", config.port());
        field(o, "connections", config.connections());
        if (!config.mode().chat()) {
            field(o, "size", config.size());
        }
        if (config.mode() == BenchMode.BULK) {
            field(o, "window", config.window());
        }
        field(o, "connected", connected);
        field(o, "connectFailures", connectFailures);
        field(o, "errors", errors);
        field(o, "firstError", firstError == null ? "null" : "\"" + escape(firstError) + "\"");
        field(o, "messages", messages);
        field(o, "bytes", bytes);
        field(o, "verifiedBytes", verifiedBytes);
        boolean measured = connected > 0 && messages > 0;
        field(o, "seconds", measured ? String.format(Locale.ROOT, "%.4f", seconds) : "null");
        field(o, "messagesPerSecond", measured ? String.format(Locale.ROOT, "%.1f", messagesPerSecond()) : "null");
        if (!config.mode().chat()) {
            field(o, "megabytesPerSecond", measured ? String.format(Locale.ROOT, "%.3f", megabytesPerSecond())
                    : "null");
        }
        field(o, "latencyMicros", latency.getTotalCount() == 0 ? "null" : String.format(Locale.ROOT,
                "{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}", micros(50), micros(90),
                micros(99), micros(99.9), maxMicros()));
        field(o, "connectSeconds", connected > 0 ? String.format(Locale.ROOT, "%.4f", connectSeconds) : "null");
        if (config.mode() == BenchMode.HOLD || config.mode().chat()) {
            field(o, "echoSeconds", String.format(Locale.ROOT, "%.4f", echoSeconds));
        }
        field(o, "benchCpuCores", measured ? String.format(Locale.ROOT, "%.3f", cpuCores) : "null");
        if (config.mode().chat()) {
            field(o, "sent", sent);
            field(o, "rate", config.rate());
            field(o, "stalled", config.stalled());
        }
        field(o, "ok", ok());
        return o.append('}').toString();
    }

    private static void field(StringBuilder o, String name, Object value) {
        if (o.length() > 1) {
            o.append(',');
        }
        o.append('"').append(name).append("\":").append(value);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
