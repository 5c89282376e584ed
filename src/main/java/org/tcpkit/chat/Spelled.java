package org.tcpkit.chat;

import java.util.function.Function;

/**
 * One event as each door spells it, spelled once per door however many members hear it (the first two doors
 * asked; a third would be spelled for each of its members, still correctly). Members of other servers
 * ({@link Door#ELSEWHERE}) get nothing here and take no place among the two.
 */
final class Spelled {
    private final Function<Door, byte[]> spell;
    private Door first;
    private byte[] firstBytes;
    private Door second;
    private byte[] secondBytes;

    Spelled(Function<Door, byte[]> spell) {
        this.spell = spell;
    }

    byte[] by(Door door) {
        if (door == Door.ELSEWHERE) {
            return null;
        }
        if (door == first) {
            return firstBytes;
        }
        if (door == second) {
            return secondBytes;
        }
        byte[] bytes = spell.apply(door);
        if (first == null) {
            first = door;
            firstBytes = bytes;
        } else if (second == null) {
            second = door;
            secondBytes = bytes;
        }
        return bytes;
    }
}
