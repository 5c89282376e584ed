package org.tcpkit.net;

/** Which kind of thread serves each connection. */
public enum ThreadMode {
    /** Virtual threads where the running JVM has them (Java 21 and later), platform threads otherwise. */
    AUTO,
    /** One platform (operating-system) thread per connection. */
    PLATFORM,
    /** One virtual thread per connection; needs Java 21 or later. */
    VIRTUAL
}
