package org.tcpkit.chat.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.echo.EchoConsole;

/**
 * The chat client once joined: incoming lines are printed as they arrive, stamped with the local time, by a
 * reader thread, while the user's lines are sent as typed. Ends on {@code /quit} or {@code exit}, at the end
 * of input, or when the server closes the connection.
 */
public final class ChatConsole {
    /** The line the server sends everyone before it shuts down. */
    public static final String SHUTDOWN_NOTICE = "* server shutting down";
    private static final Logger LOG = LoggerFactory.getLogger("org.tcpkit.chat.ChatClient");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Object END_OF_INPUT = new Object();

    /** How the session ended. */
    public enum Outcome {
        /** The user quit, or input ended (the client said /quit), and the server closed. */
        QUIT,
        /** The server announced its shutdown and closed. */
        SERVER_SHUTDOWN,
        /** The connection ended without a goodbye. */
        LOST
    }

    private ChatConsole() {
    }

    /**
     * Runs the session.
     *
     * @param closeWait how long to wait for the server to close after the client quits
     */
    public static Outcome run(EchoClient client, EchoConsole.Lines lines, PrintWriter out, long closeWait)
            throws InterruptedException {
        boolean[] shutdownSeen = {false};
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = client.readLine()) != null) {
                    if (line.equals(SHUTDOWN_NOTICE)) {
                        shutdownSeen[0] = true;
                    }
                    synchronized (out) {
                        out.println("[" + LocalTime.now().format(STAMP) + "] " + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                LOG.info("disconnected on error: {}", e.toString());
            }
        }, "chat-reader");
        reader.setDaemon(true);
        reader.start();

        BlockingQueue<Object> typed = new LinkedBlockingQueue<>(1024);
        Thread input = new Thread(() -> pump(lines, typed), "chat-input");
        input.setDaemon(true);
        input.start();

        boolean quitting = false;
        while (reader.isAlive() && !quitting) {
            Object next = typed.poll(100, TimeUnit.MILLISECONDS);
            if (next == null) {
                continue;
            }
            String line = next == END_OF_INPUT ? "/quit" : (String) next;
            quitting = next == END_OF_INPUT || line.equals("exit") || line.equals("/quit")
                    || line.startsWith("/quit ");
            try {
                client.sendLine(line, false);
            } catch (IOException e) {
                break;
            }
        }
        reader.join(quitting ? closeWait : 0);
        if (quitting) {
            LOG.info("disconnected by user");
            return Outcome.QUIT;
        }
        reader.join(1_000);
        if (shutdownSeen[0]) {
            LOG.info("disconnected by server: it shut down");
            return Outcome.SERVER_SHUTDOWN;
        }
        LOG.warn("disconnected by server: the connection ended without a goodbye");
        return Outcome.LOST;
    }

    private static void pump(EchoConsole.Lines lines, BlockingQueue<Object> typed) {
        try {
            String line;
            while ((line = lines.next()) != null) {
                typed.put(line);
            }
        } catch (IOException e) {
            LOG.warn("cannot read standard input: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            typed.put(END_OF_INPUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
