package org.tcpkit.cli;

/** Entry point of {@code client.jar}. */
public final class ClientMain {
    private ClientMain() {
    }

    /** Runs the client command and exits with its code. */
    public static void main(String[] args) {
        Cli.run(new ClientCommand(), args);
    }
}
