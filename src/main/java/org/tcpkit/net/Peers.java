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
        String host = ip == null ? inet.getHostString() : ip.getHostAddress();
        return format(host, inet.getPort(), ip instanceof Inet6Address);
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
