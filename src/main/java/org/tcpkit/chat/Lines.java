package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines people say, as this server delivers and keeps them: a room's lines go into its feeds, one per door,
 * under the room's read lock (so they take one order with its notices) and into its history; private lines go
 * to their addressee and their sender's echo. Nothing here waits on a socket: a member its outbox refuses is
 * dropped once the locks are let go.
 */
final class Lines {
    private final ChatState state;

    Lines(ChatState state) {
        this.state = state;
    }

    /**
     * A line said in a room ({@code entry}, as the log gave it): kept in the room's history, and appended to the
     * room's feeds once per door (the sender's own writer sends its echo in its place), waking the members'
     * writers that sleep. A line that reaches this server late is marked with its time.
     */
    void sayIn(Member from, Room room, Speech speech, String text, Entry entry) {
        List<Member> drops = new ArrayList<>(0);
        room.order.readLock().lock();
        try {
            if (speech != Speech.TAG) {
                state.history.add(Room.fold(room.name), entry, name -> state.rooms.containsKey(name));
            }
            for (Feed feed : room.feeds()) {
                // Nobody in the room came through that door: nothing to spell, nothing to keep.
                if (feed.readers().length == 0) {
                    continue;
                }
                byte[] echo = from.door == feed.door ? feed.door.echo(from, room, speech, text, entry) : null;
                if (echo != null && Answer.of(from) != null) {
                    // Part of the sender's answer to its command: queued with the rest of that answer.
                    Delivery.deliver(from, echo, drops);
                    echo = null;
                }
                byte[] said = feed.door.said(from, room, speech, text, entry);
                if (said == null) {
                    // This door's clients do not hear this kind of line (a tag message).
                    if (echo != null) {
                        Delivery.deliver(from, echo, drops);
                    }
                    continue;
                }
                long end = feed.append(said, from.outbox, echo);
                for (Feed.Cursor reader : feed.readers()) {
                    Delivery.dropIfRefused(reader.member, reader.member.outbox.fed(reader, end), drops);
                }
            }
        } finally {
            room.order.readLock().unlock();
        }
        state.drop(drops);
    }

    /** A line said in room {@code room} before this server read the log: kept in its history only. */
    void remember(String room, Entry entry) {
        state.history.add(Room.fold(room), entry, name -> state.rooms.containsKey(name));
    }

    /** A private message: to its addressee and its sender's echo, whichever of them is on this server. */
    void tell(Member from, Member to, Speech speech, String text, Entry entry) {
        List<Member> drops = new ArrayList<>(0);
        byte[] told = to.door.told(from, to, speech, text, entry);
        if (to == from) {
            // To itself: the copy it gets as addressee is not its answer; the echo, if its door gives one, is.
            if (told != null) {
                Delivery.dropIfRefused(to, to.outbox.offer(told), drops);
            }
        } else {
            Delivery.deliver(to, told, drops);
        }
        Delivery.deliver(from, from.door.toldEcho(from, to, speech, text, entry), drops);
        state.drop(drops);
    }

    /**
     * The last lines of {@code room} as its history gives them to {@code member} (none when it keeps none);
     * returns how many.
     */
    int history(Member member, Room room, int count) {
        if (!state.history.on() || count <= 0) {
            return 0;
        }
        List<Entry> lines = state.history.recent(Room.fold(room.name), count, System.currentTimeMillis());
        if (!lines.isEmpty()) {
            state.send(member, member.door.history(member, room, lines, state.history.kept()));
        }
        return lines.size();
    }
}
