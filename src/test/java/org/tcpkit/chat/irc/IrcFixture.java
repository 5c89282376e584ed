package org.tcpkit.chat.irc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.ChatLimits;
import org.tcpkit.chat.line.LineSession;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import org.tcpkit.testing.IrcClient;
import org.tcpkit.testing.TagClient;

/** A chat with both doors on loopback ports, and the clients a test connects to it, all closed together. */
final class IrcFixture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("test.Irc");

    final Chat chat;
    final TcpServer line;
    final TcpServer irc;
    private final List<AutoCloseable> clients = new ArrayList<>();

    IrcFixture() throws IOException {
        this(ChatLimits.DEFAULT, settings(), null);
    }

    /** Settings for tests: 10 s to register, PING after 60 s, no flood limit in the way, clients in #lobby. */
    static IrcSession.Settings settings() {
        return new IrcSession.Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), 100_000, 100_000, true, "tcpkit");
    }

    IrcFixture(ChatLimits limits, IrcSession.Settings settings, AuthSession login) throws IOException {
        this(limits, settings, login, null);
    }

    IrcFixture(ChatLimits limits, IrcSession.Settings settings, AuthSession login, Operators operators)
            throws IOException {
        this(limits, settings, login, operators, null);
    }

    /** @param tls the TLS both doors speak, or null for plain TCP */
    IrcFixture(ChatLimits limits, IrcSession.Settings settings, AuthSession login, Operators operators,
               org.tcpkit.net.ServerTls tls) throws IOException {
        this(limits, settings, login, operators, tls, null);
    }

    /** A chat whose events are ordered by {@code events} (shared with others, say). */
    IrcFixture(org.tcpkit.chat.ChatLog events) throws IOException {
        this(ChatLimits.DEFAULT, settings(), null, null, null, events);
    }

    /** @param events the log behind the chat, or null for one in this process */
    IrcFixture(ChatLimits limits, IrcSession.Settings settings, AuthSession login, Operators operators,
               org.tcpkit.net.ServerTls tls, org.tcpkit.chat.ChatLog events) throws IOException {
        this(limits, settings, login, login, operators, tls, events);
    }

    /** A chat without --auth whose IRC clients may log in to {@code accounts} with SASL, keeping their nicknames. */
    static IrcFixture withOptionalAccounts(AuthSession accounts) throws IOException {
        return new IrcFixture(ChatLimits.DEFAULT, settings(), null, accounts, null, null, null);
    }

    private IrcFixture(ChatLimits limits, IrcSession.Settings settings, AuthSession login, AuthSession accounts,
                       Operators operators, org.tcpkit.net.ServerTls tls, org.tcpkit.chat.ChatLog events)
            throws IOException {
        chat = events == null ? new Chat(LOG, limits) : new Chat(LOG, limits, events);
        ListenConfig config = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withLimits(1000, 0);
        var writers = Threads.forConnections(ThreadMode.AUTO, "test-writer-");
        LineSession lines = new LineSession(chat, Duration.ofSeconds(10), login, writers, settings.floodRate(),
                settings.floodBurst(), LOG);
        IrcSession ircs = new IrcSession(chat, settings, login, accounts, operators, writers, LOG);
        line = new TcpServer("chat", config, tls, lines, LOG);
        irc = new TcpServer("irc", config, tls, ircs, LOG);
        line.beforeClosingConnections(() -> {
            lines.goodbye();
            ircs.goodbye(1_000);
            chat.shutDown(2_000);
        });
        line.start();
        irc.start();
    }

    /** An IRC connection, not registered. */
    IrcClient connect() throws IOException {
        IrcClient client = IrcClient.connect(irc.port());
        clients.add(client);
        return client;
    }

    /** An IRC client registered as {@code nick}, past its welcome and its join of #lobby. */
    IrcClient irc(String nick) throws IOException {
        IrcClient client = connect().register(nick);
        client.expect(" 366 " + nick + " #lobby ");
        return client;
    }

    /**
     * An IRC client that asked for {@code caps} (all granted) before registering as {@code nick}, past its
     * welcome and its join of #lobby.
     */
    IrcClient withCaps(String nick, String caps) throws IOException {
        IrcClient client = connect();
        client.send("CAP LS 302");
        client.expect("CAP \\* LS");
        client.send("CAP REQ :" + caps);
        org.junit.jupiter.api.Assertions.assertEquals(":tcpkit CAP * ACK :" + caps, client.expect("CAP \\* (ACK|NAK)"));
        client.send("CAP END");
        client.register(nick);
        client.expect(" 366 " + nick + " #lobby ");
        return client;
    }

    /** A line-protocol client that joined as {@code nick} and read its welcome. */
    TagClient line(String nick) throws IOException {
        TagClient client = TagClient.connect(line.port());
        clients.add(client);
        client.expect("ask");
        client.send(nick);
        assertTrue(client.expect("ok").startsWith("Welcome to the chat, " + nick + "!"));
        return client;
    }

    /** Stops both doors as a shutdown does, clients still connected. */
    void stopServers() {
        line.stop();
        irc.stop();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        line.stop();
        irc.stop();
    }
}
