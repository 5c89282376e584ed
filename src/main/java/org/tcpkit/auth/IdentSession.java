package org.tcpkit.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.tcpkit.echo.EchoSession;
import org.tcpkit.net.Connection;
import org.tcpkit.net.ConnectionHandler;
import org.tcpkit.net.DisconnectReason;
import org.tcpkit.net.Preview;

/**
 * Identification mode: a client known by its IP address is greeted by name; an unknown one is asked for a
 * name, which is stored. Then the echo session. An address identifies, it does not authenticate.
 */
public final class IdentSession implements ConnectionHandler {
    private final OpenDialogues dialogues = new OpenDialogues();
    /** Invalid names tolerated before the server gives up on a client. */
    public static final int MAX_TRIES = 3;

    private final UserStore store;
    private final Duration answerTime;
    private final EchoSession echo;
    private final Logger log;

    public IdentSession(UserStore store, Duration answerTime, EchoSession echo, Logger log) {
        this.store = store;
        this.answerTime = answerTime;
        this.echo = echo;
        this.log = log;
    }

    @Override
    public byte[] refusal(String why) {
        return ("bye: " + why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }


    /** Tells every client still in this mode's dialogue that the server is shutting down. */
    public void goodbye() {
        dialogues.goodbye();
    }

    @Override
    public DisconnectReason serve(Connection connection) throws IOException {
        Dialogue dialogue = dialogues.opened(new Dialogue(connection, answerTime));
        InetAddress address = connection.socket().getInetAddress();
        try {
            Optional<String> known = store.nameFor(address);
            if (known.isPresent()) {
                log.info("identification: {} is known as {}", connection.peer(), Preview.ofText(known.get()));
                dialogue.say("ok", "Hello, " + known.get() + "! " + Greetings.ECHO_BEGINS);
            } else {
                log.info("identification: {} is unknown, asking for a name", connection.peer());
                dialogue.say("info", "This server does not know " + address.getHostAddress() + " yet.");
                String name = askName(dialogue, connection);
                if (name == null) {
                    return DisconnectReason.CLOSED;
                }
                if (name.isEmpty()) {
                    dialogue.say("bye", "No valid name after " + MAX_TRIES + " tries; goodbye.");
                    return DisconnectReason.PROTOCOL;
                }
                try {
                    store.rememberAddress(address, name);
                    log.info("name registered: {} is {}", address.getHostAddress(), Preview.ofText(name));
                } catch (StoreException e) {
                    log.error("name for {} not saved: {}", address.getHostAddress(), e.getMessage());
                    dialogue.say("error", "Your name could not be saved; you will be asked again next time.");
                }
                dialogue.say("ok", "Nice to meet you, " + name + "! " + Greetings.ECHO_BEGINS);
            }
        } catch (Dialogue.TimeoutException e) {
            log.info("prompt timeout: {} did not answer within {}", connection.peer(), dialogue.answerTimeText());
            dialogue.timedOut();
            return DisconnectReason.TIMEOUT;
        } finally {
            dialogues.closed(dialogue);
        }
        return echo.serve(connection, dialogue.remainingInput());
    }

    /** The chosen name; "" after too many invalid ones; null if the client left. */
    private String askName(Dialogue dialogue, Connection connection) throws IOException {
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Dialogue.Answer answer = dialogue.ask("ask", "What is your name? (1-" + Names.MAX_LENGTH + " characters)");
            if (answer == null) {
                return null;
            }
            String name = answer.problem() == null ? Names.normalize(answer.text()) : null;
            String problem = answer.problem() != null ? answer.problem() : Names.problem(name);
            if (problem == null) {
                return name;
            }
            log.info("identification: {} gave an invalid name: {}", connection.peer(), problem);
            dialogue.say("error", Greetings.sentence(problem) + (attempt < MAX_TRIES ? " Try again." : ""));
        }
        return "";
    }
}
