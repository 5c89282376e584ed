package org.tcpkit.chat.client;

import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import org.tcpkit.chat.FloodGate;
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
        acceptPastedLines(reader);
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
                    List<String> lines = lines(reader.readLine("> "));
                    events.offer(lines);
                    if (lines.stream().anyMatch(ChatTerminal::quits)) {
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
            Paced paced = new Paced(client, reader);
            while (!quitting) {
                long wait = paced.nanosUntilNext();
                Object event = wait < 0 ? events.take() : events.poll(wait, TimeUnit.NANOSECONDS);
                if (event == SERVER_ENDED) {
                    break;
                }
                if (event == LEAVE) {
                    paced.dropWaiting();
                    paced.add(List.of("/quit"));
                } else if (event != null) {
                    @SuppressWarnings("unchecked")
                    List<String> typed = (List<String>) event;
                    paced.add(typed);
                }
                try {
                    quitting = paced.sendDue();
                } catch (IOException e) {
                    break;
                }
            }
            incoming.join(quitting ? closeWait : 1_000);
        } finally {
            if (!quitting) {
                settle(reader);
                // The prompt and what was half typed go, so the goodbye that follows starts a line of its own.
                terminal.puts(org.jline.utils.InfoCmp.Capability.carriage_return);
                terminal.puts(org.jline.utils.InfoCmp.Capability.clr_eol);
                terminal.flush();
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

    /**
     * Makes a paste that ends with a line break send itself: the line editor takes a bracketed paste (what
     * terminals send, each line of it included) into the line being edited and would wait for one more Enter;
     * a paste whose last line is complete is taken as typed and sent instead.
     */
    private static void acceptPastedLines(LineReader reader) {
        org.jline.reader.Widget paste = reader.getWidgets().get(LineReader.BEGIN_PASTE);
        reader.getWidgets().put(LineReader.BEGIN_PASTE, () -> {
            boolean done = paste.apply();
            String buffer = reader.getBuffer().toString();
            if (buffer.endsWith("\n")) {
                reader.getBuffer().backspace();
                reader.callWidget(LineReader.ACCEPT_LINE);
            }
            return done;
        });
    }

    /** The lines of what the line editor took: one typed line, or each line of a paste (empty ones left out). */
    static List<String> lines(String taken) {
        List<String> lines = new java.util.ArrayList<>();
        for (String line : taken.split("\n", -1)) {
            if (!line.isEmpty() || taken.indexOf('\n') < 0) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * Lines on their way to the server, sent at the server's default flood rate (a burst, then a few a
     * second) so that a long paste arrives whole rather than getting its sender disconnected; when lines have
     * to wait, the screen says how many.
     */
    private static final class Paced {
        private final EchoClient client;
        private final LineReader reader;
        /** The server's default gate, one line short of its burst: the line that joined the chat spent one. */
        private final FloodGate gate = new FloodGate(FloodGate.RATE, FloodGate.BURST - 1);
        private final java.util.ArrayDeque<String> waiting = new java.util.ArrayDeque<>();

        Paced(EchoClient client, LineReader reader) {
            this.client = client;
            this.reader = reader;
        }

        void add(List<String> lines) {
            waiting.addAll(lines);
            long now = Math.min(waiting.size(), (long) Math.floor(gate.available()));
            if (lines.size() > 1 && waiting.size() > now) {
                reader.printAbove("* " + (waiting.size() - now) + " of your lines wait their turn: they go out at "
                        + FloodGate.RATE + " a second, as the server takes them");
            }
        }

        /** Drops the lines still waiting (the user leaves); says so when there were any. */
        void dropWaiting() {
            if (!waiting.isEmpty()) {
                LOG.info("{} lines not sent: the user left", waiting.size());
                waiting.clear();
            }
        }

        /** Nanoseconds until the next waiting line may go; -1 when none waits. */
        long nanosUntilNext() {
            return waiting.isEmpty() ? -1 : gate.nanosUntilNext();
        }

        /** Sends the waiting lines whose turn has come; true once a line that quits was sent. */
        boolean sendDue() throws IOException {
            while (!waiting.isEmpty() && gate.nanosUntilNext() == 0) {
                String line = waiting.poll();
                gate.take();
                client.sendLine(line, false);
                if (quits(line)) {
                    return true;
                }
            }
            return false;
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
