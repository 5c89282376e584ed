package org.tcpkit.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Formats addresses the way people write them: {@code 127.0.0.1:7777}, {@code [::1]:7777}. */
public final class Peers {
    private Peers() {
    }

    /** {@code host:port}, with brackets around an IPv6 address and no reverse DNS lookup. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress)) {
            return String.valueOf(address);
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        InetAddress ip = inet.getAddress();
        String host = ip == null ? inet.getHostString() : ip instanceof Inet6Address ? compressed(ip.getHostAddress())
                : ip.getHostAddress();
        return format(host, inet.getPort(), ip instanceof Inet6Address);
    }

    /**
     * An IPv6 address as RFC 5952 writes it: {@code ::1} rather than the JDK's {@code 0:0:0:0:0:0:0:1}, the
     * longest run of two or more zero groups (the first of equal ones) written {@code ::}, a scope kept.
     */
    public static String compressed(String address) {
        int scope = address.indexOf('%');
        String bare = scope < 0 ? address : address.substring(0, scope);
        String[] groups = bare.split(":", -1);
        if (groups.length != 8) {
            return address;
        }
        int bestFrom = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i].replace("0", "").isEmpty()) {
                int j = i;
                while (j < 8 && groups[j].replace("0", "").isEmpty()) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestFrom = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestFrom) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            String group = groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT);
            out.append(group);
            if (i < 7) {
                out.append(':');
            }
        }
        return out + (scope < 0 ? "" : address.substring(scope));
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public static String format(String host, int port) {
        return format(host, port, host.indexOf(':') >= 0);
    }

    private static String format(String host, int port, boolean ipv6) {
        int scope = host.indexOf('%');
        String bare = ipv6 && scope >= 0 ? host.substring(0, scope) : host;
        return ipv6 ? "[" + bare + "]:" + port : bare + ":" + port;
    }
}
