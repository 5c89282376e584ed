package org.tcpkit.cli;

import org.tcpkit.Version;
import picocli.CommandLine.IVersionProvider;

/** The project's version and the Java runtime, for {@code --version}. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "tcpkit " + Version.NUMBER,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
