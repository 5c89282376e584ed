package org.tcpkit.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.tcpkit.auth.DialogueConsole;
import org.tcpkit.echo.EchoClient;
import org.tcpkit.echo.EchoConsole;
import org.tcpkit.echo.ServerEnded;

/**
 * The user's lines and passwords, read on a thread of their own one at a time when asked, while the main
 * thread watches the server too: whichever comes first wins. So a server that closes, times out or shuts
 * down while the program waits for the user is reported at once ({@link ServerEnded}), and nothing typed
 * after that is ever sent as an answer.
 */
final class UserInput implements DialogueConsole.Answers, EchoConsole.Lines {
    private static final Object END_OF_INPUT = new Object();
    private static final Object SERVER_ENDED = new Object();

    private final LineInput lines;
    private final PrintWriter out;
    private final boolean terminal;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final SynchronousQueue<Request> requests = new SynchronousQueue<>();

    /** One read asked of the pump: a line or a password, after showing {@code prompt} (null: none). */
    private record Request(String prompt, boolean secret) {
    }

    UserInput(LineInput lines, PrintWriter out, boolean terminal, EchoClient client) {
        this.lines = lines;
        this.out = out;
        this.terminal = terminal;
        Thread pump = new Thread(this::pump, "user-input");
        pump.setDaemon(true);
        pump.start();
        client.onServerEnd(() -> events.offer(SERVER_ENDED));
    }

    @Override
    public String line(String prompt) throws IOException {
        Object answer = await(new Request(prompt, false));
        return answer == END_OF_INPUT ? null : (String) answer;
    }

    @Override
    public char[] secret(String prompt) throws IOException {
        Object answer = await(new Request(prompt, true));
        return answer == END_OF_INPUT ? null : (char[]) answer;
    }

    @Override
    public String next() throws IOException {
        return line(null);
    }

    private Object await(Request request) throws IOException {
        try {
            Object early = events.poll();
            if (early == SERVER_ENDED) {
                throw new ServerEnded();
            }
            if (early != null) {
                throw new IllegalStateException("an answer nobody asked for");
            }
            requests.put(request);
            Object answer = events.take();
            if (answer == SERVER_ENDED) {
                throw new ServerEnded();
            }
            if (answer instanceof IOException failure) {
                throw failure;
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private void pump() {
        try {
            while (true) {
                Request request = requests.take();
                Object answer;
                try {
                    answer = read(request);
                } catch (IOException e) {
                    answer = e;
                }
                events.put(answer == null ? END_OF_INPUT : answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object read(Request request) throws IOException {
        if (request.secret()) {
            Console console = terminal ? System.console() : null;
            if (console != null) {
                return console.readPassword("%s ", request.prompt());
            }
        }
        if (request.prompt() != null) {
            if (terminal) {
                out.print(request.prompt() + " ");
            } else {
                out.println(request.prompt());
            }
            out.flush();
        }
        String line = lines.readLine();
        return line == null ? null : request.secret() ? line.toCharArray() : line;
    }
}
