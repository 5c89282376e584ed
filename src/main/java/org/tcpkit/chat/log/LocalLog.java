package org.tcpkit.chat.log;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.tcpkit.chat.ChatEvent;
import org.tcpkit.chat.ChatLog;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Local;

/**
 * The log of a server on its own, in this process: an event is numbered, stamped and applied as it is
 * appended, one at a time, so the order of the log is the order of application. Nothing to install, nothing
 * to claim: the chat checks its names itself.
 */
public final class LocalLog implements ChatLog {
    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private Link link;
    private long seq;

    @Override
    public String server() {
        return id;
    }

    @Override
    public void start(Link link) {
        this.link = link;
    }

    @Override
    public Claim claim(String nick) {
        return Claim.CLAIMED;
    }

    @Override
    public void release(String nick) {
        // Names are the chat's own: nothing is held elsewhere.
    }

    @Override
    public synchronized Object append(ChatEvent event, Local local) {
        long n = ++seq;
        local.take();
        return link.apply(new Entry(id + "-" + n, System.currentTimeMillis(), id, n, event, false), local);
    }

    @Override
    public void send(ChatEvent event, Local local) {
        append(event, local);
    }

    @Override
    public void close(String reason) {
        // Nothing to tell anyone.
    }
}
