package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.tcpkit.testing.Jars;

/** A server.jar on loopback and client.jar runs against it, for the tests of what client.jar tells its user. */
final class ClientRuns {
    private ClientRuns() {
    }

    /** server.jar on 127.0.0.1, a free port, logging at info, with {@code args} after. */
    static Jars.Server server(Path dir, String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", "0", "--log-level", "info"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return Jars.server(dir, all);
    }

    /** client.jar with {@code args} and the server's port, run to the end with {@code stdin}. */
    static Jars.Result client(Path dir, Jars.Server server, String stdin, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--port";
        all[args.length + 1] = "" + server.port();
        return Jars.client(dir, stdin, all);
    }

    /** The client failed (exit 1) with one line on standard error, containing {@code expected}. */
    static void oneLine(Jars.Result result, String expected) {
        assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains(expected), result.stderr());
    }
}
