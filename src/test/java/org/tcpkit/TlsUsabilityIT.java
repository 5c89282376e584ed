package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TestKeys;

/** Every TLS mistake a user can make gets one line that says what to do, never a JDK class name. */
@Timeout(120)
class TlsUsabilityIT {
    @TempDir
    static Path dir;
    private static TestKeys keys;

    @BeforeAll
    static void makeKeys() throws Exception {
        keys = TestKeys.make(dir);
    }

    private static Jars.Result server(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", "0"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        return Jars.run(dir, Jars.command(java.util.List.of(), "server.jar", all), "");
    }

    private static void oneLine(Jars.Result result, int code, String expected) {
        assertEquals(code, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertTrue(result.stderr().contains(expected), result.stderr());
        assertTrue(!result.stderr().matches("(?s).*(java\\.|javax\\.|sun\\.|Exception).*"), result.stderr());
    }

    @Test
    void aKeyStoreWithoutTlsIsAUsageError() throws Exception {
        oneLine(server("--keystore", keys.keystore().toString()), 2, "'--keystore' needs --tls");
    }

    @Test
    void aPemFileIsNotAKeyStore() throws Exception {
        Jars.Result result = server("--tls", "--keystore", keys.certificate().toString(), "--keystore-password",
                "changeit");
        oneLine(result, 1, "is not a PKCS#12 key store but a PEM file");
        assertTrue(!result.stderr().contains("toDerInputStream"), result.stderr());
    }

    @Test
    void aKeyStoreGivenAsTheClientsCertificateIsNamedForWhatItIs() throws Exception {
        Jars.Result result = Jars.client(dir, "", "--tls", "--trust-cert", keys.keystore().toString(), "--host",
                "127.0.0.1", "--port", "1", "--log-level", "off");
        oneLine(result, 1, "is a PKCS#12 key store; give the certificate exported from it");
        assertTrue(!result.stderr().contains("signed fields"), result.stderr());
    }

    @Test
    void aCertificateNotMadeOutToAnAddressSuggestsTheAddressForm() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.2", "--port", "0", "--tls", "--keystore",
                keys.keystore().toString(), "--keystore-password", TestKeys.PASSWORD, "--log-level", "off")) {
            Jars.Result result = Jars.client(dir, "hello\nexit\n", "--tls", "--trust-cert",
                    keys.certificate().toString(), "--host", "127.0.0.2", "--port", "" + server.port(),
                    "--log-level", "off");
            oneLine(result, 1, "make the key store with -ext SAN=ip:127.0.0.2");
        }
    }

    @Test
    void aMissingPasswordIsNotCalledWrong() throws Exception {
        oneLine(server("--tls", "--keystore", keys.keystore().toString()), 1,
                "needs its password: set TCPKIT_KEYSTORE_PASSWORD or give --keystore-password");
    }

    @Test
    void aWrongPasswordIsCalledWrong() throws Exception {
        oneLine(server("--tls", "--keystore", keys.keystore().toString(), "--keystore-password", "nope"), 1,
                "is wrong");
    }

    @Test
    void theClientNamesTheFlagThatTrustsTheServer() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--tls", "--keystore",
                keys.keystore().toString(), "--keystore-password", TestKeys.PASSWORD, "--log-level", "off")) {
            Jars.Result result = Jars.client(dir, "hello\nexit\n", "--tls", "--host", "localhost", "--port",
                    "" + server.port(), "--log-level", "off");
            oneLine(result, 1, "give the server's certificate with --trust-cert FILE");
            Jars.Result trusted = Jars.client(dir, "hello\nexit\n", "--tls", "--trust-cert",
                    keys.certificate().toString(), "--host", "localhost", "--port", "" + server.port(),
                    "--log-level", "off");
            assertEquals(0, trusted.exitCode(), trusted.stderr());
            assertEquals("hello\n", trusted.stdout());
        }
    }

    @Test
    void aTlsClientToAPlainServerIsToldToLeaveOutTls() throws Exception {
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--mode", "auth",
                "--log-level", "off")) {
            Jars.Result result = Jars.client(dir, "", "--tls", "--trust-cert", keys.certificate().toString(),
                    "--host", "localhost", "--port", "" + server.port(), "--log-level", "off");
            oneLine(result, 1, "the server does not speak TLS; leave out --tls");
        }
    }
}
