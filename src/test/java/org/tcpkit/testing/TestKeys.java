package org.tcpkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.tcpkit.net.ServerTls;
import org.tcpkit.net.Tls;

/** A key store and its certificate for localhost, made with the JDK's keytool as the README says. */
public record TestKeys(Path keystore, Path certificate) {
    public static final String PASSWORD = "changeit";

    /** The keys this test JVM made, copied for each test that asks. */
    private static TestKeys made;

    /**
     * Puts {@code server.p12} and {@code server.pem} in {@code dir}: made once per test JVM with keytool (a
     * second each), copied after that.
     */
    public static synchronized TestKeys make(Path dir) throws Exception {
        if (made == null) {
            Path own = java.nio.file.Files.createTempDirectory("tcpkit-keys");
            own.toFile().deleteOnExit();
            made = makeWithKeytool(own);
            made.keystore().toFile().deleteOnExit();
            made.certificate().toFile().deleteOnExit();
        }
        Path keystore = java.nio.file.Files.copy(made.keystore(), dir.resolve("server.p12"));
        Path certificate = java.nio.file.Files.copy(made.certificate(), dir.resolve("server.pem"));
        return new TestKeys(keystore, certificate);
    }

    private static TestKeys makeWithKeytool(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "tcpkit", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "tcpkit", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        return new TestKeys(keystore, certificate);
    }

    /**
     * The certificate's public key as Chromium's {@code --ignore-certificate-errors-spki-list} names it: the
     * SHA-256 of its SubjectPublicKeyInfo, in Base64. A browser given it trusts this key and no other.
     */
    public String spkiPin() throws Exception {
        java.security.cert.Certificate cert;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(certificate)) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        return java.util.Base64.getEncoder().encodeToString(digest);
    }

    /** The server side of TLS with this key. */
    public ServerTls server() throws Exception {
        return Tls.server(keystore, PASSWORD.toCharArray());
    }

    /** A TLS client socket to a loopback port, trusting this certificate, handshake done, with timeouts. */
    public SSLSocket connect(int port, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) Tls.clientSockets(null, null, certificate).createSocket();
        socket.connect(new InetSocketAddress("localhost", port), Wire.TIMEOUT_MILLIS);
        socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return socket;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), output);
    }
}
