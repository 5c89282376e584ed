package org.tcpkit.chat;

import java.util.function.Function;

/**
 * One event as each door spells it, spelled once per door however many members hear it (the first
 * {@link #DOORS} doors asked, which is every door a server has: the line door and the IRC door's spellings; a
 * door past those would be spelled for each of its members, still correctly). Members of other servers
 * ({@link Door#ELSEWHERE}) get nothing here and take no place among them.
 */
final class Spelled {
    /** How many doors' spellings are kept. */
    static final int DOORS = 8;

    private final Function<Door, byte[]> spell;
    private final Door[] doors = new Door[DOORS];
    private final byte[][] bytes = new byte[DOORS][];

    Spelled(Function<Door, byte[]> spell) {
        this.spell = spell;
    }

    byte[] by(Door door) {
        if (door == Door.ELSEWHERE) {
            return null;
        }
        int i = 0;
        while (i < DOORS && doors[i] != null) {
            if (doors[i] == door) {
                return bytes[i];
            }
            i++;
        }
        byte[] spelled = spell.apply(door);
        if (i < DOORS) {
            doors[i] = door;
            bytes[i] = spelled;
        }
        return spelled;
    }
}
