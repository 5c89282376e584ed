package org.tcpkit.chat.redis;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the Redis that joins chat servers is and how this server uses it.
 *
 * @param host          Redis's host
 * @param port          its port
 * @param database      the database number (the URL's path), 0 by default
 * @param user          the ACL user, or null
 * @param password      the password, or null
 * @param tls           whether to speak TLS to it ({@code rediss://})
 * @param namespace     the prefix of every key and channel, so several chats can share one Redis
 * @param timeoutMillis how long a server may stay silent before the others count it gone and its names free
 * @param retryMillis   the longest wait between two attempts to relink
 * @param secret        the secret the servers sign their events with, or null to sign nothing
 * @param logEntries    the most entries the shared log keeps (roughly: Redis trims whole nodes)
 * @param retainMillis  how long the shared log keeps an entry, at most
 */
public record RedisSettings(String host, int port, int database, String user, String password, boolean tls,
                            String namespace, long timeoutMillis, long retryMillis, String secret, long logEntries,
                            long retainMillis) {
    /** Entries the shared log keeps by default. */
    public static final long LOG_ENTRIES = 100_000;
    /** The shortest time the shared log keeps an entry: what a server cut from Redis can catch up on. */
    public static final long MIN_RETAIN_MILLIS = java.time.Duration.ofHours(1).toMillis();
    /** How long it keeps them by default. */
    public static final long RETAIN_MILLIS = java.time.Duration.ofHours(24).toMillis();
    /** Redis's usual port. */
    public static final int PORT = 6379;
    /** The namespace when none is given. */
    public static final String NAMESPACE = "tcpkit";
    /** The environment variable the password is read from. */
    public static final String PASSWORD_VARIABLE = "TCPKIT_REDIS_PASSWORD";
    /** The environment variable the servers' shared secret is read from. */
    public static final String SECRET_VARIABLE = "TCPKIT_REDIS_SECRET";

    /**
     * These settings with events signed with {@code secret} (null or empty: none).
     *
     * @throws IllegalArgumentException with a sentence for the user when the secret is too short
     */
    public RedisSettings withSecret(String given) {
        if (given == null || given.isEmpty()) {
            return new RedisSettings(host, port, database, user, password, tls, namespace, timeoutMillis, retryMillis,
                    null, logEntries, retainMillis);
        }
        if (given.length() < Seal.MIN_SECRET) {
            throw new IllegalArgumentException("the secret in " + SECRET_VARIABLE + " has " + given.length()
                    + " characters; give at least " + Seal.MIN_SECRET + " (say, the output of openssl rand -hex 32)");
        }
        return new RedisSettings(host, port, database, user, password, tls, namespace, timeoutMillis, retryMillis,
                given, logEntries, retainMillis);
    }

    /** These settings with the shared log keeping at most {@code entries} entries for at most {@code millis}. */
    public RedisSettings withRetention(long entries, long millis) {
        return new RedisSettings(host, port, database, user, password, tls, namespace, timeoutMillis, retryMillis,
                secret, entries, millis);
    }

    /** How often a server says it is alive and keeps its names: several times within the timeout. */
    public long heartbeatMillis() {
        return Math.max(50, timeoutMillis / 4);
    }

    /** The stream every event is appended to, in the one order every server applies them in. */
    public String log() {
        return namespace + ":log";
    }

    /**
     * The key that names the log's life: set once when the log begins, gone when Redis lost everything (it
     * restarted empty), so that the servers can tell.
     */
    public String epoch() {
        return namespace + ":epoch";
    }

    /** The key that says server {@code id} is alive while it exists. */
    public String serverKey(String id) {
        return namespace + ":server:" + id;
    }

    /** The set of the ids of the servers that joined. */
    public String servers() {
        return namespace + ":servers";
    }

    /** The key that holds the id of the server whose member has the nickname (folded) {@code folded}. */
    public String nickKey(String folded) {
        return namespace + ":nick:" + folded;
    }

    /**
     * Reads a {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://} URL; the password
     * in {@code passwordFromEnvironment} (when not null) wins over one in the URL.
     *
     * @throws IllegalArgumentException with a sentence for the user when the URL or namespace is not usable
     */
    public static RedisSettings parse(String url, String passwordFromEnvironment, String namespace,
                                      long timeoutMillis, long retryMillis) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a Redis URL such as redis://127.0.0.1:6379");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not a Redis URL such as redis://127.0.0.1:6379");
        }
        int port = uri.getPort() == -1 ? PORT : uri.getPort();
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path of a Redis URL is a database number, such as /0; '"
                        + path + "' is not");
            }
            if (database < 0) {
                throw new IllegalArgumentException("a Redis database number is 0 or more");
            }
        }
        String user = null;
        String password = null;
        String info = uri.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
            if (user.isEmpty()) {
                user = null;
            }
        }
        if (passwordFromEnvironment != null && !passwordFromEnvironment.isEmpty()) {
            password = passwordFromEnvironment;
        }
        if (!namespace.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a Redis namespace has 1 to 64 letters, digits and . _ -; '"
                    + namespace + "' is not one");
        }
        return new RedisSettings(uri.getHost(), port, database, user, password, scheme.equalsIgnoreCase("rediss"),
                namespace, timeoutMillis, retryMillis, null, LOG_ENTRIES, RETAIN_MILLIS);
    }

    @Override
    public String toString() {
        return where() + " (namespace " + namespace + (secret == null ? "" : ", events signed") + ")";
    }

    /** Where, for messages: host, port and database, never the password. */
    public String where() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
