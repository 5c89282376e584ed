package org.tcpkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.testing.Chromium;
import org.tcpkit.testing.Jars;
import org.tcpkit.testing.TagClient;
import org.tcpkit.testing.TestKeys;

/**
 * The chat's web page in a real headless Chromium, against the built server.jar: two browser users and a netcat
 * member in one room, both ways; a late browser joiner sees the recent lines; received text is never HTML; with
 * {@code --tls} and accounts, the page over HTTPS and its socket over WSS; the page's console shows no error.
 * Skipped, with the reason, where Chromium is missing.
 */
@Timeout(120)
class BrowserIT {
    @TempDir
    Path dir;

    /** The lines the page shows, one a row. */
    private static final String LINES = "[...document.querySelectorAll('#lines li')].map(li => li.textContent)"
            + ".join('\\n')";

    private static void login(Chromium.Tab tab, String nick) throws Exception {
        tab.await("the login form", "document.getElementById('nick')");
        tab.eval("document.getElementById('nick').value = '" + nick + "';"
                + "document.getElementById('login').requestSubmit(); true");
        tab.await(nick + " in the chat", "!document.getElementById('chat').hidden"
                + " && document.getElementById('view-name').textContent === '#lobby'");
    }

    private static void say(Chromium.Tab tab, String text) throws Exception {
        tab.eval("document.getElementById('text').value = " + quoted(text) + ";"
                + "document.getElementById('say').requestSubmit(); true");
    }

