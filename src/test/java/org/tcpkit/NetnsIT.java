package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;

/**
 * The lab's "connect from another machine": the server runs in one network namespace and the client in
 * another, joined by a veth pair, so the connection crosses a real (virtual) link between two hosts that do
 * not share a loopback. Needs root and iproute2; without them the test is reported as skipped, with why.
 * The addresses are from TEST-NET-1 (192.0.2.0/24, RFC 5737) and exist only inside the two namespaces.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetnsIT {
    private static final String SERVER_IP = "192.0.2.1";
    private static final String CLIENT_IP = "192.0.2.2";

    @TempDir
    Path dir;

    private final String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final String serverNs = "tcpkit-srv-" + suffix;
    private final String clientNs = "tcpkit-cli-" + suffix;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void makeTwoHosts() throws Exception {
        Jars.Result id = Jars.run(dir, List.of("id", "-u"), "");
        Assumptions.assumeTrue(id.exitCode() == 0 && id.stdout().trim().equals("0"),
                "needs root to create network namespaces (id -u says " + id.stdout().trim() + ")");
        Jars.Result probe;
        try {
            probe = ip("netns", "add", serverNs);
        } catch (java.io.IOException e) {
            Assumptions.abort("needs iproute2's 'ip' command: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(probe.exitCode() == 0,
                "cannot create a network namespace here: " + probe.stderr().trim());
        created.add(serverNs);
        must(ip("netns", "add", clientNs));
        created.add(clientNs);
        String serverIf = "tks" + suffix;
        String clientIf = "tkc" + suffix;
        must(ip("link", "add", serverIf, "type", "veth", "peer", "name", clientIf));
        must(ip("link", "set", serverIf, "netns", serverNs));
        must(ip("link", "set", clientIf, "netns", clientNs));
        must(ip("-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverIf));
        must(ip("-n", clientNs, "addr", "add", CLIENT_IP + "/24", "dev", clientIf));
        for (String[] pair : new String[][] {{serverNs, serverIf}, {clientNs, clientIf}}) {
            must(ip("-n", pair[0], "link", "set", pair[1], "up"));
            must(ip("-n", pair[0], "link", "set", "lo", "up"));
        }
    }

    @AfterEach
    void removeHosts() throws Exception {
        for (String ns : created) {
            ip("netns", "del", ns);
        }
    }

    @Test
    void clientOnAnotherHostReachesTheServerOnItsDefaultBindAddress() throws Exception {
        List<String> inServerNs = List.of("ip", "netns", "exec", serverNs);
        List<String> inClientNs = List.of("ip", "netns", "exec", clientNs);
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(inServerNs, "server.jar", "--port", "7777"))) {
            assertTrue(server.readiness().contains("listening on 0.0.0.0:7777"), server.readiness());

            Jars.Result remote = Jars.run(dir, Jars.command(inClientNs, "client.jar", "--host", SERVER_IP,
                    "--port", "7777"), "across the link\nexit\n");
            assertEquals(0, remote.exitCode(), remote.stderr());
            assertEquals("across the link\n", remote.stdout());

            // The client's own loopback has no server: the echo above really crossed between the hosts.
            Jars.Result local = Jars.run(dir, Jars.command(inClientNs, "client.jar", "--host", "127.0.0.1",
                    "--port", "7777"), "nobody here\n");
            assertNotEquals(0, local.exitCode());
            assertTrue(local.stderr().contains("cannot connect to 127.0.0.1:7777"), local.stderr());
            server.terminate();
        }
        String log = Files.readString(dir.resolve("logs/server.log"));
        assertTrue(log.contains("client connected: " + CLIENT_IP + ":"), log);
    }

    private Jars.Result ip(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return Jars.run(dir, command, "");
    }

    private static void must(Jars.Result result) {
        assertEquals(0, result.exitCode(), "ip failed: " + result.stderr());
    }
}
