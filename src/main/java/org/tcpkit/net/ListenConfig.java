package org.tcpkit.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a server listens, as validated by the command line.
 *
 * @param bindAddress    the local address to bind, or null for every interface
 * @param port           the first port to try; 0 means any free port
 * @param portTries      how many consecutive ports to try, counting {@code port}, when a port is busy
 * @param backlog        the accept queue length asked of the kernel (which caps it at {@code somaxconn})
 * @param maxConnections connections served at once; more are accepted and closed at once
 * @param idleTimeout    how long a connection may go without receiving, or stay blocked sending, before it
 *                       is closed; {@link Duration#ZERO} for never
 * @param threads        the kind of thread per connection
 * @param maxPerAddress  connections served at once from one client address; 0 for no limit
 * @param handshakeTimeout how long a TLS client has to finish its handshake
 */
public record ListenConfig(InetAddress bindAddress, int port, int portTries, int backlog, int maxConnections,
                           Duration idleTimeout, ThreadMode threads, int maxPerAddress, Duration handshakeTimeout) {
    /** The port people are told to use when they give none. */
    public static final int DEFAULT_PORT = 7777;
    /** Ports tried in all when the first is busy: the given one and up to 19 after it. */
    public static final int DEFAULT_PORT_TRIES = 20;
    /** Accept queue asked for; Linux caps it at net.core.somaxconn (4096 by default). */
    public static final int DEFAULT_BACKLOG = 8192;
    /** Connections served at once by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    /** Default idle timeout, in seconds. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
    /** Connections from one address served at once by default: room for a load test, not for the whole server. */
    public static final int DEFAULT_MAX_PER_ADDRESS = 256;
    /** Default TLS handshake timeout, in seconds. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    public ListenConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    /** A configuration with the default per-address limit and handshake timeout. */
    public ListenConfig(InetAddress bindAddress, int port, int portTries, int backlog, int maxConnections,
                        Duration idleTimeout, ThreadMode threads) {
        this(bindAddress, port, portTries, backlog, maxConnections, idleTimeout, threads, DEFAULT_MAX_PER_ADDRESS,
                Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS));
    }

    /** Loopback-free defaults on the given port, for tests and embedding. */
    public static ListenConfig onPort(int port) {
        return new ListenConfig(null, port, DEFAULT_PORT_TRIES, DEFAULT_BACKLOG, DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), ThreadMode.AUTO);
    }

    /** This configuration with another idle timeout. */
    public ListenConfig withIdleTimeout(Duration timeout) {
        return new ListenConfig(bindAddress, port, portTries, backlog, maxConnections, timeout, threads,
                maxPerAddress, handshakeTimeout);
    }

    /** This configuration on another port. */
    public ListenConfig withPort(int otherPort) {
        return new ListenConfig(bindAddress, otherPort, portTries, backlog, maxConnections, idleTimeout, threads,
                maxPerAddress, handshakeTimeout);
    }

    /** This configuration with another bind address. */
    public ListenConfig withBindAddress(InetAddress address) {
        return new ListenConfig(address, port, portTries, backlog, maxConnections, idleTimeout, threads,
                maxPerAddress, handshakeTimeout);
    }

    /** This configuration with other connection limits, in all and per address (0: none). */
    public ListenConfig withLimits(int total, int perAddress) {
        return new ListenConfig(bindAddress, port, portTries, backlog, total, idleTimeout, threads, perAddress,
                handshakeTimeout);
    }

    /** This configuration with another TLS handshake timeout. */
    public ListenConfig withHandshakeTimeout(Duration timeout) {
        return new ListenConfig(bindAddress, port, portTries, backlog, maxConnections, idleTimeout, threads,
                maxPerAddress, timeout);
    }
}
