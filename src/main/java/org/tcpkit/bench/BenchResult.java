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

    /** A few lines for people. */
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
        out.append(String.format(Locale.ROOT, "  connected      %d of %d in %.3f s%s%n", connected,
                config.connections() + config.stalled(), connectSeconds,
                connectFailures > 0 ? " (" + connectFailures + " failed)" : ""));
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
        out.append(String.format(Locale.ROOT,
                "  latency        p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                readable(micros(50)), readable(micros(90)), readable(micros(99)), readable(micros(99.9)),
                readable(maxMicros())));
        out.append(String.format(Locale.ROOT, "  verified       %,d bytes, %d error(s)%s%n", verifiedBytes, errors,
                firstError == null ? "" : "; first: " + firstError));
        out.append(String.format(Locale.ROOT, "  bench CPU      %.2f cores%n", cpuCores));
        return out.toString();
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

    /** One JSON object for machines. */
    public String json() {
        return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"host\":\"%s\",\"port\":%d,\"connections\":%d,"
                        + "\"size\":%d,\"window\":%d,\"connected\":%d,\"connectFailures\":%d,\"errors\":%d,"
                        + "\"firstError\":%s,\"messages\":%d,\"bytes\":%d,\"verifiedBytes\":%d,\"seconds\":%.4f,"
                        + "\"messagesPerSecond\":%.1f,\"megabytesPerSecond\":%.3f,\"latencyMicros\":{\"p50\":%.1f,"
                        + "\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f},\"connectSeconds\":%.4f,"
                        + "\"echoSeconds\":%.4f,\"benchCpuCores\":%.3f,\"sent\":%d,\"rate\":%d,\"stalled\":%d,\"ok\":%s}",
                config.mode().name().toLowerCase(Locale.ROOT), escape(config.host()), config.port(),
                config.connections(), config.size(), config.window(), connected, connectFailures, errors,
                firstError == null ? "null" : "\"" + escape(firstError) + "\"", messages, bytes, verifiedBytes,
                seconds, messagesPerSecond(), megabytesPerSecond(), micros(50), micros(90), micros(99),
                micros(99.9), maxMicros(), connectSeconds, echoSeconds, cpuCores, sent, config.rate(),
                config.stalled(), ok());
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
