package org.tcpkit.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The log file on disk. It appends whole lines; when the next lines would take it past {@code maxBytes} it
 * rotates ({@code server.log} becomes {@code server.log.1}, {@code .1} becomes {@code .2}, and the oldest of
 * {@code files} is deleted), so the log never holds more than about {@code maxBytes * files}. A file that was
 * deleted or moved away (by hand or by logrotate) is created anew on the next write. A write that fails part
 * way (disk full) is cut back to where it started, so the file never holds a torn line.
 */
final class LogFile implements Closeable {
    private final Path path;
    private final long maxBytes;
    private final int files;
    private FileChannel channel;
    private Object fileKey;
    private long size;

    /**
     * @param path     the log file
     * @param maxBytes the size at which it rotates
     * @param files    how many files are kept, the current one included (1 empties the file instead)
     */
    LogFile(Path path, long maxBytes, int files) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.files = files;
        open();
    }

    /** Appends {@code length} bytes that end with a line break, rotating first where they would not fit. */
    void append(byte[] bytes, int offset, int length) throws IOException {
        reopenIfGone();
        int from = offset;
        int end = offset + length;
        while (from < end) {
            int fit = (int) Math.min(end, from + Math.max(0, maxBytes - size));
            int cut = lastLineEnd(bytes, from, fit);
            if (cut <= from) {
                if (size > 0) {
                    rotate();
                    continue;
                }
                cut = firstLineEnd(bytes, from, end);
            }
            writeFully(bytes, from, cut - from);
            from = cut;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        makePrivate();
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /**
     * Makes the file readable and writable by its owner alone (0600), creating it so when it is new: the
     * events name people and addresses, and the chat's logins. Where permissions are not POSIX ones, the file
     * is left as the system makes it.
     */
    private void makePrivate() throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> owner =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            if (Files.notExists(path)) {
                try {
                    Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // Another process made it a moment ago: it is made private below.
                }
            }
            if (!Files.getPosixFilePermissions(path).equals(owner)) {
                Files.setPosixFilePermissions(path, owner);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        } catch (java.nio.file.FileSystemException e) {
            // Another user's file, say: it keeps its permissions (opening it says what is wrong, if anything).
        }
    }

    /** Opens the file again when the path no longer names the file being written. */
    private void reopenIfGone() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            key = null;
        }
        if (key == null || !Objects.equals(key, fileKey) || !channel.isOpen()) {
            channel.close();
            open();
        }
    }

    private void rotate() throws IOException {
        channel.close();
        if (files <= 1) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(numbered(files - 1));
            for (int i = files - 2; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    private void writeFully(byte[] bytes, int offset, int length) throws IOException {
        long before = size;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += length;
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException ignored) {
                // The file keeps what was written; the next successful write starts on a fresh line.
            }
            size = channel.isOpen() ? channel.size() : before;
            throw e;
        }
    }

    /** The index after the last line break in [from, to), or {@code from} if there is none. */
    private static int lastLineEnd(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    /** The index after the first line break in [from, to), or {@code to} if there is none. */
    private static int firstLineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }
}
