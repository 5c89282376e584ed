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

        /** Lines for the console after the readiness line (what the server is joined to), once built. */
        default java.util.List<String> notes() {
            return java.util.List.of();
        }

        /** Listeners of the same server beside the main one (the chat's IRC door), once built. */
        default java.util.List<Beside> beside() {
            return java.util.List.of();
        }
    }

    /**
     * A second listener of the same process, started after the main one and stopped after it (the main one's
     * shutdown tells everyone first), named in the readiness line.
     */
    record Beside(String title, TcpServer server) {
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
        TcpServer server = null;
        java.util.List<Beside> beside = java.util.List.of();
        try {
            server = builder.build(config);
            beside = builder.beside();
            server.start();
            for (Beside other : beside) {
                other.server().start();
            }
        } catch (StoreException | GeneralSecurityException e) {
            err.println("server: " + e.getMessage());
            stopAll(server, beside);
            logs.close();
            return Cli.FAILED;
        } catch (BindException e) {
            err.println("server: cannot listen on " + where.host() + ", " + e.getMessage());
            stopAll(server, beside);
            logs.close();
            return Cli.FAILED;
        } catch (IOException e) {
            err.println("server: cannot start: " + Errors.describe(e));
            stopAll(server, beside);
            logs.close();
            return Cli.FAILED;
        }
        java.util.List<Beside> others = beside;
        TcpServer main = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(main, others);
            logs.close();
        }, "shutdown"));
        out.println(readiness(title, server, beside));
        for (String note : builder.notes()) {
            out.println(note);
        }
        out.flush();
        server.awaitStop();
        return Cli.OK;
    }

    /** Stops the main server (which tells everyone first), then the ones beside it. */
    private static void stopAll(TcpServer main, java.util.List<Beside> beside) {
        if (main != null) {
            main.stop();
        }
        for (Beside other : beside) {
            other.server().stop();
        }
    }

    /** The one line tools wait for: {@code Echo server listening on 0.0.0.0:7778 (port 7777 was busy)}. */
    static String readiness(String what, TcpServer server) {
        return readiness(what, server, java.util.List.of());
    }

    /**
     * The readiness line naming the listeners beside the main one too:
     * {@code Chat server listening on 0.0.0.0:7777 and IRC on 0.0.0.0:6667; press Ctrl+C to stop}.
     */
    static String readiness(String what, TcpServer server, java.util.List<Beside> beside) {
        StringBuilder line = new StringBuilder(what).append(" listening on ").append(where(server));
        for (Beside other : beside) {
            line.append(" and ").append(other.title()).append(" on ").append(where(other.server()));
        }
        return line.append("; press Ctrl+C to stop").toString();
    }

    private static String where(TcpServer server) {
        return server.address() + (server.fellBack() ? " (port " + server.requestedPort() + " was busy)" : "");
    }
}
