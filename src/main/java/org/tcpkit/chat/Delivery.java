package org.tcpkit.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How an event reaches members: through each one's outbox, spelled by its door, under the write locks of the
 * rooms concerned so that it falls between the same two lines for everyone there; a member whose outbox refuses
 * (it stopped reading, or too much waits) is marked and dropped once no lock is held ({@link ChatState#drop}).
 */
final class Delivery {
    private Delivery() {
    }

    /** Write locks held together; closing releases them. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the write locks of {@code rooms} (under the chat's lock, so writers never wait on each other in
     * another order; a sender holds one read lock only). While they are held nothing is said in those rooms,
     * so a notice delivered meanwhile falls between the same two lines for everyone there.
     */
    static Held holding(java.util.Collection<Room> rooms) {
        List<Room> held = new ArrayList<>(rooms);
        for (Room room : held) {
            room.order.writeLock().lock();
        }
        return () -> {
            for (Room room : held) {
                room.order.writeLock().unlock();
            }
        };
    }

    /** Gives everyone in {@code room} the event (under the lock). */
    static void tell(Room room, Spelled event, List<Member> drops) {
        for (Member member : room.members.values()) {
            deliver(member, event.by(member.door), drops);
        }
    }

    /** Everyone who shares a room with the member, the member included, each once. */
    static Set<Member> neighbours(Member member) {
        Set<Member> all = new LinkedHashSet<>();
        all.add(member);
        for (Room room : member.rooms) {
            all.addAll(room.members.values());
        }
        return all;
    }

    /**
     * Queues bytes (none when null); a member its outbox refuses (it stopped reading, or too much waits) is
     * marked for removal and added to {@code drops}.
     */
    static void deliver(Member member, byte[] bytes, List<Member> drops) {
        byte[] shaped = Answer.shaped(member, bytes);
        if (shaped != null) {
            dropIfRefused(member, member.outbox.offer(shaped), drops);
        }
    }

    /** A member its outbox refused ({@code accepted} false) is marked for removal once and added to {@code drops}. */
    static void dropIfRefused(Member member, boolean accepted, List<Member> drops) {
        if (!accepted && member.removal.compareAndSet(null, member.outbox.overflow())) {
            drops.add(member);
        }
    }
}
