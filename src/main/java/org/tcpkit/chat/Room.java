package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One named room: who is in it, and its topic. Its members are changed under {@link Chat}'s lock and this
 * room's write lock; lines are appended to its {@link Feed}s under the read lock. So a line said while someone
 * joins either is done before the newcomer is in (and before its welcome is queued) or reaches the newcomer
 * after its welcome, never between the two; and everyone in the room sees its lines in one order.
 */
public final class Room {
    /** Where everyone starts. */
    public static final String LOBBY = "#lobby";
    /** The longest room name by default, in characters, the leading {@code #} included. */
    public static final int MAX_NAME = 32;
    /** The longest room name in bytes of UTF-8, whatever the length in characters: it fits an IRC line. */
    public static final int MAX_NAME_BYTES = 200;
    /** The longest topic, in characters. */
    public static final int MAX_TOPIC = 300;

    final String name;
    final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();
    final ReentrantReadWriteLock order = new ReentrantReadWriteLock();
    /** The nicknames (folded) of its operators: whoever made the room, and whom an operator made one. */
    final java.util.Set<String> operators = ConcurrentHashMap.newKeySet();
    /** The nicknames (folded) of members an operator gave a voice: a mark, since no room is moderated. */
    final java.util.Set<String> voiced = ConcurrentHashMap.newKeySet();
    /** The nicknames (folded) an operator or member invited in, until they join; at most {@link #MOST_INVITED}. */
    final java.util.Set<String> invited = ConcurrentHashMap.newKeySet();
    /** Modes set by its operators (every room is also {@code +n}: only its members speak in it). */
    private volatile boolean inviteOnly;
    private volatile boolean moderated;
    private volatile boolean secret;
    private volatile boolean topicLocked;
    private volatile boolean noExternal = true;
    /** Who is setting the modes now, for the bans it adds (under the room's lock). */
    private String banner = "";
    /** Its bans ({@code +b}), oldest first; at most {@link #MOST_BANS}. */
    private final java.util.List<Ban> bans = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Who is let in though banned ({@code +e}); at most {@link #MOST_BANS}. */
    private final java.util.List<Ban> exceptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Who may join though the room is invite-only ({@code +I}); at most {@link #MOST_BANS}. */
    private final java.util.List<Ban> inviteExceptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String key;
    private volatile int limit;
    private final long created = System.currentTimeMillis() / 1000;
    /** Its lines as each door of its members spells them; one added under the write lock when first needed. */
    private volatile Feed[] feeds = new Feed[0];
    private volatile Topic topic;

    /** The most invitations a room keeps at once; the oldest are not told apart, the set is just cleared. */
    static final int MOST_INVITED = 100;
    /** The longest key ({@code +k}), in characters. */
    public static final int MAX_KEY = 23;
    /** The modes a room's operator may set, besides the statuses {@code o} and {@code v}. */
    public static final String MODES = "beIiklmnst";
    /** The most masks a room keeps in each of its lists (bans, exceptions, invite exceptions). */
    public static final int MOST_BANS = 50;
    /** The longest ban mask, in characters. */
    public static final int MAX_MASK = 100;

    /**
     * A mask in one of its lists: a ban (members whose {@code nick!user@host} matches may not join or speak
     * here), an exception to the bans, or an exception to invite-only.
     */
    public record Ban(String mask, String by, long at) {
    }

    /** A room's topic: its text, who set it and when (seconds since the epoch). */
    public record Topic(String text, String by, long at) {
    }

    Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether {@code member} is one of its operators. */
    public boolean isOperator(Member member) {
        return operators.contains(Nicks.fold(member.nick()));
    }

    /** Whether an operator gave {@code member} a voice here. */
    public boolean isVoiced(Member member) {
        return voiced.contains(Nicks.fold(member.nick()));
    }

    /** The feeds of its lines, one per door its members came through. */
    Feed[] feeds() {
        return feeds;
    }

    /** The feed of its lines as {@code door} spells them, made if none yet (under the write lock). */
    Feed feed(Door door) {
        for (Feed feed : feeds) {
            if (feed.door == door) {
                return feed;
            }
        }
        Feed feed = new Feed(door);
        Feed[] more = java.util.Arrays.copyOf(feeds, feeds.length + 1);
        more[feeds.length] = feed;
        feeds = more;
        return feed;
    }

    /** {@code +i}: only members invited in may join. */
    public boolean inviteOnly() {
        return inviteOnly;
    }

    /** {@code +m}: only its operators and voiced members speak. */
    public boolean moderated() {
        return moderated;
    }

    /** {@code +s}: it is left out of LIST, and of NAMES, WHO and WHOIS asked from outside it. */
    public boolean secret() {
        return secret;
    }

    /** {@code +n} (the default): only its members speak in it; {@code -n}: anyone may send it lines. */
    public boolean noExternal() {
        return noExternal;
    }

    /** Its list for {@code mode}: {@code b} bans, {@code e} exceptions, {@code I} invite exceptions. */
    public java.util.List<Ban> list(char mode) {
        return java.util.List.copyOf(listOf(mode));
    }

    private java.util.List<Ban> listOf(char mode) {
        return switch (mode) {
            case 'b' -> bans;
            case 'e' -> exceptions;
            case 'I' -> inviteExceptions;
            default -> throw new IllegalArgumentException("no list mode " + mode);
        };
    }

    /** Whether {@code member} matches one of its bans and none of its exceptions. */
    public boolean banned(Member member) {
        return !bans.isEmpty() && matches(bans, member) && !matches(exceptions, member);
    }

    /** Whether {@code member} may join though the room is invite-only, without an invitation ({@code +I}). */
    public boolean inviteExcepted(Member member) {
        return matches(inviteExceptions, member);
    }

    private static boolean matches(java.util.List<Ban> masks, Member member) {
        if (masks.isEmpty()) {
            return false;
        }
        String who = member.nick() + "!" + member.user() + "@" + member.host();
        for (Ban ban : masks) {
            if (Wildcards.matches(ban.mask(), who)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A ban mask as given written in full: {@code bob} is {@code bob!*@*}, {@code *@host} is {@code *!*@host}.
     */
    public static String banMask(String given) {
        if (given.indexOf('!') < 0 && given.indexOf('@') < 0) {
            return given + "!*@*";
        }
        if (given.indexOf('!') < 0) {
            return "*!" + given;
        }
        return given.indexOf('@') < 0 ? given + "@*" : given;
    }

    /** {@code +t}: only its operators set the topic. */
    public boolean topicLocked() {
        return topicLocked;
    }

    /** {@code +k}: the key joining takes, or null. */
    public String key() {
        return key;
    }

    /** {@code +l}: the most members it takes, or 0 for no limit. */
    public int limit() {
        return limit;
    }

    /**
     * Whether {@code member} may speak here: it is in the room (or the room is {@code -n}) and, when moderated,
     * an operator, voiced or a server operator.
     */
    public boolean maySpeak(Member member) {
        boolean in = member.isIn(this);
        if (!in && noExternal) {
            return false;
        }
        if (!moderated && bans.isEmpty()) {
            // The usual case, on every line: no name folded.
            return true;
        }
        boolean privileged = in && (isOperator(member) || isVoiced(member)) || member.serverOperator();
        return privileged || !moderated && !banned(member);
    }

    /**
     * Sets or clears one mode of {@link #MODES}; returns whether anything changed.
     *
     * @param arg the key for {@code +k}, the limit for {@code +l}; ignored otherwise
     */
    boolean mode(char mode, boolean on, String arg) {
        switch (mode) {
            case 'i' -> {
                boolean was = inviteOnly;
                inviteOnly = on;
                if (!on) {
                    invited.clear();
                }
                return was != on;
            }
            case 'm' -> {
                boolean was = moderated;
                moderated = on;
                return was != on;
            }
            case 's' -> {
                boolean was = secret;
                secret = on;
                return was != on;
            }
            case 't' -> {
                boolean was = topicLocked;
                topicLocked = on;
                return was != on;
            }
            case 'b', 'e', 'I' -> {
                java.util.List<Ban> list = listOf(mode);
                return on ? add(list, arg) : list.removeIf(ban -> ban.mask().equalsIgnoreCase(arg));
            }
            case 'n' -> {
                boolean was = noExternal;
                noExternal = on;
                return was != on;
            }
            case 'k' -> {
                String was = key;
                key = on ? arg : null;
                return !java.util.Objects.equals(was, key);
            }
            case 'l' -> {
                int was = limit;
                limit = on ? Integer.parseInt(arg) : 0;
                return was != limit;
            }
            default -> throw new IllegalArgumentException("no room mode " + mode);
        }
    }

    /**
     * Why {@code arg} cannot go with setting {@code mode}, or null when it can: a key ({@code +k}) has 1 to
     * {@link #MAX_KEY} characters, none of them a space, a comma or a control; a limit ({@code +l}) is a whole
     * number from 1 to 100,000. Other modes take nothing.
     */
    public static String modeProblem(char mode, String arg) {
        if (mode == 'k') {
            if (arg == null || arg.isEmpty() || arg.codePointCount(0, arg.length()) > MAX_KEY
                    || arg.codePoints().anyMatch(c -> c <= ' ' || c == ',' || c == 0x7f || Character.isISOControl(c))
                    || arg.startsWith(":")) {
                return "A key has 1 to " + MAX_KEY + " characters, with no spaces or commas.";
            }
        } else if (mode == 'b' || mode == 'e' || mode == 'I') {
            if (arg == null || arg.isEmpty() || arg.length() > MAX_MASK
                    || arg.codePoints().anyMatch(c -> c <= ' ' || c == ',' || Character.isISOControl(c))) {
                return "A ban mask such as nick!user@host, with * and ?, has 1 to " + MAX_MASK + " characters.";
            }
        } else if (mode == 'l') {
            if (arg == null || !arg.matches("[0-9]{1,6}") || Integer.parseInt(arg) < 1 || Integer.parseInt(arg) > 100_000) {
                return "A limit is a whole number of members from 1 to 100000.";
            }
        }
        return null;
    }

    private boolean add(java.util.List<Ban> list, String mask) {
        for (Ban ban : list) {
            if (ban.mask().equalsIgnoreCase(mask)) {
                return false;
            }
        }
        if (list.size() >= MOST_BANS) {
            return false;
        }
        list.add(new Ban(mask, banner, System.currentTimeMillis() / 1000));
        return true;
    }

    /** Notes that {@code nick} was invited in (a bounded set: past its bound, older invitations are dropped). */
    void invite(String nick) {
        if (invited.size() >= MOST_INVITED) {
            invited.clear();
        }
        invited.add(Nicks.fold(nick));
    }

    /**
     * Applies a run of changes ({@code +i+t-k}: each a sign and a letter of {@link #MODES}), taking the key or
     * limit of each {@code +k} and {@code +l} from {@code args} in turn; returns the changes that changed
     * something and their arguments, as {@code [changes, arg, arg...]}.
     */
    java.util.List<String> modes(String changes, java.util.List<String> args, String by) {
        banner = by;
        StringBuilder done = new StringBuilder();
        java.util.List<String> result = new java.util.ArrayList<>();
        result.add("");
        int next = 0;
        for (int i = 0; i + 1 < changes.length(); i += 2) {
            boolean on = changes.charAt(i) == '+';
            char mode = changes.charAt(i + 1);
            String arg = takesArg(mode, on) ? args.get(next++) : null;
            if (mode(mode, on, arg)) {
                done.append(changes, i, i + 2);
                if (arg != null) {
                    result.add(arg);
                }
            }
        }
        result.set(0, done.toString());
        return result;
    }

    /** Whether setting ({@code on}) or clearing {@code mode} takes an argument: a key, a limit, a ban mask. */
    public static boolean takesArg(char mode, boolean on) {
        return mode == 'b' || mode == 'e' || mode == 'I' || on && (mode == 'k' || mode == 'l');
    }

    /**
     * Its modes as IRC's 324 gives them: {@code +iklmnst} as set, then the key (to {@code member}s only, else
     * {@code *}) and the limit.
     */
    public String modes(boolean member) {
        StringBuilder flags = new StringBuilder("+");
        StringBuilder args = new StringBuilder();
        flags.append(inviteOnly ? "i" : "");
        if (key != null) {
            flags.append('k');
            args.append(' ').append(member ? key : "*");
        }
        if (limit > 0) {
            flags.append('l');
            args.append(' ').append(limit);
        }
        flags.append(moderated ? "m" : "").append(noExternal ? "n" : "").append(secret ? "s" : "")
                .append(topicLocked ? "t" : "");
        return flags.append(args).toString();
    }

    /** How many members it has. */
    public int size() {
        return members.size();
    }

    /** When it was made, in seconds since the epoch. */
    public long created() {
        return created;
    }

    /** Its topic, or null when none was set. */
    public Topic topic() {
        return topic;
    }

    void topic(Topic topic) {
        this.topic = topic;
    }

    /** Its members, at this moment. */
    public List<Member> members() {
        return new ArrayList<>(members.values());
    }

    /** The nicknames in the room, sorted ignoring case. */
    public List<String> who() {
        List<String> nicks = new ArrayList<>();
        for (Member member : members.values()) {
            nicks.add(member.nick());
        }
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }

    /** The form two room names are compared in: names that look alike are one room ({@link Confusables#fold}). */
    public static String fold(String name) {
        return Confusables.fold(name);
    }

    /**
     * Why {@code name} cannot name a room, or null when it can: {@code #}, then letters, digits and
     * {@code - _ .}, at most {@code maxName} characters and {@link #MAX_NAME_BYTES} bytes in all.
     */
    public static String problem(String name, int maxName) {
        if (!name.startsWith("#") || name.length() < 2) {
            return "a room name starts with # and has at least one more character, such as #lab3";
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxName) {
            return "a room name has at most " + maxName + " characters; that one has " + length;
        }
        if (ChatText.cut(name, MAX_NAME_BYTES).length() < name.length()) {
            return "a room name has at most " + MAX_NAME_BYTES + " bytes of UTF-8";
        }
        boolean ok = name.substring(1).codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_' || c == '.');
        return ok ? null : "a room name has only letters, digits and - _ . after the #";
    }
}
