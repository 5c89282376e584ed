package org.tcpkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Says in one sentence, naming the option that fixes it, why TLS failed: no JDK class names, no stack. */
final class TlsErrors {
    private TlsErrors() {
    }

    /** Why a TLS connection to {@code host} could not be set up, from the client's side. */
    static String client(Throwable e, String host) {
        String all = messages(e);
        if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)
                || all.contains("PKIX path") || all.contains("unable to find valid certification path")) {
            return "the server's certificate is not one this client trusts; give the server's certificate with "
                    + "--trust-cert FILE (or a trust store with --truststore FILE)";
        }
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "the server's certificate is not made out to " + host + "; connect with the name it names "
                    + "(--host), or make the key store with -ext SAN=" + (Hosts.isAddress(host) ? "ip:" : "dns:")
                    + host;
        }
        if (all.contains("Unsupported or unrecognized SSL message") || all.contains("plaintext connection")
                || all.contains("Unexpected handshake message") || all.contains("Remote host terminated")) {
            return "the server does not speak TLS; leave out --tls (or start the server with --tls)";
        }
        if (all.contains("protocol_version") || all.contains("handshake_failure") || all.contains("no cipher")) {
            return "the server and this client share no TLS protocol or cipher suite";
        }
        return "TLS handshake failed: " + first(e);
    }

    /** Why the key store {@code keystore} cannot be used, from the server's side. */
    static String keystore(Throwable e, Path keystore, boolean passwordGiven) {
        String all = messages(e);
        if (has(e, UnrecoverableKeyException.class) || all.contains("password was incorrect")
                || all.contains("Given final block not properly padded") || all.contains("password")) {
            return passwordGiven
                    ? "the password of the key store " + keystore + " is wrong (--keystore-password or "
                            + TlsServerOptions.PASSWORD_VARIABLE + ")"
                    : "the key store " + keystore + " needs its password: set " + TlsServerOptions.PASSWORD_VARIABLE
                            + " or give --keystore-password";
        }
        if (e instanceof IOException && !(e instanceof SSLException)) {
            return keystore + " is not a PKCS#12 key store" + (pem(keystore) ? " but a PEM file (a certificate or "
                    + "key: the client's --trust-cert takes those)" : "") + "; make one with keytool -storetype "
                    + "PKCS12, as the README shows";
        }
        return "cannot use the key store " + keystore + ": " + first(e);
    }

    /** Whether {@code file} starts as a PEM file does ({@code -----BEGIN}). */
    private static boolean pem(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return new String(in.readNBytes(10), java.nio.charset.StandardCharsets.US_ASCII).equals("-----BEGIN");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** The first message in the chain, without the JDK's class-name prefixes. */
    private static String first(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("(\\w+\\.)+\\w+(Exception|Error): ", "");
    }

    /** Whether {@code e} happened during a TLS handshake. */
    static boolean handshake(Throwable e) {
        return has(e, SSLHandshakeException.class) || has(e, CertificateException.class) || e instanceof SSLException;
    }
}
