package org.tcpkit.net;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The server's TLS: layers a TLS socket over each accepted TCP socket, so the server keeps the plain socket
 * underneath and can always close it without waiting (see {@link Connection}).
 *
 * <p>Only TLS 1.3 and TLS 1.2 are offered, and for TLS 1.2 only forward-secret AEAD suites (ECDHE with
 * AES-GCM or ChaCha20-Poly1305): no CBC, no static RSA key exchange. Renegotiation started by a client is
 * refused: each one costs the server a full handshake, a cheap lever for a client to burn its CPU.
 */
public final class ServerTls {
    /** The JDK reads this once, when its server handshake code is first loaded: set before any handshake. */
    static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final List<String> SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SSLSocketFactory sockets;
    private final SSLParameters parameters;

    ServerTls(SSLContext context) {
        this.sockets = context.getSocketFactory();
        SSLParameters supported = context.getSupportedSSLParameters();
        this.parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(intersect(PROTOCOLS, supported.getProtocols()));
        parameters.setCipherSuites(intersect(SUITES, supported.getCipherSuites()));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
    }

    /**
     * A server-mode TLS socket over {@code raw}, closing {@code raw} when it is closed; no I/O happens yet. It
     * reads {@code first} (or nothing, when null) before the socket: a byte read off the socket before the
     * handshake is put back there.
     */
    SSLSocket layer(Socket raw, FirstByte first) throws IOException {
        SSLSocket ssl = (SSLSocket) sockets.createSocket(raw, first, true);
        ssl.setUseClientMode(false);
        ssl.setSSLParameters(parameters);
        return ssl;
    }

    /** The protocols offered, strongest first. */
    public List<String> protocols() {
        return List.of(parameters.getProtocols());
    }

    /** The cipher suites offered, in the server's order of preference. */
    public List<String> cipherSuites() {
        return List.of(parameters.getCipherSuites());
    }

    private static String[] intersect(List<String> wanted, String[] available) {
        List<String> have = Arrays.asList(available);
        List<String> both = new ArrayList<>();
        for (String name : wanted) {
            if (have.contains(name)) {
                both.add(name);
            }
        }
        return both.toArray(new String[0]);
    }
}
