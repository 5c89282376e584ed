package org.tcpkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.tcpkit.net.ServerTls;
import org.tcpkit.net.Tls;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The server's TLS options. */
final class TlsServerOptions {
    static final String PASSWORD_VARIABLE = "TCPKIT_KEYSTORE_PASSWORD";

    @Option(names = "--tls", description = "Accept TLS connections only, with the key in --keystore.")
    boolean tls;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS#12 key store holding the server's key and certificate (with --tls).")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD",
            description = "Password of --keystore. Default: the environment variable " + PASSWORD_VARIABLE
                    + " (preferred: a command line is visible to other users).")
    String password;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS",
            defaultValue = "" + org.tcpkit.net.ListenConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
            description = "With --tls: time a client has to finish the TLS handshake before it is disconnected "
                    + "(1-300). Default: ${DEFAULT-VALUE}.")
    int handshakeTimeoutSeconds;

    /** The TLS handshake deadline. */
    java.time.Duration handshakeTimeout() {
        return java.time.Duration.ofSeconds(handshakeTimeoutSeconds);
    }

    void validate(CommandSpec spec) {
        Cli.requireRange(spec, "--handshake-timeout", handshakeTimeoutSeconds, 1, 300);
        if (tls && keystore == null) {
            throw new ParameterException(spec.commandLine(),
                    "Missing option '--keystore': --tls needs the server's key store");
        }
        if (keystore != null && !tls) {
            throw new ParameterException(spec.commandLine(),
                    "Option '--keystore' needs --tls: without it the server would accept plaintext connections");
        }
        if (keystore != null && !Files.isReadable(keystore)) {
            throw Cli.invalid(spec, "--keystore", keystore.toString(), "is not a readable file");
        }
    }

    /** The TLS layer from the key store, or null for plain TCP. */
    ServerTls server() throws GeneralSecurityException {
        if (!tls) {
            return null;
        }
        char[] secret = secret(password, PASSWORD_VARIABLE);
        try {
            return Tls.server(keystore, secret);
        } catch (IOException | GeneralSecurityException e) {
            throw new GeneralSecurityException(TlsErrors.keystore(e, keystore, secret.length > 0), e);
        }
    }

    /** A password from its option, else from the environment, else empty. */
    static char[] secret(String option, String variable) {
        if (option != null) {
            return option.toCharArray();
        }
        String fromEnvironment = System.getenv(variable);
        return fromEnvironment == null ? new char[0] : fromEnvironment.toCharArray();
    }
}
