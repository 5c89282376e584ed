package org.tcpkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TestKeys;

/**
 * server.jar --tls as a TLS scanner sees it: testssl.sh finds no weakness. A class of its own, in this package,
 * as the longest test: the test classes run side by side in reverse alphabetical order (pom.xml), so it starts
 * first rather than last.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsScanIT {
    @TempDir
    Path dir;

    @Test
    void testsslFindsNothingVulnerableAndNoObsoleteSuite() throws Exception {
        Path testssl = Arrays.stream(new String[] {"/usr/bin/testssl", "/usr/bin/testssl.sh",
                "/usr/local/bin/testssl.sh"}).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(testssl != null, "testssl.sh is not installed (Debian package testssl.sh)");
        TestKeys keys = TestKeys.make(dir);
        try (Jars.Server server = Jars.server(dir, "--host", "127.0.0.1", "--port", "0", "--tls", "--keystore",
                keys.keystore().toString(), "--keystore-password", TestKeys.PASSWORD, "--log-level", "warn")) {
            Process scan = new ProcessBuilder(testssl.toString(), "--quiet", "--color", "0", "--warnings", "off",
                    "--ip", "one", "-p", "-s", "-R", "-U", "127.0.0.1:" + server.port())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String report = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(scan.waitFor(150, TimeUnit.SECONDS), "testssl.sh did not finish");
            assertTrue(report.contains("TLS 1.3    offered"), report);
            assertTrue(report.lines().noneMatch(line -> line.contains("VULNERABLE")), report);
            assertTrue(report.lines().noneMatch(line -> line.matches(".*(CBC|NULL|Export|LOW|Triple DES|SSLv|TLS 1 "
                    + "|TLS 1.1).*\\boffered\\b.*") && !line.contains("not offered")), report);
            assertTrue(report.contains("Secure Client-Initiated Renegotiation     not vulnerable"), report);
            assertEquals(143, server.terminate());
        }
    }
}
