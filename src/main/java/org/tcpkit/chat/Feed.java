package org.tcpkit.chat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The lines said in one room, as one door spells them, appended once for everyone: each member's writer reads
 * them from its own place ({@link Cursor}) and copies them to its socket in batches. Saying a line in a room
 * of 200 therefore costs one append and 200 looks at the readers (is its writer asleep, is it too far
 * behind), not 200 queued copies that another core must then fetch one by one.
 *
 * <p>The lines live in segments that grow from 1 KiB to 64 KiB while lines keep coming; a segment no reader
 * still needs is garbage, so a feed holds what its slowest member has yet to take (bounded by the outbox's
 * {@link Outbox#MOST_BYTES}: a member further behind is dropped) and, once all have it, its last segment.
 * Appends are serialized by the feed (under the room's read lock, so several senders may append at once);
 * readers read without locks: a segment's count is published after its bytes, and its link to the next
 * segment after its last count. The room's own order (its read and write locks) says where
 * a reader starts and ends, so a member gets exactly the lines said while it was in the room.
 */
final class Feed {
    /** The first segment's size, and the size again after a quiet spell. */
    static final int MIN_SEGMENT = 1024;
    /** The largest segment, reached while lines come fast. */
    static final int MOST_SEGMENT = 64 * 1024;
    /** A segment filled sooner than this after it was made makes the next one twice as large. */
    private static final long FAST_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Cursor[] NONE = new Cursor[0];

    final Door door;
    /** The segment lines are appended to; only the appender writes it. */
    private volatile Segment tail = new Segment(0, MIN_SEGMENT);
    /** The members reading it, changed under the room's write lock. */
    private volatile Cursor[] readers = NONE;

    Feed(Door door) {
        this.door = door;
    }

    /**
     * Appends one line, said by the member with outbox {@code from} (null for no local sender); its own writer
     * sends {@code echo} in its place (nothing when null). Returns where the feed ends now, in bytes.
     */
    synchronized long append(byte[] line, Outbox from, byte[] echo) {
        Segment segment = tail;
        int count = segment.count;
        int used = segment.offset(count);
        if (count == segment.ends.length || used + line.length > segment.data.length) {
            boolean fast = System.nanoTime() - segment.born < FAST_NANOS;
            int size = fast ? Math.min(MOST_SEGMENT, 2 * segment.data.length) : MIN_SEGMENT;
            Segment next = new Segment(segment.end(), Math.max(size, line.length));
            segment.next = next;
            tail = next;
            segment = next;
            count = 0;
            used = 0;
        }
        System.arraycopy(line, 0, segment.data, used, line.length);
        segment.ends[count] = used + line.length;
        segment.senders[count] = from;
        segment.echoes[count] = echo;
        segment.count = count + 1;
        return segment.base + used + line.length;
    }

    /** Where the feed ends now, in bytes since it began. */
    long position() {
        return tail.end();
    }

    /** The members reading it now. */
    Cursor[] readers() {
        return readers;
    }

    /**
     * A new reader, a member of this server, from the feed's end on (under the room's write lock, so no line is
     * said meanwhile).
     */
    Cursor follow(Member member) {
        Cursor cursor = new Cursor(this, member, tail);
        Cursor[] now = readers;
        Cursor[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = cursor;
        readers = more;
        return cursor;
    }

    /**
     * The reader stops at the feed's end (under the room's write lock): it still gets what was said up to now,
     * nothing after.
     */
    void unfollow(Member member) {
        Cursor[] now = readers;
        int at = 0;
        while (at < now.length && now[at].member != member) {
            at++;
        }
        if (at == now.length) {
            return;
        }
        now[at].end = position();
        Cursor[] fewer = new Cursor[now.length - 1];
        System.arraycopy(now, 0, fewer, 0, at);
        System.arraycopy(now, at + 1, fewer, at, now.length - at - 1);
        readers = fewer;
    }

    /** A run of lines: bytes, where each line ends, who said it and what its sender gets instead. */
    private static final class Segment {
        final long base;
        final byte[] data;
        final int[] ends;
        final Outbox[] senders;
        final byte[][] echoes;
        final long born = System.nanoTime();
        /** Lines published: their bytes and ends are written before it is. */
        volatile int count;
        /** The segment after it; once set, {@link #count} no longer changes. */
        volatile Segment next;

        Segment(long base, int size) {
            this.base = base;
            this.data = new byte[size];
            int lines = Math.max(16, size / 32);
            this.ends = new int[lines];
            this.senders = new Outbox[lines];
            this.echoes = new byte[lines][];
        }

        /** Where its published lines end, in the feed's bytes. */
        long end() {
            int count = this.count;
            return base + (count == 0 ? 0 : ends[count - 1]);
        }

        int offset(int line) {
            return line == 0 ? 0 : ends[line - 1];
        }
    }

    /**
     * One member's place in a feed. Only its writer moves it; {@link #position} tells the room how far behind
     * the member is, {@link #end} where it stops after leaving.
     */
    static final class Cursor {
        final Feed feed;
        final Member member;
        private final Outbox outbox;
        private Segment segment;
        private int line;
        /** The feed's bytes the writer has taken. */
        private volatile long position;
        /** Where the reader stops: the feed's end when the member left, else no end. */
        private volatile long end = Long.MAX_VALUE;

        private Cursor(Feed feed, Member member, Segment tail) {
            this.feed = feed;
            this.member = member;
            this.outbox = member.outbox;
            this.segment = tail;
            this.line = tail.count;
            this.position = tail.end();
        }

        /** The feed's bytes its writer has taken. */
        long position() {
            return position;
        }

        /** Whether lines wait for it. */
        boolean hasLines() {
            return position < Math.min(end, feed.position());
        }

        /** Whether it left and took every line said before. */
        boolean done() {
            return position >= end;
        }

        /**
         * Copies the lines up to {@code upTo} (a position in the feed) into {@code batch}, its member's own
         * lines replaced by their echo, stopping once {@code budget} bytes are taken.
         */
        void copy(long upTo, Batch batch, long budget) {
            long limit = Math.min(upTo, end);
            long at = position;
            long taken = 0;
            Segment s = segment;
            int i = line;
            while (at < limit && taken < budget) {
                Segment next = s.next;
                int count = s.count;
                if (i == count) {
                    if (next == null) {
                        break;
                    }
                    s = next;
                    i = 0;
                    continue;
                }
                int run = s.offset(i);
                while (i < count && s.base + s.ends[i] <= limit && taken < budget) {
                    if (s.senders[i] == outbox) {
                        batch.add(s.data, run, s.offset(i) - run);
                        if (s.echoes[i] != null) {
                            batch.add(s.echoes[i], 0, s.echoes[i].length);
                        }
                        run = s.ends[i];
                    }
                    taken += s.ends[i] - s.offset(i);
                    i++;
                }
                batch.add(s.data, run, s.offset(i) - run);
                at = s.base + s.offset(i);
                if (i < count) {
                    break;
                }
            }
            segment = s;
            line = i;
            position = at;
        }
    }
}
