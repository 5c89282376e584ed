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
     * One connection, one message in flight: the bench's median round trip is close to the median this test
     * measures itself over the same connection pattern, its clock started before each write. A clock started
     * after write() returned leaves the write out, and on loopback the write is most of the round trip (a tenth
     * of it was left). Both are medians, measured one after the other, so a stall of the shared machine, which
     * raises a mean, moves neither much.
     */
    @Test
    void latencyIsMeasuredFromBeforeTheWrite() throws Exception {
        String runs = "";
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--log-level", "info")) {
            for (int run = 0; run < 3; run++) {
                double reference = medianRoundTripMicros(server.port(), 5_000);
                Jars.Result result = Jars.client(dir, "", "bench", "-H", "127.0.0.1", "-p", "" + server.port(),
                        "-c", "1", "-n", "20000", "--json");
                assertEquals(0, result.exitCode(), result.stderr());
                double p50 = decimal(result.stdout(), "p50");
                if (p50 >= 0.5 * reference) {
                    return;
                }
                runs += "\nbench p50 " + p50 + " us, this test's median " + reference + " us: " + result.stdout();
            }
        }
        throw new AssertionError("the bench's median round trip stayed under half of the test's own in three runs:"
                + runs);
    }

    /**
     * The chat keeps what #bench heard: a second run against the same server is given the first run's last lines
     * as the room's history on joining, and counts none of them as its own (they would read as repeats).
     */
    @Test
    void aSecondChatRunOnTheSameServerCountsOnlyItsOwnLines() throws Exception {
        try (Jars.Server server = Jars.server(dir, "chat", "--host", "127.0.0.1", "--port", "0", "--irc-port", "0",
                "--flood-rate", "100000", "--flood-burst", "100000")) {
            for (String mode : java.util.List.of("irc", "irc", "chat", "chat")) {
                int port = mode.equals("irc") ? server.ircPort() : server.port();
                Jars.Result result = Jars.client(dir, "", "bench", "-H", "127.0.0.1", "-p", "" + port, "-m", mode,
                        "-c", "5", "--rate", "50", "-d", "1", "--warmup", "0", "--json");
                assertEquals(0, result.exitCode(), mode + ": " + result.stdout() + result.stderr());
                assertTrue(result.stdout().contains("\"errors\":0,"), mode + ": " + result.stdout());
                assertTrue(decimal(result.stdout(), "messagesPerSecond") > 0, result.stdout());
            }
        }
    }

    /** The median of {@code count} round trips of 64 bytes, each timed from before its write to its last byte. */
    private static double medianRoundTripMicros(int port, int count) throws Exception {
        long[] nanos = new long[count];
        byte[] message = new byte[64];
        java.util.Arrays.fill(message, (byte) 'x');
        message[63] = '\n';
        try (java.net.Socket socket = org.tcpkit.testing.Wire.connect(port)) {
            socket.setTcpNoDelay(true);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                out.write(message);
                org.tcpkit.testing.Wire.readExactly(in, message.length);
                nanos[i] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        return nanos[count / 2] / 1000.0;
    }
}
