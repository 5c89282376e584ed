package org.tcpkit.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** Checks host names and addresses given by the user, with messages fit to show them. */
final class Hosts {
    private Hosts() {
    }

    /** A resolved host, or why it could not be resolved. */
    record Check(InetAddress address, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** Resolves {@code host} (a name or a literal address). */
    static Check resolve(String host) {
        String trimmed = host.trim();
        if (trimmed.isEmpty()) {
            return new Check(null, "is empty");
        }
        try {
            return new Check(InetAddress.getByName(stripBrackets(trimmed)), null);
        } catch (UnknownHostException e) {
            return new Check(null, "does not resolve to an address");
        }
    }

    /** Resolves {@code host} and checks that it is an address of this machine, so a server can bind it. */
    static Check local(String host) {
        Check check = resolve(host);
        if (!check.ok()) {
            return check;
        }
        InetAddress address = check.address();
        try {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return check;
            }
        } catch (SocketException e) {
            return new Check(null, "cannot list this machine's addresses: " + e.getMessage());
        }
        String shown = address.getHostAddress();
        return new Check(null, "is not an address of this machine"
                + (stripBrackets(host.trim()).equals(shown) ? "" : " (" + shown + ")"));
    }

    /** Whether {@code host} is a literal IPv4 or IPv6 address rather than a name. */
    static boolean isAddress(String host) {
        String bare = stripBrackets(host.trim());
        return bare.contains(":") || bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String stripBrackets(String host) {
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }
}
