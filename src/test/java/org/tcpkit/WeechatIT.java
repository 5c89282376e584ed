package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TagClient;

/**
 * A real IRC client, WeeChat (weechat-headless, driven through its FIFO and read through its logs), joins a
 * room of server.jar's chat through the IRC door and talks with a netcat-style member, without an error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WeechatIT {
    @TempDir
    Path dir;

    @Test
    void weechatJoinsTalksWithANetcatMemberAndQuitsWithoutAnErrorLine() throws Exception {
        Path weechat = onPath("weechat-headless");
        assumeTrue(weechat != null, "weechat-headless is not installed (Debian package weechat-headless, which "
                + ".ci/run installs when it can)");
        Path home = Files.createDirectories(dir.resolve("weechat"));
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                "127.0.0.1", "--port", "0", "--irc-port", "0"));
             TagClient nc = TagClient.connect(server.port())) {
            nc.expect("ask");
            nc.send("nc");
            nc.expect("ok");
            Process client = new ProcessBuilder(weechat.toString(), "--dir", home.toString(), "-P",
                    "irc,logger,fifo", "-r", String.join(";",
                            "/set logger.file.flush_delay 0", "/set logger.file.auto_log on",
                            "/set irc.server_default.anti_flood_prio_high 0",
                            "/set irc.server_default.anti_flood_prio_low 0",
                            "/server add t 127.0.0.1/" + server.ircPort() + " -notls -nicks=wee -username=wee "
                                    + "-realname=WeeChat",
                            "/connect t"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("weechat.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                assertEquals("* wee joined", nc.line(), "WeeChat lands in #lobby");
                nc.send("/join #lab3");
                assertEquals("* You are in #lab3 now. Here (1): nc", nc.line());
                Path fifo = fifo(home);
                command(fifo, "irc.server.t */join #lab3");
                assertEquals("* wee joined", nc.line());
                Path log = home.resolve("logs").resolve("irc.t.#lab3.weechatlog");
                awaitLine(log, "has joined #lab3");
                command(fifo, "irc.t.#lab3 *hello from WeeChat");
                assertEquals("<wee> hello from WeeChat", nc.line());
                command(fifo, "irc.t.#lab3 */me waves");
                assertEquals("* wee waves", nc.line());
                nc.send("hi wee, from netcat");
                assertEquals("<nc (you)> hi wee, from netcat", nc.line());
                nc.send("/me nods");
                assertEquals("* nc nods", nc.line());
                awaitLine(log, "nc\thi wee, from netcat");
                awaitLine(log, "nc nods");
                command(fifo, "irc.t.#lab3 */part bye now");
                assertEquals("* wee left the room (bye now)", nc.line());
                command(fifo, "irc.server.t */join #lab3");
                assertEquals("* wee joined", nc.line());
                command(fifo, "irc.server.t */quit see you");
                // WeeChat sends QUIT and exits at once; whether its QUIT beats its close is up to WeeChat, so
                // the reason is "quit: see you" or "connection lost". The QUIT mapping itself is tested in
                // IrcMixedTest.
                String left = nc.line();
                assertTrue(left.equals("* wee left (quit: see you)") || left.equals("* wee left (connection lost)"),
                        left);
                assertTrue(client.waitFor(20, TimeUnit.SECONDS), "WeeChat did not exit after /quit");
                try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
                    for (Path each : logs.toList()) {
                        for (String line : Files.readAllLines(each, StandardCharsets.UTF_8)) {
                            // The server answers QUIT with ERROR, as RFC 2812 says, and WeeChat marks every
                            // ERROR with =!=; that one is the goodbye, anything else is a fault.
                            boolean goodbye = line.endsWith("=!=\tClosing link: 127.0.0.1 (Quit: see you)");
                            assertTrue(goodbye || !line.contains("=!="), "WeeChat showed an error in "
                                    + each.getFileName() + ": " + line);
                        }
                    }
                }
            } catch (AssertionError | IOException e) {
                throw new AssertionError(e.getMessage() + "; WeeChat's output and logs:\n" + diagnostics(home), e);
            } finally {
                client.destroyForcibly();
            }
        }
    }

    @Test
    void weechatLogsInWithSaslPlainOverTlsAsksForTheCapabilitiesAndShowsNoError() throws Exception {
        Path weechat = onPath("weechat-headless");
        assumeTrue(weechat != null, "weechat-headless is not installed (Debian package weechat-headless, which "
                + ".ci/run installs when it can)");
        org.tcpkit.testing.TestKeys keys = org.tcpkit.testing.TestKeys.make(dir);
        Path users = dir.resolve("chat-users.properties");
        Files.writeString(users, "user.carol=" + new org.tcpkit.auth.PasswordHasher(1000, 2)
                .hash("Correct-Horse-42".toCharArray()) + "\n");
        Path home = Files.createDirectories(dir.resolve("weechat-sasl"));
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                "127.0.0.1", "--port", "0", "--irc-port", "0", "--tls", "--keystore", keys.keystore().toString(),
                "--keystore-password", org.tcpkit.testing.TestKeys.PASSWORD, "--auth", "--users", users.toString()))) {
            Process client = new ProcessBuilder(weechat.toString(), "--dir", home.toString(), "-P",
                    "irc,logger,fifo", "-r", String.join(";",
                            "/set logger.file.flush_delay 0", "/set logger.file.auto_log on",
                            // The test's certificate (localhost, 127.0.0.1) trusted, as a user trusts the server's.
                            "/set weechat.network.gnutls_ca_user " + keys.certificate(),
                            // WeeChat 3.x names TLS "ssl", 4.x "tls"; each ignores the other's option.
                            "/server add t 127.0.0.1/" + server.ircPort() + " -ssl -tls "
                                    + "-sasl_mechanism=plain -sasl_username=carol -sasl_password=Correct-Horse-42 "
                                    + "-sasl_fail=disconnect -nicks=carol -username=carol -realname=Carol",
                            "/connect t"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("weechat.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                Path log = home.resolve("logs").resolve("irc.server.t.weechatlog");
                awaitLine(log, "SASL authentication successful");
                awaitLine(log, "client capability, enabled:");
                String serverLog = Files.readString(log, StandardCharsets.UTF_8);
                for (String cap : List.of("server-time", "away-notify", "cap-notify", "multi-prefix", "sasl",
                        "extended-join", "account-notify", "invite-notify", "message-tags", "setname",
                        "userhost-in-names")) {
                    assertTrue(serverLog.matches("(?s).*capability, enabled:[^\n]*\\b" + cap + "\\b.*"),
                            "WeeChat enabled " + cap + ": " + serverLog);
                }
                // In once it is in #lobby, where everyone starts.
                awaitLine(home.resolve("logs").resolve("irc.t.#lobby.weechatlog"), "has joined #lobby");
                command(fifo(home), "irc.server.t */join #lab3");
                awaitLine(home.resolve("logs").resolve("irc.t.#lab3.weechatlog"), "carol");
                command(fifo(home), "irc.server.t */whois nobody");
                awaitLine(log, "nobody");
                command(fifo(home), "irc.server.t */quit");
                assertTrue(client.waitFor(20, TimeUnit.SECONDS), "WeeChat did not exit after /quit");
                try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
                    for (Path each : logs.toList()) {
                        for (String line : Files.readAllLines(each, StandardCharsets.UTF_8)) {
                            // The goodbye (ERROR after QUIT) and the answers to /whois nobody are expected.
                            boolean expected = line.contains("Closing link") || line.contains("nobody");
                            assertTrue(expected || !line.contains("=!="), "WeeChat showed an error in "
                                    + each.getFileName() + ": " + line);
                        }
                    }
                }
            } catch (AssertionError | IOException e) {
                throw new AssertionError(e.getMessage() + "; WeeChat's output and logs:\n" + diagnostics(home), e);
            } finally {
                client.destroyForcibly();
            }
        }
    }

    /** What WeeChat printed and logged, for a failure's message. */
    private String diagnostics(Path home) throws IOException {
        StringBuilder out = new StringBuilder(Files.readString(dir.resolve("weechat.out"), StandardCharsets.UTF_8));
        Path logs = home.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path each : files.toList()) {
                    out.append("\n--- ").append(each.getFileName()).append('\n')
                            .append(Files.readString(each, StandardCharsets.UTF_8));
                }
            }
        }
        return out.toString();
    }

    /** WeeChat's FIFO: made when its plugin loads, before it connects, so present once it has joined. */
    private static Path fifo(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().startsWith("weechat_fifo")).findFirst()
                    .orElseThrow(() -> new AssertionError("no WeeChat FIFO in " + home));
        }
    }

    private static void command(Path fifo, String line) throws IOException {
        Files.writeString(fifo, line + "\n", StandardCharsets.UTF_8);
    }

    /** Waits (at most 10 s) until WeeChat's log has a line containing {@code text}. */
    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("WeeChat's log never showed " + text + ": "
                + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "no log"));
    }

    private static Path onPath(String name) {
        for (String part : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(part, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
