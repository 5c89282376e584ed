package org.tcpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.security.GeneralSecurityException;
import org.tcpkit.auth.StoreException;
import org.tcpkit.log.LogSetup;
import org.tcpkit.net.ConnectionBudget;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;

/**
 * The life of a server process, the same for every mode: set up the log, build and start the server, print
 * the readiness line, stop cleanly on Ctrl+C or SIGTERM.
 */
final class Launch {
    /** Builds the server for a listen configuration. */
    @FunctionalInterface
    interface Builder {
        TcpServer build(ListenConfig config) throws IOException, GeneralSecurityException;
    }

    private Launch() {
    }

    /**
     * @param title   what the readiness line calls the server, e.g. "Echo server"
     * @param logName the default log file's name, e.g. "server" for logs/server.log
     * @param threadsPerConnection platform threads each connection holds when connections use platform threads
     * @param limitGiven whether the user gave --max-connections (a lowered default is only logged)
     */
    static int serve(PrintWriter out, PrintWriter err, CommonOptions common, String logName, String title,
                     ListenOptions.Where where, ListenConfig asked, int threadsPerConnection, boolean limitGiven,
                     Builder builder) throws InterruptedException {
        ConnectionBudget.Cap cap = ConnectionBudget.of(asked.maxConnections(), asked.threads(), threadsPerConnection);
        ListenConfig config = asked;
        String lowered = null;
        if (cap.lowered()) {
            config = asked.withLimits(cap.allowed(), asked.maxPerAddress());
            lowered = "serving at most " + cap.allowed() + " clients at once instead of " + asked.maxConnections()
                    + ": " + cap.why() + ".";
            if (limitGiven) {
                err.println("server: note: " + lowered);
                err.flush();
            }
        }
        LogSetup logs;
        try {
            logs = common.installLog(logName);
        } catch (IOException e) {
            err.println("server: cannot open the log file " + common.logFileName(logName) + ": " + Errors.describe(e));
            return Cli.FAILED;
        }
        if (lowered != null) {
            org.slf4j.LoggerFactory.getLogger(Launch.class).info("connection limit: {}", lowered);
        }
        TcpServer server;
        try {
            server = builder.build(config);
            server.start();
        } catch (StoreException | GeneralSecurityException e) {
            err.println("server: " + e.getMessage());
            logs.close();
            return Cli.FAILED;
        } catch (BindException e) {
            err.println("server: cannot listen on " + where.host() + ", " + e.getMessage());
            logs.close();
            return Cli.FAILED;
        } catch (IOException e) {
            err.println("server: cannot start: " + Errors.describe(e));
            logs.close();
            return Cli.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            logs.close();
        }, "shutdown"));
        out.println(readiness(title, server));
        out.flush();
        server.awaitStop();
        return Cli.OK;
    }

    /** The one line tools wait for: {@code Echo server listening on 0.0.0.0:7778 (port 7777 was busy)}. */
    static String readiness(String what, TcpServer server) {
        String note = server.fellBack() ? " (port " + server.requestedPort() + " was busy)" : "";
        return what + " listening on " + server.address() + note + "; press Ctrl+C to stop";
    }
}
