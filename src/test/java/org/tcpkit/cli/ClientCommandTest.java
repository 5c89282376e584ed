package org.tcpkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.echo.EchoServer;
import org.tcpkit.net.ListenConfig;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientCommandTest {
    @TempDir
    Path dir;

    private EchoServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        server = new EchoServer(ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress()),
                EchoServer.DEFAULT_CHUNK_SIZE);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private int run(String stdin, boolean interactive, String... args) {
        ClientCommand command = new ClientCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive);
        String[] all = new String[args.length + 2];
        all[0] = "--log-file";
        all[1] = dir.resolve("client.log").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.commandLine(command, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
    }

    private static long lines(String text) {
        return text.lines().count();
    }

    @Test
    void promptsForHostAndPortValidatesThemThenEchoes() {
        String typed = "no-such-host.invalid\n127.0.0.1\nabc\n99999\n" + server.port()
                + "\nhello\nПривет, мир\n\nexit\nnever sent\n";
        assertEquals(0, run(typed, true));
        assertEquals("hello\nПривет, мир\n\n", out.toString().replace("\r\n", "\n"));
        String shown = err.toString();
        assertTrue(shown.contains("Host [localhost]: "), shown);
        assertTrue(shown.contains("'no-such-host.invalid' does not resolve"), shown);
        assertTrue(shown.contains("Port [7777]: "), shown);
        assertTrue(shown.contains("'abc' is not a number"), shown);
        assertTrue(shown.contains("'99999' is outside the port range 1-65535"), shown);
    }

    @Test
    void helpIsWrappedAtSpacesOnlyAndNamesEveryExitCode() {
        assertEquals(0, run("", false, "--help"));
        String help = out.toString();
        assertTrue(help.contains("'client.jar chat' joins a chat server"), help);
        assertTrue(help.contains("e.g. the server's own"), help);
        assertTrue(help.contains("130/143"), help);
        for (String line : help.split("\\R")) {
            assertTrue(line.length() <= 80, "a help line of " + line.length() + ": " + line);
        }
    }

    @Test
    void endOfInputAtTheFirstPromptSaysSoAndConnectsNowhere() {
        assertEquals(1, run("", true));
        assertTrue(err.toString().contains("client: input ended at the Host prompt; not connecting"), err.toString());
        assertFalse(err.toString().contains("Port ["), "nothing more is asked: " + err);
    }

    @Test
    void aServerThatSaysItWaitsOnPurposeIsWaitedForAndTheWaitIsShown() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dialogue = new Thread(() -> {
                try (Socket socket = fake.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            StandardCharsets.UTF_8));
                    var talk = new PrintWriter(new java.io.OutputStreamWriter(socket.getOutputStream(),
                            StandardCharsets.UTF_8), true);
                    talk.print("info: tcpkit authentication server.\nask: Name?\n");
                    talk.flush();
                    in.readLine();
                    talk.print("secret: Password for bob?\n");
                    talk.flush();
                    in.readLine();
                    talk.print("wait: 3 s: too many wrong passwords for bob or from your address\n");
                    talk.flush();
                    // The server's deliberate delay, longer than the client's one-second timeout.
                    Thread.sleep(2_000);
                    talk.print("ok: Hello, bob!\n");
                    talk.flush();
                    for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
                        talk.print(line + "\n");
                        talk.flush();
                    }
                } catch (Exception e) {
                    // The test's assertions say what went wrong.
                }
            });
            dialogue.start();
            int code = run("bob\nCorrect-Horse-42\nhello\nexit\n", false, "--host", "127.0.0.1", "--port",
                    "" + fake.getLocalPort(), "--timeout", "1");
            dialogue.join(10_000);
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("Waiting 3 s: too many wrong passwords for bob"), out.toString());
            assertTrue(out.toString().contains("hello"), out.toString());
        }
    }

    @Test
    void endOfInputBeforeTheServersQuestionsAreAnsweredIsAFailure() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dialogue = new Thread(() -> {
                try (Socket socket = fake.accept()) {
                    socket.getOutputStream().write("info: tcpkit authentication server.\nask: Name?\n"
                            .getBytes(StandardCharsets.UTF_8));
                    socket.getInputStream().read();
                } catch (Exception e) {
                    // The client left, as the test wants.
                }
            });
            dialogue.start();
            assertEquals(1, run("", false, "--host", "127.0.0.1", "--port", "" + fake.getLocalPort()));
            dialogue.join(10_000);
            assertTrue(err.toString().contains("input ended before the server's questions were answered"),
                    err.toString());
        }
    }

    @Test
    void pipedInputIsNeverPromptedAndEndOfInputExitsZero() {
        assertEquals(0, run("one\ntwo\n", false, "--host", "127.0.0.1", "--port", "" + server.port()));
        assertEquals("one\ntwo\n", out.toString().replace("\r\n", "\n"));
        assertEquals("", err.toString());
    }

    @Test
    void aLineLongerThanManyPortionsComesBackWhole() {
        String line = "Ж".repeat(5000) + "x".repeat(3001);
        assertEquals(0, run(line + "\nexit\n", false, "-H", "127.0.0.1", "-p", "" + server.port()));
        assertEquals(line + "\n", out.toString().replace("\r\n", "\n"));
    }

    @Test
    void refusedConnectionIsOneLineNamingHostAndPortAndExitsOne() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        assertEquals(1, run("hi\n", false, "--host", "127.0.0.1", "--port", "" + closedPort));
        assertEquals(1, lines(err.toString()), err.toString());
        assertTrue(err.toString().startsWith("client: cannot connect to 127.0.0.1:" + closedPort), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void aChatServerThatGreetsOnlyAfterTheClientSpokeIsStillNamed() throws Exception {
        try (ServerSocket late = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                try (Socket accepted = late.accept()) {
                    accepted.setSoTimeout(10_000);
                    // A loaded chat server: its greeting goes out after the client's first line came in.
                    accepted.getInputStream().read();
                    accepted.getOutputStream().write("ask: Nickname?\n".getBytes(StandardCharsets.UTF_8));
                    accepted.getInputStream().read();
                } catch (Exception ignored) {
                    // The test's assertions are on the client side.
                }
            });
            greeter.start();
            assertEquals(1, run("hello\n", false, "--host", "127.0.0.1", "--port", "" + late.getLocalPort()));
            greeter.join(5_000);
        }
        assertEquals(1, lines(err.toString()), err.toString());
        assertTrue(err.toString().strip().endsWith(" is a chat server: use 'client.jar chat'"), err.toString());
    }

    @Test
    void serverGoingAwayMidSessionIsReportedAndExitsOne() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try (Socket accepted = rude.accept()) {
                    accepted.getInputStream().read();
                } catch (Exception ignored) {
                    // The test's assertions are on the client side.
                }
            });
            closer.start();
            assertEquals(1, run("hello\nagain\n", false, "--host", "127.0.0.1", "--port",
                    "" + rude.getLocalPort()));
            closer.join(5_000);
        }
        assertEquals(1, lines(err.toString()), err.toString());
        assertTrue(err.toString().contains("lost"), err.toString());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertEquals(1, run("hello\n", false, "--host", "127.0.0.1", "--port", "" + silent.getLocalPort(),
                    "--timeout", "1"));
        }
        assertTrue(err.toString().contains("no answer from 127.0.0.1:"), err.toString());
    }

    @Test
    void badValuesAreOneLineNamingOptionAndValueWithExitTwo() {
        assertEquals(2, run("", false, "--port", "0"));
        assertEquals(2, run("", false, "--port", "eighty"));
        assertEquals(2, run("", false, "--timeout", "-3"));
        assertEquals(2, run("", false, "--host", "no-such-host.invalid"));
        assertEquals(2, run("", false, "--frobnicate"));
        String[] messages = err.toString().split("\\R");
        assertEquals(5, messages.length, err.toString());
        assertTrue(messages[0].contains("'--port'") && messages[0].contains("'0'"), messages[0]);
        assertTrue(messages[1].contains("'--port'") && messages[1].contains("'eighty'"), messages[1]);
        assertTrue(messages[2].contains("'--timeout'") && messages[2].contains("'-3'"), messages[2]);
        assertTrue(messages[3].contains("'--host'") && messages[3].contains("no-such-host.invalid"), messages[3]);
        assertTrue(messages[4].contains("'--frobnicate'"), messages[4]);
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("", false, "--help"));
        assertTrue(out.toString().contains("--host"), out.toString());
        assertTrue(out.toString().contains("Exit codes"), out.toString());
        assertEquals(0, run("", false, "--version"));
        assertTrue(out.toString().contains("tcpkit "), out.toString());
    }
}
