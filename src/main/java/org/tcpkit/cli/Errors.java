package org.tcpkit.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the short phrases a one-line error message needs. */
final class Errors {
    private Errors() {
    }

    /** "permission denied", "no such file or directory: /x", or the exception's own message. */
    static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + ((AccessDeniedException) e).getFile() + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory (" + ((NoSuchFileException) e).getFile() + ")";
        }
        if (e instanceof FileSystemException) {
            FileSystemException fs = (FileSystemException) e;
            return (fs.getReason() == null ? "cannot be used" : fs.getReason()) + " (" + fs.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
