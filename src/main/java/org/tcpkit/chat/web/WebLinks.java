package org.tcpkit.chat.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tcpkit.net.Peers;

/**
 * The addresses to open the web page at, for the console: the readiness line names the listener
 * ({@code 0.0.0.0:8080}), which is not an address a browser should be given.
 */
public final class WebLinks {
    /** Addresses of other interfaces named, at most. */
    private static final int MAX_OTHERS = 3;

    private WebLinks() {
    }

    /**
     * {@code Open http://127.0.0.1:8080/ in a browser; from other machines: http://192.168.1.20:8080/}: this
     * machine's own address first, then, for a listener on every interface, the addresses of its interfaces that
     * are up (IPv4 first, link-local ones left out).
     */
    public static String note(InetSocketAddress listening, boolean tls) {
        InetAddress bound = listening.getAddress();
        int port = listening.getPort();
        String scheme = tls ? "https" : "http";
        if (!bound.isAnyLocalAddress()) {
            return "Open " + url(scheme, bound, port) + " in a browser";
        }
        StringBuilder note = new StringBuilder("Open ").append(url(scheme, InetAddress.getLoopbackAddress(), port))
                .append(" in a browser");
        List<InetAddress> others = interfaces(bound instanceof Inet6Address);
        for (int i = 0; i < others.size(); i++) {
            note.append(i == 0 ? "; from other machines: " : ", ").append(url(scheme, others.get(i), port));
        }
        return note.toString();
    }

    static String url(String scheme, InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + Peers.compressed(zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return scheme + "://" + host + ":" + port + "/";
    }

    /** The addresses of this machine's interfaces that are up, loopback and link-local ones left out. */
    private static List<InetAddress> interfaces(boolean withIpv6) {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                        continue;
                    }
                    (address instanceof Inet4Address ? v4 : v6).add(address);
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        if (withIpv6) {
            v4.addAll(v6);
        }
        return v4.subList(0, Math.min(MAX_OTHERS, v4.size()));
    }
}