    private static void sees(Chromium.Tab tab, String text) throws Exception {
        tab.await("a line with " + text, LINES + ".includes(" + quoted(text) + ")");
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void withAccountsOverTlsThePageIsHttpsItsSocketWssAndAWrongPasswordIsSaid() throws Exception {
        Path chromium = Chromium.binary();
        assumeTrue(chromium != null, "chromium is not installed (Debian package chromium, which .ci/run installs "
                + "when it can)");
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "user.carol=" + new org.tcpkit.auth.PasswordHasher(1000, 2)
                .hash("correct horse 42".toCharArray()) + "\n");
        TestKeys keys = TestKeys.make(dir);
        // The browser trusts this server's key, as a student's would once told to; the page is then HTTPS, and a
        // page over HTTPS may open only a WSS socket.
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                "127.0.0.1", "--port", "0", "--web-port", "0", "--auth", "--users", users.toString(), "--tls",
                "--keystore", keys.keystore().toString(), "--keystore-password", TestKeys.PASSWORD));
             Chromium browser = Chromium.start(chromium, dir.resolve("profile"),
                     "--ignore-certificate-errors-spki-list=" + keys.spkiPin())) {
            String open = server.nextLine();
            assertEquals("Open https://127.0.0.1:" + server.webPort() + "/ in a browser", open,
                    "the console says where to open the page");
            Chromium.Tab tab = browser.open(open.split(" ")[1]);
            assertEquals("https:", tab.eval("location.protocol"));
            tab.await("the password field", "!document.getElementById('password-row').hidden");
            tab.eval("document.getElementById('nick').value = 'carol';"
                    + "document.getElementById('password').value = 'wrong-password';"
                    + "document.getElementById('login').requestSubmit(); true");
            tab.await("the refusal", "document.getElementById('login-error').textContent.length > 0");
            assertEquals("Wrong account or password.", tab.eval("document.getElementById('login-error').textContent"));
            // Passwords may hold spaces: the page sends them whole.
            tab.eval("document.getElementById('password').value = 'correct horse 42';"
                    + "document.getElementById('login').requestSubmit(); true");
            tab.await("carol in the chat", "!document.getElementById('chat').hidden"
                    + " && document.getElementById('view-name').textContent === '#lobby'");

            // A newcomer makes its account on the page.
            Chromium.Tab dora = browser.open(open.split(" ")[1]);
            dora.await("the password field", "!document.getElementById('password-row').hidden");
            dora.eval("document.getElementById('create').click();"
                    + "document.getElementById('nick').value = 'dora';"
                    + "document.getElementById('password').value = 'Correct-Horse-43';"
                    + "document.getElementById('repeat').value = 'Correct-Horse-44';"
                    + "document.getElementById('login').requestSubmit(); true");
            assertEquals("The two passwords differ.", dora.eval("document.getElementById('login-error').textContent"));
            dora.eval("document.getElementById('password').value = 'short';"
                    + "document.getElementById('repeat').value = 'short';"
                    + "document.getElementById('login').requestSubmit(); true");
            dora.await("the refusal", "document.getElementById('login-error').textContent.length > 0");
            assertEquals("A password needs at least 8 characters.",
                    dora.eval("document.getElementById('login-error').textContent"), "the server's reason, in one line");
            dora.eval("document.getElementById('password').value = 'correct horse 43';"
                    + "document.getElementById('repeat').value = 'correct horse 43';"
                    + "document.getElementById('login').requestSubmit(); true");
            dora.await("dora in the chat", "!document.getElementById('chat').hidden"
                    + " && document.getElementById('view-name').textContent === '#lobby'");
            sees(tab, "dora joined");
            assertTrue(Files.readString(users).contains("user.dora=pbkdf2-sha256$600000$"),
                    "the account is in the user file, hashed at full cost");
            assertTrue(org.tcpkit.auth.PasswordHasher.standard().verify("correct horse 43".toCharArray(),
                    org.tcpkit.auth.UserStore.open(users).account("dora").orElseThrow().hash()),
                    "with the whole password given");
            assertEquals(List.of(), browser.errors(), "the pages' consoles show no error");
        }
    }

    @Test
    void twoBrowserUsersAndANetcatMemberTalkAndALateJoinerSeesTheRecentLines() throws Exception {
        Path chromium = Chromium.binary();
        assumeTrue(chromium != null, "chromium is not installed (Debian package chromium, which .ci/run installs "
                + "when it can)");
        try (Jars.Server server = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                "127.0.0.1", "--port", "0", "--web-port", "0"));
             Chromium browser = Chromium.start(chromium, dir.resolve("profile"));
             TagClient nc = TagClient.connect(server.port())) {
            nc.expect("ask");
            nc.send("nc");
            nc.expect("ok");
            String page = "http://127.0.0.1:" + server.webPort() + "/";
            Chromium.Tab amy = browser.open(page);
            login(amy, "amy");
            assertEquals("* amy joined", nc.line(), "the browser user is in the netcat member's room");
            Chromium.Tab ben = browser.open(page);
            login(ben, "ben");
            assertEquals("* ben joined", nc.line());

            say(amy, "hello from amy");
            sees(ben, "<amy>hello from amy");
            assertEquals("<amy> hello from amy", nc.line());
            nc.send("hi from netcat");
            assertEquals("<nc (you)> hi from netcat", nc.line());
            sees(amy, "<nc>hi from netcat");
            sees(ben, "<nc>hi from netcat");
            say(ben, "/me waves");
            assertEquals("* ben waves", nc.line());
            sees(amy, "* ben waves");
            nc.send("<img src=x onerror=alert(1)><b>bold</b>");
            nc.line();
            sees(amy, "<img src=x onerror=alert(1)><b>bold</b>");
            assertEquals("0", amy.eval("String(document.querySelectorAll('#lines img, #lines b').length)"),
                    "received text is shown as text, never made HTML");
            say(amy, "/msg nc psst");
            assertEquals("*amy* psst", nc.line(), "a private message from the page");
            amy.await("the conversation with nc", "document.getElementById('view-name').textContent === 'nc'");
            amy.eval("[...document.querySelectorAll('#room-list li')].find(li => li.textContent === '#lobby')"
                    + ".click(); true");

            Chromium.Tab cat = browser.open(page);
            login(cat, "cat");
            sees(cat, "<amy>hello from amy");
            sees(cat, "<nc>hi from netcat");
            assertTrue(cat.eval(LINES).indexOf("hello from amy") < cat.eval(LINES).indexOf("hi from netcat"),
                    "the recent lines in the order they were said");
            say(cat, "late but here");
            assertEquals("* cat joined", nc.line());
            assertEquals("<cat> late but here", nc.line());
            sees(amy, "<cat>late but here");

            Files.write(dir.resolve("web-page.png"), amy.screenshot(900, 560));
            String shot = System.getenv("TCPKIT_SCREENSHOT");
            if (shot != null) {
                Files.copy(dir.resolve("web-page.png"), Path.of(shot),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] phone = amy.screenshot(390, 700);
            assertTrue(phone.length > 1000, "a phone-sized screenshot");
            assertEquals("false", amy.eval("String(document.documentElement.scrollWidth > window.innerWidth)"),
                    "on a phone-sized screen nothing runs off the side");
            String phoneShot = System.getenv("TCPKIT_SCREENSHOT_PHONE");
            if (phoneShot != null) {
                Files.write(Path.of(phoneShot), phone);
            }
            assertEquals(List.of(), browser.errors(), "the pages' consoles show no error");
        }
    }

    @Test
    void thePageComesBackWhenTheServerRestartsAndJoinsItsRoomsAgain() throws Exception {
        Path chromium = Chromium.binary();
        assumeTrue(chromium != null, "chromium is not installed (Debian package chromium, which .ci/run installs "
                + "when it can)");
        try (Chromium browser = Chromium.start(chromium, dir.resolve("profile"))) {
            Chromium.Tab amy;
            int port;
            int webPort;
            try (Jars.Server first = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                    "127.0.0.1", "--port", "0", "--web-port", "0"))) {
                port = first.port();
                webPort = first.webPort();
                amy = browser.open("http://127.0.0.1:" + webPort + "/");
                login(amy, "amy");
                say(amy, "/join #lab");
                amy.await("#lab", "document.getElementById('view-name').textContent === '#lab'");
                assertEquals(143, first.terminate());
            }
            sees(amy, "The server is shutting down; goodbye.");
            sees(amy, "Disconnected from the chat; trying again in 1 s.");
            // The same ports again, as an operator restarting it would have them.
            try (Jars.Server second = Jars.Server.start(dir, Jars.command(List.of(), "server.jar", "chat", "--host",
                    "127.0.0.1", "--port", "" + port, "--web-port", "" + webPort, "--port-tries", "1"));
                 TagClient nc = TagClient.connect(second.port())) {
                nc.expect("ask");
                nc.send("nc");
                nc.expect("ok");
                nc.send("/join #lab");
                assertTrue(nc.line().startsWith("* You are in #lab now."));
                assertEquals("* amy joined", nc.line(), "amy is back, in the room she was in");
                sees(amy, "Back in the chat.");
                amy.await("#lab again", "document.getElementById('view-name').textContent === '#lab'"
                        + " && [...document.querySelectorAll('#room-list li')].map(li => li.textContent).join()"
                        + " === '#lobby,#lab'");
                say(amy, "back again");
                assertEquals("<amy> back again", nc.line());
                say(amy, "/part see you");
                assertEquals("* amy left the room (see you)", nc.line());
                amy.await("#lab gone from her rooms", "[...document.querySelectorAll('#room-list li')]"
                        + ".map(li => li.textContent).join() === '#lobby'"
                        + " && document.getElementById('view-name').textContent === '#lobby'");
                nc.send("/join #lobby");
                assertTrue(nc.line().startsWith("* You are in #lobby now."));
                say(amy, "/quit");
                assertTrue(nc.line().startsWith("* amy left"), "a quit is not followed by a return");
                sees(amy, "Reload the page to come back.");
            }
            for (String error : browser.errors()) {
                assertTrue(error.contains("WebSocket connection to") && error.contains("failed"),
                        "no error but the tries while the server was down: " + error);
            }
        }
    }
}
