package org.tcpkit.cli;

/** Entry point of {@code server.jar}. */
public final class ServerMain {
    private ServerMain() {
    }

    /** Runs the server command and exits with its code. */
    public static void main(String[] args) {
        Cli.run(new ServerCommand(), args);
    }
}
