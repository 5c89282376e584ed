package org.tcpkit.net;

import java.io.InputStream;
import java.io.OutputStream;

/** A protocol a connection speaks through above its socket's streams (a WebSocket): its own input and output. */
public interface Layer {
    /** What the session reads. */
    InputStream input();

    /** What the session writes. */
    OutputStream output();
}
