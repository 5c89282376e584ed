package org.tcpkit.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where and how a server listens: the options every server command shares. */
final class ListenOptions {
    static final String DEFAULT_BIND = "0.0.0.0";

    @Option(names = {"-H", "--host"}, paramLabel = "ADDRESS",
            description = "Local address to listen on. Default: " + DEFAULT_BIND + " (all interfaces).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Port to listen on; 0 picks any free port. Default: " + ListenConfig.DEFAULT_PORT + ".")
    Integer port;

    @Option(names = "--port-tries", paramLabel = "N", defaultValue = "" + ListenConfig.DEFAULT_PORT_TRIES,
            description = "Ports tried in all while the chosen one is busy (the port and the ones after it); "
                    + "1 turns fallback off. Default: ${DEFAULT-VALUE}.")
    int portTries;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Clients served at once; more are accepted and closed at once. Lowered, with a note, "
                    + "when the process cannot open that many files or threads. Default: "
                    + ListenConfig.DEFAULT_MAX_CONNECTIONS + ", or what the process can hold if that is less.")
    Integer maxConnections;

    @Option(names = "--max-per-address", paramLabel = "N",
            description = "Clients served at once from one IP address; more are refused. 0 for no limit. "
                    + "Default: " + ListenConfig.DEFAULT_MAX_PER_ADDRESS + ".")
    Integer maxPerAddress;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "" + ListenConfig.DEFAULT_BACKLOG,
            description = "Accept queue length asked of the kernel, which caps it at net.core.somaxconn. "
                    + "Default: ${DEFAULT-VALUE}.")
    int backlog;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "auto",
            description = "Thread per connection: auto (on Java 21+ platform threads for the first connections, "
                    + "four per core, then virtual threads; platform threads before Java 21), platform or virtual. "
                    + "Default: ${DEFAULT-VALUE}.")
    ThreadMode threads;

    /** Checks the values given on the command line. */
    void validate(CommandSpec spec) {
        if (host != null) {
            Hosts.Check check = Hosts.local(host);
            if (!check.ok()) {
                throw Cli.invalid(spec, "--host", host, check.problem());
            }
        }
        Cli.requireRange(spec, "--port", port == null ? 0 : port, 0, 65_535);
        Cli.requireRange(spec, "--port-tries", portTries, 1, 1000);
        if (maxConnections != null) {
            Cli.requireRange(spec, "--max-connections", maxConnections, 1, 1_000_000);
        }
        Cli.requireRange(spec, "--backlog", backlog, 1, 1_000_000);
        if (maxPerAddress != null) {
            Cli.requireRange(spec, "--max-per-address", maxPerAddress, 0, 1_000_000);
        }
        if (threads == ThreadMode.VIRTUAL && !Threads.virtualAvailable()) {
            throw Cli.invalid(spec, "--threads", "virtual", "needs Java 21 or later; this is Java "
                    + System.getProperty("java.version"));
        }
    }

    /**
     * The bind address and port: as given, else the defaults; asked for on a terminal only when neither was
     * given (giving one says the user wants no questions).
     */
    Where resolve(InputStream stdin, boolean interactive, PrintWriter prompts) {
        boolean ask = interactive && host == null && port == null;
        Prompter prompter = new Prompter(new LineInput(stdin), prompts);
        String bindHost = host != null ? host
                : ask ? prompter.askHost("Bind address", DEFAULT_BIND, Hosts::local) : DEFAULT_BIND;
        int listenPort = port != null ? port
                : ask ? prompter.askListenPort("Port", ListenConfig.DEFAULT_PORT) : ListenConfig.DEFAULT_PORT;
        return new Where(bindHost, Hosts.local(bindHost).address(), listenPort);
    }

    /** The bind address as typed and resolved, and the port. */
    record Where(String host, InetAddress address, int port) {
    }

    /** The listen configuration; {@code defaultPerAddress} applies unless --max-per-address was given. */
    ListenConfig config(Where where, Duration idleTimeout, int defaultPerAddress) {
        int total = maxConnectionsGiven() ? maxConnections : ListenConfig.DEFAULT_MAX_CONNECTIONS;
        return new ListenConfig(where.address(), where.port(), portTries, backlog, total, idleTimeout,
                threads).withLimits(total, maxPerAddress != null ? maxPerAddress : defaultPerAddress);
    }

    /** Whether --max-connections was given, so that lowering it deserves a note on the console. */
    boolean maxConnectionsGiven() {
        return maxConnections != null;
    }
}
