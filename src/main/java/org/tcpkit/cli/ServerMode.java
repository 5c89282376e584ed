package org.tcpkit.cli;

/** What the server does before the echo session. */
enum ServerMode {
    /** Echo from the first byte. */
    ECHO("echo", "Echo", "org.tcpkit.echo.EchoServer"),
    /** Greet known IP addresses by name, ask unknown ones for a name; then echo. */
    IDENT("ident", "Identification", "org.tcpkit.auth.IdentServer"),
    /** Log users in by name and password, or register them; then echo. */
    AUTH("auth", "Authentication", "org.tcpkit.auth.AuthServer");

    final String id;
    final String title;
    final String logger;

    ServerMode(String id, String title, String logger) {
        this.id = id;
        this.title = title;
        this.logger = logger;
    }
}
