package org.tcpkit.chat;

import org.tcpkit.chat.line.LineSession;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.net.ListenConfig;
import org.tcpkit.net.TcpServer;
import org.tcpkit.net.ThreadMode;
import org.tcpkit.net.Threads;
import org.tcpkit.testing.TagClient;

/** A chat server on a loopback port, and the raw clients a test connects to it, all closed together. */
final class ChatFixture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("test.Chat");

    final Chat room;
    final TcpServer server;
    private final List<TagClient> clients = new ArrayList<>();

    /**
     * Starts a chat on {@code room} at any free loopback port, no limit per address.
     *
     * @param login null to pick nicknames, else the login dialogue
     */
    ChatFixture(Chat room, AuthSession login, int floodRate, int floodBurst) throws IOException {
        this.room = room;
        ListenConfig config = ListenConfig.onPort(0).withBindAddress(InetAddress.getLoopbackAddress())
                .withLimits(1000, 0);
        server = new TcpServer("chat", config, null, new LineSession(room, Duration.ofSeconds(10), login,
                Threads.forConnections(ThreadMode.AUTO, "test-writer-"), floodRate, floodBurst, LOG), LOG);
        server.beforeClosingConnections(() -> room.shutDown(2_000));
        server.start();
    }

    int port() {
        return server.port();
    }

    /** A raw client, closed with the fixture. */
    TagClient connect() throws IOException {
        return track(TagClient.connect(port()));
    }

    /** Closes {@code client} with the fixture. */
    TagClient track(TagClient client) {
        clients.add(client);
        return client;
    }

    /** Lets the test close {@code client} itself. */
    void forget(TagClient client) {
        clients.remove(client);
    }

    /** A client that has joined as {@code nick} and read its welcome. */
    TagClient join(String nick) throws IOException {
        TagClient client = connect();
        client.expect("ask");
        client.send(nick);
        assertTrue(client.expect("ok").startsWith("Welcome to the chat, " + nick + "!"));
        return client;
    }

    /** Clients that joined as {@code nicks}, in that order, each having read the joins of those after it. */
    List<TagClient> joinInOrder(String... nicks) throws IOException {
        List<TagClient> joined = new ArrayList<>();
        for (String nick : nicks) {
            TagClient client = join(nick);
            for (TagClient earlier : joined) {
                org.junit.jupiter.api.Assertions.assertEquals("* " + nick + " joined", earlier.line());
            }
            joined.add(client);
        }
        return joined;
    }

    @Override
    public void close() throws IOException {
        for (TagClient client : clients) {
            client.close();
        }
        server.stop();
    }
}
