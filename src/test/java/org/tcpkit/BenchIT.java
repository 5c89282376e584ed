package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;

/** client.jar bench against server.jar, two processes as a user runs them. */
@Timeout(120)
class BenchIT {
    @TempDir
    Path dir;

    private static double decimal(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), key + " missing from " + json);
        return Double.parseDouble(m.group(1));
    }

    /**
     * One connection, one message in flight: the mean round trip is the run's length over its messages, and
     * the median is not far below it (0.6-0.7 of it here, the mean carrying the JIT's first slow messages).
     * A clock started after write() returned left the write out: a tenth of the mean.
     */
    @Test
    void latencyIsMeasuredFromBeforeTheWrite() throws Exception {
        // A stall of the shared machine raises the mean round trip but not the median, so one run in three
        // is enough; latency taken after the write would leave the median far below the mean in every run.
        String runs = "";
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--log-level", "info")) {
            for (int run = 0; run < 3; run++) {
                Jars.Result result = Jars.client(dir, "", "bench", "-H", "127.0.0.1", "-p", "" + server.port(),
                        "-c", "1", "-n", "20000", "--json");
                assertEquals(0, result.exitCode(), result.stderr());
                double meanMicros = 1e6 / decimal(result.stdout(), "messagesPerSecond");
                double p50 = decimal(result.stdout(), "p50");
                if (p50 >= 0.4 * meanMicros) {
                    return;
                }
                runs += "\np50 " + p50 + " us, mean round trip " + meanMicros + " us: " + result.stdout();
            }
        }
        throw new AssertionError("the median round trip stayed under 0.4 of the mean in three runs:" + runs);
    }
}
