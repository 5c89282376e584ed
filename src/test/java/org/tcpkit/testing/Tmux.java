package org.tcpkit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A terminal for whole-process tests: a detached tmux session, keys typed into it, its screen read back. */
public final class Tmux implements AutoCloseable {
    private final String session;

    private Tmux(String session) {
        this.session = session;
    }

    /** Whether tmux is installed. */
    public static boolean available() {
        try {
            return run("tmux", "-V").startsWith("tmux");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A new 160x40 session running an interactive bash without start-up files, in {@code dir}. */
    public static Tmux start(java.nio.file.Path dir) throws IOException, InterruptedException {
        String session = "tcpkit-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40", "-c", dir.toString(),
                "env PS1='$ ' bash --norc --noprofile -i");
        Tmux terminal = new Tmux(session);
        // Keys typed before the shell shows its prompt can reach it half-set-up, and be shown twice.
        terminal.await("^\\$");
        return terminal;
    }

    /** Types {@code text} literally, then Enter. */
    public void line(String text) throws IOException, InterruptedException {
        run("tmux", "send-keys", "-t", session, "-l", text);
        run("tmux", "send-keys", "-t", session, "Enter");
    }

    /** Sends tmux key names, such as {@code C-c} or {@code Up}. */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        command.addAll(List.of(keys));
        run(command.toArray(new String[0]));
    }

    /**
     * Pastes {@code text} as a terminal does: with the bracketed-paste markers around it when the program
     * running asked for them (tmux's {@code paste-buffer -p}).
     */
    public void paste(String text) throws IOException, InterruptedException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tcpkit-paste", ".txt");
        try {
            java.nio.file.Files.writeString(file, text, StandardCharsets.UTF_8);
            run("tmux", "load-buffer", "-b", session, file.toString());
            run("tmux", "paste-buffer", "-p", "-d", "-b", session, "-t", session);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** The visible screen, as text. */
    public String screen() throws IOException, InterruptedException {
        return run("tmux", "capture-pane", "-p", "-t", session);
    }

    /** Waits until the screen matches {@code regex} (anywhere, multi-line), or fails after 30 s. */
    public String await(String regex) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE | Pattern.DOTALL);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = screen();
        while (!pattern.matcher(screen).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminal never showed /" + regex + "/; it shows:\n" + screen);
            }
            Thread.sleep(50);
            screen = screen();
        }
        return screen;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("tmux", "kill-session", "-t", session);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tmux did not answer: " + String.join(" ", command));
        }
        return output;
    }
}
