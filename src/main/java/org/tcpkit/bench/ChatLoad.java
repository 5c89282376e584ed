package org.tcpkit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One selector thread driving its share of chat members: joins them as {@code b<N>} (through the line
 * protocol, or IRC in {@code #bench}), sends each member's share of the message rate (every message carries
 * its send time and a sequence number), and for every line delivered records the latency and checks that it
 * is the next one from that sender. IRC servers do not echo a member's own messages; the line protocol does.
 */
final class ChatLoad implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;
    /** The IRC channel the members join. */
    private static final String ROOM = "#bench";

    private enum Phase { ASK, OK, CHAT, STALLED }

    private final class Member {
        final int index;
        final SocketChannel channel;
        final boolean stalled;
        final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
        final ByteBuffer out = ByteBuffer.allocate(4096);
        final long[] nextFrom;
        SelectionKey key;
        Phase phase = Phase.ASK;
        boolean closed;
        long sent;
        long nextDue;

        Member(int index, SocketChannel channel, boolean stalled) {
            this.index = index;
            this.channel = channel;
            this.stalled = stalled;
            this.nextFrom = stalled ? new long[0] : new long[senders];
            out.limit(0);
        }
    }

    private final BenchConfig config;
    private final RunClock clock;
    private final InetSocketAddress address;
    private final int first;
    private final int count;
    private final int stalledCount;
    private final int firstStalled;
    private final int senders;
    private final List<Member> members = new ArrayList<>();
    private final boolean irc;
    private Selector selector;

    final Histogram latencies = new Histogram(60_000_000_000L, 3);
    volatile long delivered;
    long measuredDeliveries;
    long measuredBytes;
    long measuredSent;
    long verifiedBytes;
    long errors;
    long connectFailures;
    long lastDelivery;
    long stalledDropped;
    String firstError;

    /**
     * @param first        index of this worker's first member that reads
     * @param count        members driven here that read
     * @param firstStalled index of this worker's first member that never reads (after every reading one)
     * @param stalledCount members driven here that never read once joined
     */
    ChatLoad(BenchConfig config, RunClock clock, InetSocketAddress address, int first, int count, int firstStalled,
             int stalledCount) {
        this.config = config;
        this.clock = clock;
        this.address = address;
        this.first = first;
        this.firstStalled = firstStalled;
        this.count = count;
        this.stalledCount = stalledCount;
        this.senders = config.connections();
        this.irc = config.mode() == BenchMode.IRC;
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            for (int i = 0; i < count + stalledCount; i++) {
                open(i < count ? first + i : firstStalled + i - count, i >= count);
            }
            loop();
            countDroppedStalled();
        } catch (IOException | RuntimeException e) {
            error(null, "bench thread failed: " + e);
        } finally {
            for (Member member : members) {
                if (member.phase == Phase.ASK || member.phase == Phase.OK) {
                    clock.connectDone();
                }
                close(member);
            }
        }
    }

    private void open(int index, boolean stalled) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Member member = new Member(index, channel, stalled);
        members.add(member);
        try {
            channel.connect(config.morePorts().isEmpty() ? address
                    : new InetSocketAddress(address.getAddress(), config.portOf(index)));
            member.key = channel.register(selector, SelectionKey.OP_CONNECT, member);
        } catch (IOException e) {
            joinFailed(member, "connect to " + org.tcpkit.net.Peers.format(address) + " failed: " + e.getMessage());
        }
    }

    private void loop() throws IOException {
        boolean started = false;
        long lastProgress = System.nanoTime();
        while (true) {
            long wait = started ? Math.max(1, (earliestDue() - System.nanoTime()) / 1_000_000) : 10;
            selector.select(Math.min(wait, 10));
            long now = System.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Member member = (Member) key.attachment();
                if (!key.isValid() || member.closed) {
                    continue;
                }
                if (key.isConnectable()) {
                    try {
                        if (member.channel.finishConnect()) {
                            key.interestOps(SelectionKey.OP_READ);
                            if (irc) {
                                send(member, "NICK b" + member.index + "\r\nUSER b" + member.index
                                        + " 0 * :tcpkit bench\r\n");
                            }
                        }
                    } catch (IOException e) {
                        joinFailed(member, "connect to " + org.tcpkit.net.Peers.format(address) + " failed: " + e.getMessage());
                    }
                    continue;
                }
                if (key.isWritable()) {
                    flush(member);
                }
                if (key.isReadable() && read(member)) {
                    lastProgress = now;
                }
            }
            if (!started && clock.sending()) {
                started = true;
                long start = System.nanoTime();
                for (Member member : members) {
                    member.nextDue = start + (long) (member.index * 1e9 / config.rate());
                }
            }
            if (!started && now > clock.connectDeadline()) {
                for (Member member : members) {
                    if (member.phase == Phase.ASK || member.phase == Phase.OK) {
                        joinFailed(member, "joining timed out");
                    }
                }
            }
            if (started) {
                sendDue(System.nanoTime());
                if (now >= clock.measureEnd()) {
                    if (now - clock.measureEnd() > 500_000_000L || now - lastProgress > config.timeout().toNanos()) {
                        return;
                    }
                }
            }
        }
    }

    /** Reads what waited for the members that never read, to see whether the server closed them. */
    private void countDroppedStalled() {
        ByteBuffer sink = ByteBuffer.allocate(READ_BUFFER);
        for (Member member : members) {
            if (!member.stalled || member.closed || member.phase != Phase.STALLED) {
                continue;
            }
            try {
                int n;
                long read = 0;
                do {
                    sink.clear();
                    n = member.channel.read(sink);
                    read += Math.max(0, n);
                } while (n > 0 && read < 64L * 1024 * 1024);
                if (n < 0) {
                    stalledDropped++;
                }
            } catch (IOException reset) {
                stalledDropped++;
            }
        }
    }

    private long earliestDue() {
        long earliest = Long.MAX_VALUE;
        for (Member member : members) {
            if (member.phase == Phase.CHAT && !member.closed) {
                earliest = Math.min(earliest, member.nextDue);
            }
        }
        return earliest == Long.MAX_VALUE ? System.nanoTime() + 10_000_000L : earliest;
    }

    /** Sends every message whose time has come: each member sends every N/rate seconds. */
    private void sendDue(long now) {
        if (now >= clock.measureEnd()) {
            return;
        }
        long interval = (long) (1e9 * senders / config.rate());
        for (Member member : members) {
            if (member.phase != Phase.CHAT || member.closed || member.stalled) {
                continue;
            }
            while (member.nextDue <= now && !member.closed) {
                long stamp = System.nanoTime();
                String head = stamp + " " + member.sent;
                int pad = config.size() - head.length() - 2;
                String line = (irc ? "PRIVMSG " + ROOM + " :" : "") + (pad > 0 ? head + " " + "x".repeat(pad) : head)
                        + (irc ? "\r\n" : "\n");
                if (member.out.remaining() > 0 || member.out.capacity() - member.out.limit() < line.length()) {
                    member.nextDue += interval;
                    continue;
                }
                member.out.compact();
                member.out.put(line.getBytes(StandardCharsets.US_ASCII));
                member.out.flip();
                member.sent++;
                if (clock.measures(stamp, stamp)) {
                    measuredSent++;
                }
                member.nextDue += interval;
                flush(member);
            }
        }
    }

    private void flush(Member member) {
        try {
            member.channel.write(member.out);
            member.key.interestOps(member.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : SelectionKey.OP_READ);
        } catch (IOException e) {
            error(member, "send failed: " + e.getMessage());
        }
    }

    private boolean read(Member member) {
        int n;
        try {
            n = member.channel.read(member.in);
        } catch (IOException e) {
            error(member, "receive failed: " + e.getMessage());
            return false;
        }
        if (n < 0) {
            if (member.stalled) {
                close(member);
            } else {
                error(member, "the server closed the connection of b" + member.index);
            }
            return false;
        }
        long now = System.nanoTime();
        ByteBuffer in = member.in;
        in.flip();
        byte[] bytes = in.array();
        int start = 0;
        int limit = in.limit();
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == '\n') {
                line(member, bytes, start, i, now);
                start = i + 1;
                if (member.closed) {
                    return true;
                }
            }
        }
        in.position(start);
        in.compact();
        if (!in.hasRemaining()) {
            error(member, "a line longer than " + READ_BUFFER + " bytes");
        }
        return true;
    }

    /** Queues {@code text} and writes what it can. */
    private void send(Member member, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        member.out.compact();
        if (member.out.remaining() < bytes.length) {
            member.out.flip();
            error(member, "b" + member.index + " fell behind sending");
            return;
        }
        member.out.put(bytes);
        member.out.flip();
        flush(member);
    }

    private void line(Member member, byte[] bytes, int from, int to, long now) {
        if (irc) {
            ircLine(member, bytes, from, to > from && bytes[to - 1] == '\r' ? to - 1 : to, now);
            return;
        }
        switch (member.phase) {
            case ASK -> {
                if (startsWith(bytes, from, to, "ask:")) {
                    member.out.compact();
                    member.out.put(("b" + member.index + "\n").getBytes(StandardCharsets.US_ASCII));
                    member.out.flip();
                    flush(member);
                    member.phase = Phase.OK;
                } else if (startsWith(bytes, from, to, "bye:") || startsWith(bytes, from, to, "error:")) {
                    joinFailed(member, "the server refused b" + member.index + ": "
                            + new String(bytes, from, to - from, StandardCharsets.UTF_8));
                }
            }
            case OK -> {
                if (startsWith(bytes, from, to, "ok:")) {
                    member.phase = member.stalled ? Phase.STALLED : Phase.CHAT;
                    clock.connectDone();
                    if (member.stalled) {
                        member.key.interestOps(0);
                    }
                } else if (!startsWith(bytes, from, to, "info:")) {
                    joinFailed(member, "the server refused b" + member.index + ": "
                            + new String(bytes, from, to - from, StandardCharsets.UTF_8));
                }
            }
            case CHAT -> delivery(member, bytes, from, to, now);
            default -> { }
        }
    }

    /**
     * An IRC line: PING is answered; registration waits for 001, then the JOIN of {@link #ROOM} for its 366;
     * then {@code :bS!user@host PRIVMSG #bench :STAMP SEQ} is a delivery.
     */
    private void ircLine(Member member, byte[] bytes, int from, int to, long now) {
        String text = null;
        if (startsWith(bytes, from, to, "PING ")) {
            send(member, "PONG " + new String(bytes, from + 5, to - from - 5, StandardCharsets.UTF_8) + "\r\n");
            return;
        }
        if (startsWith(bytes, from, to, "ERROR")) {
            text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            if (member.phase == Phase.CHAT) {
                error(member, "the server closed b" + member.index + ": " + text);
            } else {
                joinFailed(member, "the server refused b" + member.index + ": " + text);
            }
            return;
        }
        switch (member.phase) {
            case ASK -> {
                text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                if (text.contains(" 001 ")) {
                    send(member, "JOIN " + ROOM + "\r\n");
                    member.phase = Phase.OK;
                } else if (text.matches(":\\S+ (43[1-6]|46[1-5]) .*")) {
                    joinFailed(member, "the server refused b" + member.index + ": " + text);
                }
            }
            case OK -> {
                text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                if (text.contains(" 366 ") && text.contains(" " + ROOM + " ")) {
                    member.phase = member.stalled ? Phase.STALLED : Phase.CHAT;
                    clock.connectDone();
                    if (member.stalled) {
                        member.key.interestOps(0);
                    }
                } else if (text.matches(":\\S+ (40[35]|47[1-9]) .*")) {
                    joinFailed(member, "the server refused b" + member.index + " into " + ROOM + ": " + text);
                }
            }
            case CHAT -> {
                if (to - from > 2 && bytes[from] == ':' && bytes[from + 1] == 'b') {
                    int at = from + 2;
                    long sender = 0;
                    while (at < to && bytes[at] >= '0' && bytes[at] <= '9') {
                        sender = sender * 10 + (bytes[at++] - '0');
                    }
                    int body = indexOf(bytes, at, to, " PRIVMSG " + ROOM + " :");
                    int said = body + (" PRIVMSG " + ROOM + " :").length();
                    // A line with its time in front ([2026-...Z]) was said before: the room's history.
                    if (body >= 0 && (said >= to || bytes[said] != '[')) {
                        record(member, sender, bytes, from, said, to, now);
                    }
                } else if (indexOf(bytes, from, to, "You are sending more than") >= 0) {
                    floodControlled(member);
                }
            }
            default -> { }
        }
    }

    private static int indexOf(byte[] bytes, int from, int to, String text) {
        for (int i = from; i + text.length() <= to; i++) {
            if (startsWith(bytes, i, to, text)) {
                return i;
            }
        }
        return -1;
    }

    private void floodControlled(Member member) {
        error(member, String.format(java.util.Locale.ROOT, "the server's flood control holds back the members' "
                + "lines (%.1f a second each at this rate): start the chat server with --flood-rate and "
                + "--flood-burst above that, e.g. --flood-rate 100000 --flood-burst 100000",
                config.rate() / (double) senders));
    }

    /** {@code <bS> STAMP SEQ} or {@code <bS (you)> STAMP SEQ}: checks order and records the latency. */
    private void delivery(Member member, byte[] bytes, int from, int to, long now) {
        if (startsWith(bytes, from, to, "! You are sending") || startsWith(bytes, from, to, "! Disconnected for flood")) {
            floodControlled(member);
            return;
        }
        if (to - from < 3 || bytes[from] != '<' || bytes[from + 1] != 'b') {
            return;
        }
        int i = from + 2;
        long sender = 0;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            sender = sender * 10 + (bytes[i++] - '0');
        }
        while (i < to && bytes[i] != '>') {
            i++;
        }
        record(member, sender, bytes, from, i + 2, to, now);
    }

    /** The payload {@code STAMP SEQ [x...]} at {@code i} of a line from {@code from}: order check and latency. */
    private void record(Member member, long sender, byte[] bytes, int from, int i, int to, long now) {
        long stamp = 0;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            stamp = stamp * 10 + (bytes[i++] - '0');
        }
        i++;
        long sequence = 0;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            sequence = sequence * 10 + (bytes[i++] - '0');
        }
        if (i < to && bytes[i] == ' ') {
            i++;
            while (i < to && bytes[i] == 'x') {
                i++;
            }
        }
        if (i != to || sender >= senders) {
            error(member, "a malformed line: " + new String(bytes, from, to - from, StandardCharsets.UTF_8));
            return;
        }
        long expected = member.nextFrom[(int) sender];
        if (sequence != expected) {
            error(member, "b" + member.index + " got message " + sequence + " of b" + sender + " where "
                    + expected + " was next: lost, repeated or reordered");
            return;
        }
        member.nextFrom[(int) sender] = expected + 1;
        verifiedBytes += to - from + 1;
        delivered++;
        lastDelivery = now;
        if (clock.measures(stamp, now)) {
            latencies.recordValue(Math.min(now - stamp, latencies.getHighestTrackableValue()));
            measuredDeliveries++;
            measuredBytes += to - from + 1;
        }
    }

    private static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void joinFailed(Member member, String message) {
        if (message.contains("Too many connections from your address")) {
            message += " (start the chat server with --max-per-address 0 to let one machine load it)";
        }
        connectFailures++;
        if (firstError == null) {
            firstError = message;
        }
        if (!member.closed) {
            clock.connectDone();
        }
        close(member);
        member.phase = Phase.STALLED;
    }

    private void error(Member member, String message) {
        errors++;
        if (firstError == null) {
            firstError = message;
        }
        if (member != null) {
            close(member);
        }
    }

    private static void close(Member member) {
        if (member.closed) {
            return;
        }
        member.closed = true;
        try {
            member.channel.close();
        } catch (IOException e) {
            // Nothing more to do for this member.
        }
    }
}
