package org.tcpkit.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The user file: identification records ({@code ip.ADDRESS = name}) and accounts ({@code user.NAME = hash})
 * in one properties file, under prefixes that cannot collide.
 *
 * <p>Nothing is lost: every change takes a lock file (so two servers sharing the file take turns), reads the
 * file afresh, applies the change, writes a temporary file in the same directory, forces it to disk and
 * renames it over the old one, then forces the directory. A crash at any moment leaves the old file or the
 * new one, never a mix. A file that is not in the expected form is never overwritten. The new file keeps the
 * old one's permissions, and its owner and group where this process may set them.
 *
 * <p>Another server may share the file. Before every look-up the store compares the file's identity, size
 * and modification time with those it last read (one {@code stat}); when they differ it reads the file
 * again, so what one server registers or records the other sees at once. A file changed into something
 * unreadable is reported once in the log, and the last good contents stay in use.
 */
public final class UserStore {
    /** The default file name, in the working directory. */
    public static final String DEFAULT_FILE = "users.properties";
    static final String IP_PREFIX = "ip.";
    static final String USER_PREFIX = "user.";
    private static final long LOCK_WAIT_MILLIS = 10_000;
    private static final long STALE_TEMPORARY_MILLIS = 60_000;

    /** Called with the temporary file after it is written and before it replaces the real one (for tests). */
    @FunctionalInterface
    interface WriteHook {
        void beforeRename(Path temporary) throws IOException;
    }

    private final Path file;
    private final Path lockFile;
    private final WriteHook hook;
    private volatile Snapshot snapshot;

    /** What the file held when last read, with an index of account names, and how to tell it changed. */
    private record Snapshot(Map<String, String> entries, Map<String, String> accounts, Stamp stamp) {
        static Snapshot of(Map<String, String> entries, Stamp stamp) {
            Map<String, String> accounts = new java.util.HashMap<>();
            for (String key : entries.keySet()) {
                if (key.startsWith(USER_PREFIX)) {
                    String name = key.substring(USER_PREFIX.length());
                    accounts.put(fold(name), name);
                }
            }
            return new Snapshot(entries, accounts, stamp);
        }
    }

    /** The file's identity (inode), size and modification time; null fields when it does not exist. */
    private record Stamp(Object key, long size, long modified) {
    }

