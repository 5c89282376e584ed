package org.tcpkit.auth;

import java.io.IOException;

/** The user file cannot be read, is not in the expected form, or cannot be written. */
public final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
