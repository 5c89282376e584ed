package org.tcpkit.chat.irc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Entry;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Room;

/**
 * CHATHISTORY (IRCv3 {@code draft/chathistory}) over the rooms' history: {@code LATEST}, {@code BEFORE},
 * {@code AFTER}, {@code AROUND} and {@code BETWEEN} a room's kept lines, by {@code msgid=} (the id the chat's
 * log gave a line, the same on every server) or {@code timestamp=}, and {@code TARGETS}, the rooms with lines
 * between two times. Answers come in a {@code chathistory} batch, oldest line first, tagged as live lines are.
 * Only rooms the client is in can be asked about; private messages are never kept, so a nickname's history is
 * an empty batch. Problems are FAILs, as the specification names them.
 */
final class IrcHistory {
    /** The most lines one request gets (ISUPPORT {@code CHATHISTORY}). */
    static final int MOST = 100;

    private final Chat chat;
    private final Replies replies;
    private final Capabilities caps;
    private final Member member;

    IrcHistory(Chat chat, Replies replies, Capabilities caps, Member member) {
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
    }

    /** Where a request points in a room's lines: a line's id (its place in them) or a time. */
    private record Ref(long time, int index) {
        boolean before(Entry entry, int i) {
            return index >= 0 ? i < index : entry.time() < time;
        }

        boolean after(Entry entry, int i) {
            return index >= 0 ? i > index : entry.time() > time;
        }
    }

    void handle(IrcMessage message) {
        if (!caps.has(Capabilities.CHATHISTORY)) {
            replies.reply(Numeric.ERR_UNKNOWNCOMMAND, "CHATHISTORY");
            return;
        }
        String sub = message.count() > 0 ? message.param(0).toUpperCase(Locale.ROOT) : "*";
        int needed = switch (sub) {
            case "LATEST", "BEFORE", "AFTER", "AROUND", "TARGETS" -> 4;
            case "BETWEEN" -> 5;
            default -> -1;
        };
        if (needed < 0) {
            fail("INVALID_PARAMS", sub, "Unknown subcommand");
            return;
        }
        if (message.count() < needed) {
            fail("NEED_MORE_PARAMS", sub, "Missing parameters");
            return;
        }
        int limit = limit(message.param(needed - 1));
        if (limit < 0) {
            fail("INVALID_PARAMS", sub + " " + message.param(needed - 1), "Invalid limit");
            return;
        }
        if (sub.equals("TARGETS")) {
            targets(message.param(1), message.param(2), limit);
            return;
        }
        String target = message.param(1);
        List<Entry> lines;
        if (target.startsWith("#")) {
            Room room = chat.room(target);
            if (room == null || !member.isIn(room)) {
                fail("INVALID_TARGET", sub + " " + target, "Messages could not be retrieved: you are not in "
                        + target);
                return;
            }
            target = room.name();
            lines = chat.kept(room);
        } else if (chat.member(target) != null || target.equalsIgnoreCase(member.nick())) {
            // Private messages are not kept.
            lines = List.of();
        } else {
            fail("INVALID_TARGET", sub + " " + target, "Messages could not be retrieved: no such room or nickname");
            return;
        }
        List<Entry> chosen = choose(sub, message, lines, limit);
        if (chosen == null) {
            fail("INVALID_PARAMS", sub, "Invalid message reference: give msgid=ID, timestamp=TIME or * (LATEST)");
            return;
        }
        send("chathistory " + target, chosen);
    }

    /** The lines a request picks, oldest first; null when a reference cannot be read. */
    private static List<Entry> choose(String sub, IrcMessage message, List<Entry> lines, int limit) {
        String first = message.param(2);
        if (sub.equals("LATEST") && first.equals("*")) {
            return last(lines, null, null, limit);
        }
        Ref ref = ref(first, lines);
        if (ref == null) {
            return null;
        }
        if (ref.index() == -2) {
            return List.of();
        }
        return switch (sub) {
            case "LATEST" -> last(lines, ref, null, limit);
            case "BEFORE" -> last(lines, null, ref, limit);
            case "AFTER" -> first(lines, ref, null, limit);
            case "AROUND" -> around(lines, ref, limit);
            default -> {
                Ref other = ref(message.param(3), lines);
                if (other == null) {
                    yield null;
                }
                if (other.index() == -2) {
                    yield List.of();
                }
                boolean forward = Comparator.comparingLong(Ref::time).thenComparingInt(Ref::index)
                        .compare(ref, other) <= 0;
                yield forward ? first(lines, ref, other, limit) : last(lines, other, ref, limit);
            }
        };
    }

