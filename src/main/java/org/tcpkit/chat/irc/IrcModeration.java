package org.tcpkit.chat.irc;

import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Nicks;
import org.tcpkit.chat.Operators;
import org.tcpkit.chat.Room;

/**
 * MODE (a room's modes and statuses, a member's own {@code +i}), KICK and INVITE, with the numerics RFC 2812
 * and modern.ircdocs.horse give them. A room's modes: {@code +i} invite-only, {@code +k} key, {@code +l}
 * limit, {@code +m} moderated, {@code +s} secret, {@code +t} topic by operators; {@code +n} always.
 */
final class IrcModeration {
    private final Chat chat;
    private final Replies replies;
    private final Member member;

    IrcModeration(Chat chat, Replies replies, Member member) {
        this.chat = chat;
        this.replies = replies;
        this.member = member;
    }

    void mode(IrcMessage message) {
        String target = message.param(0);
        if (!target.startsWith("#")) {
            userMode(message, target);
            return;
        }
        Room room = chat.room(target);
        if (room == null) {
            replies.reply(Numeric.ERR_NOSUCHCHANNEL, target);
            return;
        }
        String change = message.count() > 1 ? message.param(1) : "";
        if (message.count() > 2) {
            // Parameters after the change: a change (a list mode with no mask asks for the list).
            changes(room, message, change);
            return;
        }
        switch (change) {
            case "" -> {
                String[] modes = (room.name() + " " + room.modes(member.isIn(room))).split(" ");
                replies.numeric(Numeric.RPL_CHANNELMODEIS, modes);
                replies.plain(Numeric.RPL_CREATIONTIME, room.name(), "" + room.created());
            }
            case "b", "+b" -> list(room, 'b', Numeric.RPL_BANLIST, Numeric.RPL_ENDOFBANLIST);
            case "e", "+e" -> list(room, 'e', Numeric.RPL_EXCEPTLIST, Numeric.RPL_ENDOFEXCEPTLIST);
            case "I", "+I" -> list(room, 'I', Numeric.RPL_INVITELIST, Numeric.RPL_ENDOFINVITELIST);
            default -> changes(room, message, change);
        }
    }

    /** One of the room's lists of masks, one reply each, then its end. */
    private void list(Room room, char mode, Numeric each, Numeric end) {
        for (Room.Ban ban : room.list(mode)) {
            replies.plain(each, room.name(), ban.mask(), ban.by(), "" + ban.at());
        }
        replies.reply(end, room.name());
    }

    /**
     * A string of changes ({@code +it-k}, {@code +kl key 10}, {@code +o nick}), each taking its parameter in
     * turn: statuses ({@code o}, {@code v}) are given one by one; the room's modes go to the chat as one change,
     * told to the room as one MODE line of what changed.
     */
    private void changes(Room room, IrcMessage message, String change) {
        if (!member.isIn(room) && !member.serverOperator()) {
            replies.reply(Numeric.ERR_NOTONCHANNEL, room.name());
            return;
        }
        boolean operator = room.isOperator(member) || member.serverOperator();
        boolean on = true;
        int next = 2;
        boolean refused = false;
        StringBuilder modes = new StringBuilder();
        java.util.List<String> args = new java.util.ArrayList<>();
        for (char mode : change.toCharArray()) {
            if (mode == '+' || mode == '-') {
                on = mode == '+';
                continue;
            }
            String arg = null;
            // A key is taken with -k too, as clients send it.
            boolean takesArg = mode == 'o' || mode == 'v' || mode == 'k' || Room.takesArg(mode, on);
            if (takesArg && next < message.count()) {
                arg = message.param(next++);
            }
            if (Room.MODES.indexOf(mode) < 0 && mode != 'o' && mode != 'v') {
                replies.reply(Numeric.ERR_UNKNOWNMODE, String.valueOf(mode));
                continue;
            }
            if (!operator) {
                if (!refused) {
                    replies.reply(Numeric.ERR_CHANOPRIVSNEEDED, room.name());
                    refused = true;
                }
                continue;
            }
            if (mode == 'o' || mode == 'v') {
                if (arg == null) {
                    replies.reply(Numeric.ERR_NEEDMOREPARAMS, "MODE");
                } else {
                    status(room, arg, mode, on);
                }
                continue;
            }
            boolean list = mode == 'b' || mode == 'e' || mode == 'I';
            if (list && arg == null) {
                continue;
            }
            if (list) {
                arg = Room.banMask(arg);
            }
            String problem = on || list ? Room.modeProblem(mode, arg) : null;
            if (problem != null) {
                if (mode == 'k') {
                    replies.numeric(Numeric.ERR_INVALIDKEY, room.name(), problem);
                } else {
                    replies.numeric(Numeric.ERR_INVALIDMODEPARAM, room.name(), String.valueOf(mode),
                            arg == null || arg.isEmpty() ? "*" : arg, problem);
                }
                continue;
            }
            modes.append(on ? '+' : '-').append(mode);
            if (Room.takesArg(mode, on)) {
                args.add(arg);
            }
        }
        if (modes.length() > 0) {
            Operators.Refusal refusal = chat.operators().mode(member, room, modes.toString(), args);
            if (refusal == Operators.Refusal.NOT_OPERATOR && !refused) {
                replies.reply(Numeric.ERR_CHANOPRIVSNEEDED, room.name());
            }
        }
    }

