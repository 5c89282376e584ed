package org.tcpkit.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class WebLinksTest {
    @Test
    void aListenerOnOneAddressIsOpenedThere() throws Exception {
        assertEquals("Open http://127.0.0.1:8080/ in a browser",
                WebLinks.note(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080), false));
        assertEquals("Open https://[::1]:8443/ in a browser",
                WebLinks.note(new InetSocketAddress(InetAddress.getByName("::1"), 8443), true));
        assertEquals("http://[fe80::1]:80/", WebLinks.url("http", InetAddress.getByName("fe80::1%1"), 80),
                "no zone in a link: browsers do not take it");
    }

    @Test
    void aListenerOnEveryInterfaceIsOpenedOnThisMachineAndNamedForOthers() throws Exception {
        String note = WebLinks.note(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8080), false);
        assertTrue(note.startsWith("Open http://127.0.0.1:8080/ in a browser"), note);
        assertTrue(note.matches("Open http://127\\.0\\.0\\.1:8080/ in a browser"
                + "(; from other machines: http://[^ ,]+:8080/(, http://[^ ,]+:8080/){0,2})?"), note);
        assertTrue(!note.contains("://127.0.0.1:8080/,") && !note.contains(": http://127."), "loopback once: " + note);
    }
}
