package org.tcpkit.chat;

import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tcpkit.echo.EchoClient;

/**
 * The chat client on a terminal, with JLine's line editor: incoming lines are printed above the line being
 * typed, which stays as it is; a sent line is erased from the prompt, so it shows once, as the server
 * delivers it; arrow keys recall earlier lines; Tab completes nicknames; Ctrl+C and Ctrl+D leave. When the
 * server goes, the line being typed is abandoned at once and the terminal is given back as it was.
 */
public final class ChatTerminal {
    private static final Logger LOG = LoggerFactory.getLogger("org.tcpkit.chat.ChatClient");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern JOINED = Pattern.compile("^\\* (\\S+) joined$");
    private static final Pattern LEFT = Pattern.compile("^\\* (\\S+) left \\(.*\\)$");
    private static final Pattern RENAMED = Pattern.compile("^\\* (\\S+) is now known as (\\S+)$");
    private static final Pattern ONLINE = Pattern.compile("(?:Online|Here|In \\S+) \\(\\d+\\): ([^.]*)");
    private static final Pattern SPEAKER = Pattern.compile("^<([^ >]+)( \\(you\\))?> ");

    private static final Object SERVER_ENDED = new Object();
    /** The longest wait for typing to settle before the terminal is given back. */
    private static final long SETTLE_MILLIS = 300;
    private static final Object LEAVE = new Object();

    private ChatTerminal() {
    }

    /** Whether the line ends the session: {@code exit}, {@code /quit} or {@code /quit REASON}. */
    private static boolean quits(String line) {
        return line.equals("exit") || line.equals("/quit") || line.startsWith("/quit ");
    }

    /**
     * Opens the terminal for line editing.
     *
     * @throws IOException when no terminal with line editing can be had (the caller falls back to plain lines)
     */
    public static Terminal open() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new IOException("no terminal that supports line editing");
        }
        return terminal;
    }

    /**
     * Runs the session on {@code terminal} (closed at the end).
     *
     * @param welcome   the server's welcome line, whose list of who is in the lobby seeds nickname completion
     * @param closeWait how long to wait for the server to close after the user quits
     */
    public static ChatConsole.Outcome run(EchoClient client, Terminal terminal, String welcome, long closeWait)
            throws InterruptedException {
        Set<String> nicks = ConcurrentHashMap.newKeySet();
        learn(welcome, nicks);
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tcpkit chat")
                .completer((lineReader, line, candidates) -> nicks.forEach(nick -> candidates.add(new Candidate(nick))))
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        boolean[] shutdownSeen = {false};
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Thread incoming = new Thread(() -> {
            try {
                String line;
                while ((line = client.readLine()) != null) {
                    if (line.equals(ChatConsole.SHUTDOWN_NOTICE)) {
                        shutdownSeen[0] = true;
                    }
                    learn(line, nicks);
                    reader.printAbove("[" + LocalTime.now().format(STAMP) + "] " + line);
                }
            } catch (IOException e) {
                LOG.info("disconnected on error: {}", e.toString());
            }
            events.offer(SERVER_ENDED);
        }, "chat-reader");
        incoming.setDaemon(true);
        incoming.start();
        // The line editor reads the terminal with a read no interrupt can end, so it runs on a thread of its
        // own, and this thread waits for whichever comes first: a typed line or the end of the connection.
        Thread typing = new Thread(() -> {
            while (true) {
                try {
                    String line = reader.readLine("> ");
                    events.offer(line);
                    if (quits(line)) {
                        return;
                    }
                } catch (UserInterruptException | EndOfFileException e) {
                    events.offer(LEAVE);
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("the line editor stopped: {}", e.toString());
                    events.offer(LEAVE);
                    return;
                }
            }
        }, "chat-typing");
        typing.setDaemon(true);
        typing.start();

        boolean quitting = false;
        try {
            while (!quitting) {
                Object event = events.take();
                if (event == SERVER_ENDED) {
                    break;
                }
                String line = event == LEAVE ? "/quit" : (String) event;
                quitting = quits(line);
                try {
                    client.sendLine(line, false);
                } catch (IOException e) {
                    break;
                }
            }
            incoming.join(quitting ? closeWait : 1_000);
        } finally {
            if (!quitting) {
                settle(reader);
            }
            try {
                terminal.close();
            } catch (IOException e) {
                LOG.debug("closing the terminal failed: {}", e.toString());
            }
        }
        if (quitting) {
            LOG.info("disconnected by user");
            return ChatConsole.Outcome.QUIT;
        }
        if (shutdownSeen[0]) {
            LOG.info("disconnected by server: it shut down");
            return ChatConsole.Outcome.SERVER_SHUTDOWN;
        }
        LOG.warn("disconnected by server: the connection ended without a goodbye");
        return ChatConsole.Outcome.LOST;
    }

    /**
     * Lets the line editor take in what is still being typed when the server goes, until its line stops
     * changing (at most {@link #SETTLE_MILLIS}): keys left unread when the terminal is given back would
     * run in the shell.
     */
    private static void settle(LineReader reader) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = reader.getBuffer().length();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(40);
        }
    }

    /** Keeps the set of nicknames to complete up to date from what the server says. */
    private static void learn(String line, Set<String> nicks) {
        Matcher m;
        if ((m = JOINED.matcher(line)).find()) {
            nicks.add(m.group(1));
        } else if ((m = LEFT.matcher(line)).find()) {
            nicks.remove(m.group(1));
        } else if ((m = RENAMED.matcher(line)).find()) {
            nicks.remove(m.group(1));
            nicks.add(m.group(2));
        } else if ((m = SPEAKER.matcher(line)).find()) {
            nicks.add(m.group(1));
        }
        if ((m = ONLINE.matcher(line)).find()) {
            nicks.addAll(List.of(m.group(1).split(", ")));
        }
    }
}
