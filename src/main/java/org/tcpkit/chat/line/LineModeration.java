package org.tcpkit.chat.line;

import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Operators;
import org.tcpkit.chat.Room;

/**
 * The line door's commands for a room's operators: {@code /kick}, {@code /invite} and {@code /mode}, each
 * answered with one line when it cannot be done. What is done is told to the room as the chat tells it.
 */
final class LineModeration {
    static final String USAGE_MODE = "! Usage: /mode (see the room's modes), /mode +i|-i|+m|-m|+n|-n|+s|-s|+t|-t, "
            + "/mode +k KEY|-k, /mode +l N|-l, /mode +b|-b|+e|-e|+I|-I NICK!USER@HOST, /mode +o|-o|+v|-v NICK.";

    private LineModeration() {
    }

    /** {@code /kick NICK [REASON]} in the member's room. */
    static void kick(Chat chat, Member member, Room room, String rest) {
        String[] words = rest.split(" ", 2);
        if (words[0].isEmpty()) {
            chat.notice(member, "! Usage: /kick NICK [REASON].");
            return;
        }
        Member target = chat.member(words[0]);
        if (target == null) {
            chat.notice(member, "! No such user: " + words[0]);
            return;
        }
        String reason = words.length > 1 ? words[1] : "";
        refused(chat, member, room, target, chat.operators().kick(member, room, target, reason));
    }

    /** {@code /invite NICK} into the member's room. */
    static void invite(Chat chat, Member member, Room room, String rest) {
        Member target = rest.isEmpty() ? null : chat.member(rest.split(" ")[0]);
        if (rest.isEmpty()) {
            chat.notice(member, "! Usage: /invite NICK.");
        } else if (target == null) {
            chat.notice(member, "! No such user: " + rest.split(" ")[0]);
        } else if (target.isIn(room)) {
            chat.notice(member, "! " + target.nick() + " is in " + room.name() + " already.");
        } else if (!refused(chat, member, room, target, chat.operators().invite(member, room, target))) {
            chat.notice(member, "* You invited " + target.nick() + " to " + room.name() + ".");
        }
    }

    /** {@code /mode [CHANGE [ARG]]} of the member's room. */
    static void mode(Chat chat, Member member, Room room, String rest) {
        if (rest.isEmpty()) {
            chat.notice(member, "* " + room.name() + " is " + room.modes(true) + ".");
            return;
        }
        String[] words = rest.split(" +", 2);
        String change = words[0];
        String arg = words.length > 1 ? words[1].strip() : null;
        if (!change.matches("[+-][beIiklmnstov]")) {
            chat.notice(member, USAGE_MODE);
            return;
        }
        boolean on = change.charAt(0) == '+';
        char mode = change.charAt(1);
        if (mode == 'o' || mode == 'v') {
            Member target = arg == null ? null : chat.member(arg);
            if (target == null) {
                chat.notice(member, arg == null ? USAGE_MODE : "! No such user: " + arg);
                return;
            }
            refused(chat, member, room, target, chat.operators().status(member, room, target, mode, on));
            return;
        }
        boolean list = mode == 'b' || mode == 'e' || mode == 'I';
        if (list && arg != null) {
            arg = Room.banMask(arg);
        }
        String problem = on || list ? Room.modeProblem(mode, arg) : null;
        if (problem != null) {
            chat.notice(member, "! " + problem);
            return;
        }
        refused(chat, member, room, null, chat.operators().mode(member, room, change, Room.takesArg(mode, on)
                ? java.util.List.of(arg) : java.util.List.of()));
    }

    /** Says why, when {@code refusal} is one; returns whether it was. */
    private static boolean refused(Chat chat, Member member, Room room, Member target, Operators.Refusal refusal) {
        if (refusal == null) {
            return false;
        }
        chat.notice(member, "! " + switch (refusal) {
            case NOT_IN_ROOM -> "You are not in " + room.name() + ".";
            case NOT_OPERATOR -> "Only the operators of " + room.name() + " may do that.";
            case TARGET_NOT_IN_ROOM -> (target == null ? "They are" : target.nick() + " is") + " not in "
                    + room.name() + ".";
        });
        return true;
    }
}
