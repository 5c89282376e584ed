package org.tcpkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.tcpkit.echo.EchoServer;
import org.tcpkit.log.LogSetup;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server.jar}: the TCP echo server. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "TCP echo server (RFC 862): sends back every byte it receives, in portions of --chunk-size bytes.",
            "A line that is exactly 'exit' is echoed and ends that client's session; the server keeps serving "
                    + "others and waits for the next. Events go to the log file, not the console.",
            "When --host or --port is not given and standard input is a terminal, they are asked for."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Stopped normally.",
            "1:Runtime failure (no port of the range free, log file not writable).",
            "2:Invalid option or value.",
            "130/143:Stopped by Ctrl+C (SIGINT) or SIGTERM, after a clean shutdown."
        })
final class ServerCommand implements Callable<Integer> {
    static final String DEFAULT_BIND = "0.0.0.0";

    @Spec
    CommandSpec spec;

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

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "" + EchoServer.DEFAULT_CHUNK_SIZE,
            description = "Portion size: data is handled and logged in portions of at most this many bytes "
                    + "(1-" + EchoServer.MAX_CHUNK_SIZE + "). Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            defaultValue = "" + ListenConfig.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "Close a connection that sends nothing, or does not read what it is sent, for this "
                    + "long; 0 never. Default: ${DEFAULT-VALUE}.")
    int idleTimeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + ListenConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Clients served at once; more are accepted and closed at once. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "" + ListenConfig.DEFAULT_BACKLOG,
            description = "Accept queue length asked of the kernel, which caps it at net.core.somaxconn. "
                    + "Default: ${DEFAULT-VALUE}.")
    int backlog;

    @Option(names = "--threads", paramLabel = "KIND", defaultValue = "auto",
            description = "Thread per connection: auto (virtual on Java 21+, platform before), platform or "
                    + "virtual. Default: ${DEFAULT-VALUE}.")
    ThreadMode threads;

    @Mixin
    CommonOptions common;

    private final InputStream stdin;
    private final boolean interactive;

    ServerCommand() {
        this(System.in, Terminal.stdinIsTerminal());
    }

    ServerCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Prompter prompter = new Prompter(new LineInput(stdin), err);
        boolean ask = interactive && !common.noPrompt;
        String bindHost = host != null ? host
                : ask ? prompter.askHost("Bind address", DEFAULT_BIND, Hosts::local) : DEFAULT_BIND;
        int listenPort = port != null ? port
                : ask ? prompter.askPort("Port", ListenConfig.DEFAULT_PORT) : ListenConfig.DEFAULT_PORT;
        InetAddress address = Hosts.local(bindHost).address();

        LogSetup logs;
        try {
            logs = common.installLog("server");
        } catch (IOException e) {
            err.println("server: cannot open the log file " + common.logFileName("server") + ": " + Errors.describe(e));
            return Cli.FAILED;
        }
        ListenConfig config = new ListenConfig(address, listenPort, portTries, backlog, maxConnections,
                Duration.ofSeconds(idleTimeoutSeconds), threads);
        EchoServer server = new EchoServer(config, chunkSize);
        try {
            server.start();
        } catch (IOException e) {
            err.println("server: cannot listen on " + bindHost + ", " + e.getMessage());
            logs.close();
            return Cli.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            logs.close();
        }, "shutdown"));
        out.println(readiness("Echo server", server.tcp()));
        out.flush();
        server.awaitStop();
        return Cli.OK;
    }

    /** The one line tools wait for: {@code Echo server listening on 0.0.0.0:7778 (port 7777 was busy)}. */
    static String readiness(String what, TcpServer server) {
        String note = server.fellBack() ? " (port " + server.requestedPort() + " was busy)" : "";
        return what + " listening on " + server.address() + note + "; press Ctrl+C to stop";
    }

    private void validate() {
        if (host != null) {
            Hosts.Check check = Hosts.local(host);
            if (!check.ok()) {
                throw Cli.invalid(spec, "--host", host, check.problem());
            }
        }
        requireRange("--port", port == null ? 0 : port, 0, 65_535);
        requireRange("--port-tries", portTries, 1, 1000);
        requireRange("--chunk-size", chunkSize, 1, EchoServer.MAX_CHUNK_SIZE);
        requireRange("--idle-timeout", idleTimeoutSeconds, 0, 86_400 * 365);
        requireRange("--max-connections", maxConnections, 1, 1_000_000);
        requireRange("--backlog", backlog, 1, 1_000_000);
        if (threads == ThreadMode.VIRTUAL && !Threads.virtualAvailable()) {
            throw Cli.invalid(spec, "--threads", "virtual", "needs Java 21 or later; this is Java "
                    + System.getProperty("java.version"));
        }
    }

    private void requireRange(String option, int value, int min, int max) {
        Cli.requireRange(spec, option, value, min, max);
    }
}
