package org.tcpkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.SocketFactory;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.Peers;
import org.tcpkit.net.Tls;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a client connects and how: the options both clients share. */
final class ConnectOptions {
    static final String DEFAULT_HOST = "localhost";
    static final String PASSWORD_VARIABLE = "TCPKIT_TRUSTSTORE_PASSWORD";

    @Option(names = {"-H", "--host"}, paramLabel = "HOST",
            description = "Server host name or address. Default: " + DEFAULT_HOST + ".")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Server port. Default: " + ListenConfig.DEFAULT_PORT + ".")
    Integer port;

    @Option(names = "--tls", description = "Connect with TLS, checking the server's certificate and host name.")
    boolean tls;

    @Option(names = "--trust-cert", paramLabel = "FILE",
            description = "With --tls: trust this certificate (PEM or DER), e.g. the server's own self-signed one.")
    Path trustCert;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "With --tls: trust the certificates in this PKCS#12 store. Default: the JDK's "
                    + "trusted authorities.")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD",
            description = "Password of --truststore. Default: the environment variable " + PASSWORD_VARIABLE + ".")
    String truststorePassword;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up connecting, or waiting for the server, after this long (1-86400). "
                    + "Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    void validate(CommandSpec spec) {
        if (host != null) {
            Hosts.Check check = Hosts.resolve(host);
            if (!check.ok()) {
                throw Cli.invalid(spec, "--host", host, check.problem());
            }
        }
        if (port != null) {
            Cli.requireRange(spec, "--port", port, 1, 65_535);
        }
        Cli.requireRange(spec, "--timeout", timeoutSeconds, 1, 86_400);
        for (Path file : new Path[] {trustCert, truststore}) {
            if (file != null && !Files.isReadable(file)) {
                throw Cli.invalid(spec, file == trustCert ? "--trust-cert" : "--truststore", file.toString(),
                        "is not a readable file");
            }
        }
    }

    /**
     * The server's host and port: as given, else asked for on a terminal, else the defaults.
     *
     * @return the prompt at which the user's input ended (nothing could be sent after it), or null
     */
    String resolve(LineInput lines, boolean interactive, PrintWriter prompts) {
        // Giving either --host or --port says the user wants no questions.
        boolean ask = interactive && host == null && port == null;
        Prompter prompter = new Prompter(lines, prompts);
        if (host == null) {
            host = ask ? prompter.askHost("Host", DEFAULT_HOST, Hosts::resolve) : DEFAULT_HOST;
        }
        if (port == null && prompter.ended() == null) {
            port = ask ? prompter.askPort("Port", ListenConfig.DEFAULT_PORT) : ListenConfig.DEFAULT_PORT;
        }
        return prompter.ended();
    }

    String target() {
        return Peers.format(host, port);
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Connects, or says in one line on {@code err} why not and returns null. */
    EchoClient connect(String program, PrintWriter err) {
        try {
            SocketFactory sockets = tls ? Tls.clientSockets(truststore,
                    TlsServerOptions.secret(truststorePassword, PASSWORD_VARIABLE), trustCert)
                    : SocketFactory.getDefault();
            // The chat client logs as itself, and never what people say: only events.
            boolean chat = program.equals("chat");
            return EchoClient.connect(sockets, host, port, timeout(), LoggerFactory.getLogger(chat
                    ? "org.tcpkit.chat.ChatClient" : EchoClient.class.getName()), chat);
        } catch (GeneralSecurityException e) {
            err.println(program + ": cannot set up TLS: " + e.getMessage());
        } catch (UnknownHostException e) {
            err.println(program + ": cannot connect to " + target() + ": unknown host");
        } catch (IOException e) {
            LoggerFactory.getLogger(EchoClient.class).warn("cannot connect to {}: {}", target(), e.toString());
            String why = tls && TlsErrors.handshake(e) ? TlsErrors.client(e, host) : e.getMessage();
            err.println(program + ": cannot connect to " + target() + ": " + why);
        }
        return null;
    }
}
