package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TestKeys;
import org.tcpkit.testing.Wire;

/** With --tls both doors speak TLS: an IRC client over TLS (6697's way) chats with a line member over TLS. */
@Timeout(30)
class IrcTlsTest {
    @TempDir
    Path dir;

    @Test
    void anIrcClientOverTlsTalksWithALineClientOverTls() throws Exception {
        TestKeys keys = TestKeys.make(dir);
        try (IrcFixture chat = new IrcFixture(ChatLimits.DEFAULT, IrcFixture.settings(), null, null, keys.server());
             var lineSocket = keys.connect(chat.line.port());
             IrcClient alice = new IrcClient(keys.connect(chat.irc.port()))) {
            lineSocket.setSoTimeout(Wire.TIMEOUT_MILLIS);
            BufferedReader bob = new BufferedReader(new InputStreamReader(lineSocket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertTrue(bob.readLine().startsWith("ask: "));
            lineSocket.getOutputStream().write("bob\n".getBytes(StandardCharsets.UTF_8));
            lineSocket.getOutputStream().flush();
            assertTrue(bob.readLine().startsWith("ok: Welcome to the chat, bob!"));
            alice.register("alice");
            alice.expect(" 366 alice #lobby ");
            assertEquals("* alice joined", bob.readLine());
            alice.send("PRIVMSG #lobby :hello over TLS");
            assertEquals("<alice> hello over TLS", bob.readLine());
        }
    }
}