    /** The first {@code limit} lines after {@code from} and before {@code to} (either null: no bound). */
    private static List<Entry> first(List<Entry> lines, Ref from, Ref to, int limit) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < limit; i++) {
            Entry entry = lines.get(i);
            if ((from == null || from.after(entry, i)) && (to == null || to.before(entry, i))) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The last {@code limit} lines after {@code from} and before {@code to}, oldest first. */
    private static List<Entry> last(List<Entry> lines, Ref from, Ref to, int limit) {
        List<Entry> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            Entry entry = lines.get(i);
            if ((from == null || from.after(entry, i)) && (to == null || to.before(entry, i))) {
                out.add(0, entry);
            }
        }
        return out;
    }

    /** {@code limit} lines around the reference, half before it, the line itself among them. */
    private static List<Entry> around(List<Entry> lines, Ref ref, int limit) {
        int center = ref.index();
        if (center < 0) {
            center = 0;
            while (center < lines.size() && lines.get(center).time() < ref.time()) {
                center++;
            }
        }
        int start = Math.max(0, center - limit / 2);
        int end = Math.min(lines.size(), start + limit);
        start = Math.max(0, end - limit);
        return lines.subList(start, end);
    }

    /**
     * {@code msgid=ID} (index -2 when no kept line has it) or {@code timestamp=TIME}; null when it is neither.
     */
    private static Ref ref(String given, List<Entry> lines) {
        if (given.startsWith("msgid=")) {
            String id = given.substring("msgid=".length());
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).id().equals(id)) {
                    return new Ref(lines.get(i).time(), i);
                }
            }
            return new Ref(0, -2);
        }
        if (given.startsWith("timestamp=")) {
            try {
                return new Ref(Instant.parse(given.substring("timestamp=".length())).toEpochMilli(), -1);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** TARGETS: the client's rooms whose last kept line is between the two times, oldest first. */
    private void targets(String from, String to, int limit) {
        Ref a = from.startsWith("timestamp=") ? ref(from, List.of()) : null;
        Ref b = to.startsWith("timestamp=") ? ref(to, List.of()) : null;
        if (a == null || b == null) {
            fail("INVALID_PARAMS", "TARGETS", "Give two times: timestamp=TIME timestamp=TIME");
            return;
        }
        long low = Math.min(a.time(), b.time());
        long high = Math.max(a.time(), b.time());
        record Target(String room, long last) {
        }
        List<Target> found = new ArrayList<>();
        for (Room room : member.rooms()) {
            List<Entry> lines = chat.kept(room);
            if (!lines.isEmpty()) {
                long last = lines.get(lines.size() - 1).time();
                if (last > low && last < high) {
                    found.add(new Target(room.name(), last));
                }
            }
        }
        found.sort(Comparator.comparingLong(Target::last));
        String id = replies.batchId();
        boolean batch = caps.has(Capabilities.BATCH);
        if (batch) {
            replies.raw(":" + replies.server() + " BATCH +" + id + " draft/chathistory-targets");
        }
        for (Target target : found.subList(0, Math.min(limit, found.size()))) {
            replies.raw((batch ? "@batch=" + id + " " : "") + ":" + replies.server() + " CHATHISTORY TARGETS "
                    + target.room() + " " + IrcText.time(target.last()));
        }
        if (batch) {
            replies.raw(":" + replies.server() + " BATCH -" + id);
        }
    }

    /** The lines, in a batch of {@code type} when the client asked for batches. */
    private void send(String type, List<Entry> lines) {
        IrcDoor door = (IrcDoor) member.door();
        boolean batch = caps.has(Capabilities.BATCH);
        String id = replies.batchId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (batch) {
            out.writeBytes(IrcText.line(":" + replies.server() + " BATCH +" + id + " " + type));
        }
        for (Entry entry : lines) {
            byte[] spelled = door.replayed(entry);
            if (spelled == null) {
                continue;
            }
            String text = new String(spelled, StandardCharsets.UTF_8);
            for (String line : text.split("\r\n")) {
                // Tagged: longer than 512 bytes with its tags, as IRCv3 allows; not cut.
                byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
                out.writeBytes(batch ? Labeled.tag(bytes, "batch=" + id) : bytes);
            }
        }
        if (batch) {
            out.writeBytes(IrcText.line(":" + replies.server() + " BATCH -" + id));
        }
        replies.send(out.toByteArray());
    }

    /** A request's limit: 1 and up, at most {@link #MOST}; -1 when it is not a number. */
    private static int limit(String given) {
        if (!given.matches("[0-9]{1,9}") || Integer.parseInt(given) == 0) {
            return -1;
        }
        return Math.min(MOST, Integer.parseInt(given));
    }

    private void fail(String code, String context, String text) {
        replies.raw(":" + replies.server() + " FAIL CHATHISTORY " + code + " " + context + " :" + text);
    }
}
