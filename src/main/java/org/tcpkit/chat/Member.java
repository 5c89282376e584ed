package org.tcpkit.chat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.tcpkit.net.Connection;

/**
 * Someone in the chat: nickname, the door it came through, its connection, outbox and flood gate. The rooms
 * it is in change only under {@link Chat}'s lock.
 */
public final class Member {
    /** The longest real name (IRC's USER), in bytes of UTF-8: with the other fields it fits an IRC line. */
    public static final int MAX_REAL_NAME_BYTES = 150;
    /** The longest away message, in characters. */
    public static final int MAX_AWAY = 200;
    final Connection connection;
    final Outbox outbox;
    final FloodGate flood;
    /** The door it came through; an IRC client that changes its capabilities is given another (see {@link Chat#redoor}). */
    volatile Door door;
    /** Why the server is removing this member (too slow, flooding), when it decided that itself. */
    final AtomicReference<String> removal = new AtomicReference<>();
    /** The rooms the member is in. */
    final Set<Room> rooms = ConcurrentHashMap.newKeySet();
    /** Where a line member's lines and actions go: the one room it is in. */
    volatile Room current;
    private volatile String user;
    private volatile String realName;
    private volatile String host;
    /** The id of the server it is on, when that is another server joined by a relay; null when it is here. */
    private final String server;
    private volatile String nick;
    private volatile String away;
    private volatile boolean invisible;
    /** User mode {@code +w}: it gets the operators' WALLOPS. */
    private volatile boolean wallops;
    private volatile boolean serverOperator;
    /** The account it logged in as (SASL, PASS, a login), or null; set before it arrives, never changed. */
    private volatile String account;

    /**
     * @param user     the user name its client gave (IRC's USER), or the door's name; shown in IRC prefixes
     * @param realName the real name its client gave (IRC's USER), or what the door is
     */
    public Member(String nick, String user, String realName, Door door, Connection connection, Outbox outbox, FloodGate flood) {
        this.nick = nick;
        this.user = user;
        this.realName = realName;
        this.door = door;
        this.connection = connection;
        this.outbox = outbox;
        this.flood = flood;
        this.host = connection.socket().getInetAddress().getHostAddress();
        this.server = null;
    }

    /** A member of another server, known through the relay: no connection here, nothing delivered to it here. */
    Member(String nick, String user, String realName, String host, String server) {
        this.nick = nick;
        this.user = user;
        this.realName = realName;
        this.host = host;
        this.server = server;
        this.door = Door.ELSEWHERE;
        this.connection = null;
        this.outbox = null;
        this.flood = null;
    }

    /** The account it logged in as, or null when it did not log in. */
    public String account() {
        return account;
    }

    /** Records the account it logged in as; before it arrives in the chat. */
    public void account(String account) {
        this.account = account;
    }

    /** The door it came through. */
    public Door door() {
        return door;
    }

    /** Whether it is connected to this server (rather than to another one joined by a relay). */
    public boolean isLocal() {
        return server == null;
    }

    /** The id of the server it is on, or null when that is this one. */
    public String server() {
        return server;
    }

    /** Where it is, for the log: its address, or the server it is on. */
    String where() {
        return server == null ? connection.peer() : host + " via " + server;
    }

    public String nick() {
        return nick;
    }

    /** The user name its client gave, or its door's name. */
    public String user() {
        return user;
    }

    /** The real name its client gave, or what its door is. */
    /** Its real name changed (IRC's SETNAME), as the log applies it. */
    /** A user name as a member is shown with: {@code ~} and letters, digits, {@code . _ -}, up to 11 in all. */
    public static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("[~A-Za-z0-9._-]{1,11}");
    /** A host as a member is shown with: an address or a name, up to 64 characters. */
    public static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[0-9A-Za-z.:%_-]{1,64}");

    /** Sets the user name and host shown for it (a server operator's CHGHOST). */
    void shownAs(String user, String host) {
        this.user = user;
        this.host = host;
    }

    void realName(String realName) {
        this.realName = realName;
    }

    public String realName() {
        return realName;
    }

    /** The address it connected from. */
    public String host() {
        return host;
    }

    public Connection connection() {
        return connection;
    }

    public FloodGate flood() {
        return flood;
    }

    /** Why the server removed this member, when it did (too slow, flooding); else null. */
    public String removal() {
        return removal.get();
    }

    /** The room its lines go to, for a member of the line door; null between rooms. */
    public Room current() {
        return current;
    }

    /** Whether it is in {@code room}. */
    public boolean isIn(Room room) {
        return rooms.contains(room);
    }

    /** The rooms it is in, at this moment. */
    public java.util.List<Room> rooms() {
        return java.util.List.copyOf(rooms);
    }

    /** Queues bytes for this member, outside any event (a reply to its own command). */
    public void send(byte[] bytes) {
        if (outbox != null) {
            outbox.offer(bytes);
        }
    }

    /** Its away message, or null when it is here. */
    public String away() {
        return away;
    }

    /** Marks it away with {@code message}, or back when null. */
    public void away(String message) {
        this.away = message;
    }

    /** Whether it asked to be left out of searches by mask (IRC's user mode {@code +i}). */
    /** Whether it gets the operators' WALLOPS ({@code +w}). */
    public boolean wallops() {
        return wallops;
    }

    public void wallops(boolean wallops) {
        this.wallops = wallops;
    }

    public boolean invisible() {
        return invisible;
    }

    public void invisible(boolean invisible) {
        this.invisible = invisible;
    }

    /** Whether it is a server operator (IRC's OPER): an operator of every room, able to disconnect anyone. */
    public boolean serverOperator() {
        return serverOperator;
    }

    public void serverOperator(boolean serverOperator) {
        this.serverOperator = serverOperator;
    }

    void rename(String newNick) {
        this.nick = newNick;
    }

    /** Encodes one line of the line protocol for the wire. */
    public static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
