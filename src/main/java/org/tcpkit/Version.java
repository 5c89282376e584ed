package org.tcpkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version the build writes into {@code version.properties}, read once. */
public final class Version {
    /** Such as {@code 1.0.0}; {@code unknown} when the resource is missing. */
    public static final String NUMBER = read();

    private Version() {
    }

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/tcpkit/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
