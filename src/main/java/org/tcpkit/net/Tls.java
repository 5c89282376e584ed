package org.tcpkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS socket factories from a PKCS#12 key store (server) and a trust store or certificate (client). */
public final class Tls {
    private Tls() {
    }

    /**
     * The server side of TLS with the key and certificate in {@code keystore}.
     *
     * @throws GeneralSecurityException if the store holds no usable key or the password is wrong
     */
    public static ServerTls server(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        System.setProperty(ServerTls.REJECT_RENEGOTIATION, "true");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        boolean hasKey = false;
        for (String alias : java.util.Collections.list(store.aliases())) {
            hasKey |= store.isKeyEntry(alias);
        }
        if (!hasKey) {
            throw new GeneralSecurityException(keystore + " holds no private key, only certificates");
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new ServerTls(context);
    }

    /**
     * A factory of TLS client sockets that check the server's host name against its certificate and trust:
     * the certificates in {@code certificateFile} (PEM or DER) if given, else the PKCS#12 {@code truststore}
     * if given, else the JDK's default trusted authorities.
     */
    public static SocketFactory clientSockets(Path truststore, char[] password, Path certificateFile)
            throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyStore trusted = null;
        if (certificateFile != null) {
            trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(certificateFile)) {
                Collection<? extends Certificate> certificates;
                try {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                } catch (java.security.cert.CertificateException e) {
                    throw new GeneralSecurityException(certificateFile + " holds no certificate (PEM or DER) this "
                            + "client can read" + (looksLikeKeyStore(certificateFile) ? ": it is a PKCS#12 key store; "
                            + "give the certificate exported from it (keytool -exportcert -rfc, as the README shows), "
                            + "or give the store with --truststore" : ""), e);
                }
                if (certificates.isEmpty()) {
                    throw new GeneralSecurityException("no certificate in " + certificateFile);
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    trusted.setCertificateEntry("trusted-" + i++, certificate);
                }
            }
        } else if (truststore != null) {
            trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(truststore)) {
                trusted.load(in, password);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        context.init(null, trust.getTrustManagers(), null);
        return new Verifying(context.getSocketFactory());
    }

    /** Whether {@code file} opens as a PKCS#12 store without a password (its certificates, at least). */
    private static boolean looksLikeKeyStore(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, null);
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /** Turns on host name verification for every socket it makes. */
    private static final class Verifying extends SocketFactory {
        private final SocketFactory sockets;

        Verifying(SocketFactory sockets) {
            this.sockets = sockets;
        }

        private static Socket verified(Socket socket) {
            SSLSocket ssl = (SSLSocket) socket;
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            return ssl;
        }

        @Override
        public Socket createSocket() throws IOException {
            return verified(sockets.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return verified(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return verified(sockets.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return verified(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return verified(sockets.createSocket(host, port, local, localPort));
        }
    }
}
