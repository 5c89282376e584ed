package org.tcpkit.chat;

/**
 * One event as the chat's log put it in order.
 *
 * @param id     its id, the same on every server: the server it came from and that server's number for it
 * @param time   when it entered the log, in milliseconds since the epoch
 * @param origin the id of the server it came from
 * @param seq    that server's number for it
 * @param event  what happened
 * @param late   whether it reaches this server late: it entered the log while this server could not read it
 *               (an outage of the shared log), and is delivered now, once, marked with its time
 */
public record Entry(String id, long time, String origin, long seq, ChatEvent event, boolean late) {
    /** This entry, marked late or not. */
    public Entry late(boolean late) {
        return late == this.late ? this : new Entry(id, time, origin, seq, event, late);
    }
}