    private UserStore(Path file, WriteHook hook, Snapshot snapshot) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.hook = hook;
        this.snapshot = snapshot;
    }

    /**
     * Opens the file, which need not exist yet.
     *
     * @throws StoreException naming the file and the problem when it cannot be read or is not in the form
     */
    public static UserStore open(Path file) throws StoreException {
        return open(file, temporary -> { });
    }

    static UserStore open(Path file, WriteHook hook) throws StoreException {
        Path absolute = file.toAbsolutePath();
        removeStaleTemporaries(absolute);
        Stamp stamp = stamp(absolute);
        return new UserStore(file, hook, Snapshot.of(read(absolute), stamp));
    }

    /** The contents, read again first if another process changed the file since. */
    private Snapshot current() {
        Snapshot known = snapshot;
        Stamp now = stamp(file);
        if (now.equals(known.stamp())) {
            return known;
        }
        synchronized (this) {
            known = snapshot;
            if (now.equals(known.stamp())) {
                return known;
            }
            try {
                Snapshot fresh = Snapshot.of(read(file), now);
                snapshot = fresh;
                return fresh;
            } catch (StoreException e) {
                org.slf4j.LoggerFactory.getLogger(UserStore.class).error("{} was changed by another program and "
                        + "cannot be used; the last good contents stay in use: {}", file, e.getMessage());
                snapshot = new Snapshot(known.entries(), known.accounts(), now);
                return snapshot;
            }
        }
    }

    private static Stamp stamp(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return new Stamp(null, -1, -1);
        }
    }

    /**
     * Deletes temporary files that a process killed mid-write left behind. Only those older than a minute
     * go, so a write in flight in another server sharing the file is never touched.
     */
    private static void removeStaleTemporaries(Path file) {
        Path directory = file.getParent();
        String prefix = file.getFileName() + ".";
        long cutoff = System.currentTimeMillis() - STALE_TEMPORARY_MILLIS;
        try (java.nio.file.DirectoryStream<Path> temporaries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(prefix)
                        && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path temporary : temporaries) {
                if (Files.getLastModifiedTime(temporary).toMillis() < cutoff) {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (IOException e) {
            // A missing directory or an unreadable entry leaves nothing worth cleaning.
        }
    }

    /** The file this store keeps. */
    public Path file() {
        return file;
    }

    /** The name recorded for a client address. */
    public Optional<String> nameFor(InetAddress address) {
        return Optional.ofNullable(current().entries().get(IP_PREFIX + address.getHostAddress()));
    }

    /** The account whose name equals {@code name} ignoring case, with its stored spelling and hash. */
    public Optional<Account> account(String name) {
        Snapshot now = current();
        String stored = now.accounts().get(fold(name));
        return stored == null ? Optional.empty()
                : Optional.of(new Account(stored, now.entries().get(USER_PREFIX + stored)));
    }

    /** An account: its name as registered and its password hash. */
    public record Account(String name, String hash) {
    }

    /** Every account name, sorted. */
    public Set<String> accountNames() {
        Set<String> names = new TreeSet<>();
        for (String key : current().entries().keySet()) {
            if (key.startsWith(USER_PREFIX)) {
                names.add(key.substring(USER_PREFIX.length()));
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Records (or replaces) the name for a client address. */
    public void rememberAddress(InetAddress address, String name) throws StoreException {
        String key = IP_PREFIX + address.getHostAddress();
        update(current -> {
            current.put(key, name);
            return current;
        });
    }

    /**
     * Adds an account unless one with that name (ignoring case) exists already.
     *
     * @return false when the name was taken, perhaps by another server sharing the file
     */
    public boolean register(String name, String hash) throws StoreException {
        boolean[] added = {false};
        update(current -> {
            for (String key : current.keySet()) {
                if (key.startsWith(USER_PREFIX) && fold(key.substring(USER_PREFIX.length())).equals(fold(name))) {
                    return current;
                }
            }
            current.put(USER_PREFIX + name, hash);
            added[0] = true;
            return current;
        });
        return added[0];
    }

    /** Replaces an existing account's hash (when its cost is raised). */
    public void replaceHash(String name, String hash) throws StoreException {
        update(current -> {
            if (current.containsKey(USER_PREFIX + name)) {
                current.put(USER_PREFIX + name, hash);
            }
            return current;
        });
    }

    private synchronized void update(UnaryOperator<TreeMap<String, String>> change) throws StoreException {
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot create its directory: " + e.getMessage(), e);
        }
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(lockChannel)) {
            TreeMap<String, String> current = new TreeMap<>(read(file));
            TreeMap<String, String> changed = change.apply(current);
            Stamp written = write(changed);
            snapshot = Snapshot.of(Collections.unmodifiableMap(changed), written);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be saved: " + e.getMessage(), e);
        }
    }

    private FileLock acquire(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WAIT_MILLIS);
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held by this process through another store on the same file: wait as for another process.
            }
            if (System.nanoTime() > deadline) {
                throw new StoreException(file + ": another program has held " + lockFile.getFileName()
                        + " for " + LOCK_WAIT_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(file + ": interrupted while waiting for the lock");
            }
        }
    }

    /** Writes the new file and returns its stamp, taken before the rename (which keeps inode, size and time). */
    private Stamp write(TreeMap<String, String> content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            byte[] bytes = serialize(content);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            keepAttributes(temporary);
            hook.beforeRename(temporary);
            Stamp stamp = stamp(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StoreException(file + ": this file system cannot replace files atomically", e);
            }
            forceDirectory(file.getParent());
            return stamp;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Gives the new file the old one's permissions, owner and group (the latter two where allowed). */
    private void keepAttributes(Path temporary) throws IOException {
        java.nio.file.attribute.PosixFileAttributeView old =
                Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class);
        java.nio.file.attribute.PosixFileAttributeView fresh =
                Files.getFileAttributeView(temporary, java.nio.file.attribute.PosixFileAttributeView.class);
        if (old == null || fresh == null || !Files.exists(file)) {
            return;
        }
        java.nio.file.attribute.PosixFileAttributes attributes = old.readAttributes();
        fresh.setPermissions(attributes.permissions());
        try {
            fresh.setGroup(attributes.group());
            fresh.setOwner(attributes.owner());
        } catch (IOException e) {
            // Only root may give a file away; the file then belongs to whoever runs the server.
        }
    }

    /** Sorted, escaped, ASCII only: every name survives the round trip whatever characters it has. */
    private static byte[] serialize(TreeMap<String, String> content) throws IOException {
        Properties sorted = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Set<Map.Entry<Object, Object>> ordered = new java.util.LinkedHashSet<>();
                for (Map.Entry<String, String> entry : content.entrySet()) {
                    ordered.add(Map.entry(entry.getKey(), entry.getValue()));
                }
                return ordered;
            }
        };
        sorted.putAll(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sorted.store(out, "tcpkit users: ip.ADDRESS = name (identification), user.NAME = password hash");
        return out.toByteArray();
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some systems cannot open a directory for syncing; the rename itself is still atomic.
        }
    }

    private static Map<String, String> read(Path file) throws StoreException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Collections.unmodifiableMap(new TreeMap<>());
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StoreException(file + ": is not a properties file (" + e.getMessage() + ")", e);
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            String problem = check(key, value);
            if (problem != null) {
                throw new StoreException(file + ": entry '" + printable(key) + "' " + problem);
            }
            entries.put(key, value);
        }
        return Collections.unmodifiableMap(entries);
    }

    private static String check(String key, String value) {
        if (key.startsWith(IP_PREFIX)) {
            String address = key.substring(IP_PREFIX.length());
            if (!address.matches("[0-9A-Fa-f:.%]+")) {
                return "does not name an IP address";
            }
            return Names.problem(value) == null ? null : "holds an invalid name";
        }
        if (key.startsWith(USER_PREFIX)) {
            if (Names.problem(key.substring(USER_PREFIX.length())) != null) {
                return "has an invalid user name";
            }
            return PasswordHasher.wellFormed(value) ? null : "does not hold a password hash in the expected form";
        }
        return "is neither an ip. nor a user. entry";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