    private void userMode(IrcMessage message, String target) {
        if (!Nicks.fold(target).equals(Nicks.fold(member.nick()))) {
            replies.reply(chat.member(target) == null ? Numeric.ERR_NOSUCHNICK : Numeric.ERR_USERSDONTMATCH, target);
            return;
        }
        boolean invisible = member.invisible();
        if (message.count() < 2) {
            replies.numeric(Numeric.RPL_UMODEIS, "+" + (invisible ? "i" : "") + (member.serverOperator() ? "o" : "")
                    + (member.wallops() ? "w" : ""));
            return;
        }
        boolean adding = true;
        boolean unknown = false;
        StringBuilder applied = new StringBuilder();
        for (char c : message.param(1).toCharArray()) {
            if (c == '+' || c == '-') {
                adding = c == '+';
            } else if (c == 'i') {
                if (invisible != adding) {
                    invisible = adding;
                    member.invisible(adding);
                    chat.flagsChanged(member);
                    applied.append(adding ? "+i" : "-i");
                }
            } else if (c == 'w') {
                // Only this server delivers WALLOPS to its own members: nothing for the others to know.
                if (member.wallops() != adding) {
                    member.wallops(adding);
                    applied.append(adding ? "+w" : "-w");
                }
            } else {
                unknown = true;
            }
        }
        if (applied.length() > 0) {
            replies.raw(":" + member.nick() + " MODE " + member.nick() + " :" + applied);
        }
        if (unknown) {
            replies.reply(Numeric.ERR_UMODEUNKNOWNFLAG);
        }
    }

    private void status(Room room, String nick, char status, boolean give) {
        Member target = chat.member(nick);
        if (target == null) {
            replies.reply(Numeric.ERR_NOSUCHNICK, nick);
            return;
        }
        answer(room, target, chat.operators().status(member, room, target, status, give));
    }

    /** KICK #room nick[,nick] [:reason]: by an operator of the room, each named member out of it. */
    void kick(IrcMessage message) {
        Room room = chat.room(message.param(0));
        if (room == null) {
            replies.reply(Numeric.ERR_NOSUCHCHANNEL, message.param(0));
            return;
        }
        String reason = message.count() > 2 ? IrcText.clean(message.param(2)) : "";
        for (String nick : IrcCommands.targets(message.param(1))) {
            Member target = chat.member(nick);
            if (target == null) {
                replies.reply(Numeric.ERR_NOSUCHNICK, nick);
            } else if (answer(room, target, chat.operators().kick(member, room, target, reason))) {
                return;
            }
        }
    }

    /** INVITE nick #room: the member may join the room even when it is invite-only; 341 to the one inviting. */
    void invite(IrcMessage message) {
        Member target = chat.member(message.param(0));
        Room room = chat.room(message.param(1));
        if (target == null) {
            replies.reply(Numeric.ERR_NOSUCHNICK, message.param(0));
        } else if (room == null) {
            replies.reply(Numeric.ERR_NOSUCHCHANNEL, message.param(1));
        } else if (!member.isIn(room)) {
            replies.reply(Numeric.ERR_NOTONCHANNEL, room.name());
        } else if (target.isIn(room)) {
            replies.reply(Numeric.ERR_USERONCHANNEL, target.nick(), room.name());
        } else if (!answer(room, target, chat.operators().invite(member, room, target))) {
            replies.plain(Numeric.RPL_INVITING, target.nick(), room.name());
            if (target.away() != null) {
                replies.numeric(Numeric.RPL_AWAY, target.nick(), target.away());
            }
        }
    }

    /** Answers a refusal with its numeric; returns whether there was one. */
    private boolean answer(Room room, Member target, Operators.Refusal refusal) {
        if (refusal == null) {
            return false;
        }
        switch (refusal) {
            case NOT_IN_ROOM -> replies.reply(Numeric.ERR_NOTONCHANNEL, room.name());
            case NOT_OPERATOR -> replies.reply(Numeric.ERR_CHANOPRIVSNEEDED, room.name());
            case TARGET_NOT_IN_ROOM -> replies.reply(Numeric.ERR_USERNOTINCHANNEL, target.nick(), room.name());
        }
        return refusal != Operators.Refusal.TARGET_NOT_IN_ROOM;
    }
}
