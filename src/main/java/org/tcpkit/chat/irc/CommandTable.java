package org.tcpkit.chat.irc;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every command the IRC door takes, declared once, as ergo's {@code commands.go} and ngircd's {@code parse.c}
 * keep them: the parameters it needs, whether it is taken before registration, and how many lines of the
 * client's flood allowance it costs. {@link #admit} answers a command that cannot run (421 unknown, 451 not
 * registered, 461 too few parameters) in one place; {@link IrcCommands} and the registration then act on
 * it, one method each. A new command is one row here and one method there.
 */
final class CommandTable {
    /**
     * One command.
     *
     * @param name               as the client sends it, in capitals
     * @param minParams          fewer parameters, or an empty one among them, get 461 (commands that answer a missing parameter with a
     *                           numeric of their own, 411 or 431, say, declare 0)
     * @param beforeRegistration whether a client may send it before it is registered
     * @param cost               lines of the flood allowance it takes: 1 for most, more for the questions
     *                           whose answers are long
     */
    record Row(String name, int minParams, boolean beforeRegistration, int cost) {
    }

    private static final Map<String, Row> ROWS = new TreeMap<>();

    static {
        // Registration, and what a client may say while registering.
        row("CAP", 1, true, 1);
        row("PASS", 1, true, 1);
        row("AUTHENTICATE", 1, true, 1);
        row("REGISTER", 3, true, 1);
        row("NICK", 0, true, 1);
        row("USER", 4, true, 1);
        row("PING", 0, true, 1);
        row("PONG", 0, true, 1);
        row("QUIT", 0, true, 1);
        // Talking and moving between rooms.
        row("PRIVMSG", 0, false, 1);
        row("NOTICE", 0, false, 1);
        row("TAGMSG", 1, false, 1);
        row("JOIN", 1, false, 1);
        row("PART", 1, false, 1);
        row("TOPIC", 1, false, 1);
        row("MODE", 1, false, 1);
        row("AWAY", 0, false, 1);
        // An empty real name gets a FAIL of its own, as the setname specification says.
        row("SETNAME", 0, false, 1);
        row("KICK", 2, false, 1);
        row("INVITE", 2, false, 1);
        // Questions.
        row("NAMES", 0, false, 1);
        row("LIST", 0, false, 2);
        row("WHO", 0, false, 2);
        row("WHOIS", 0, false, 1);
        row("WHOWAS", 0, false, 1);
        row("ISON", 1, false, 1);
        row("USERHOST", 1, false, 1);
        row("MONITOR", 1, false, 1);
        row("MOTD", 0, false, 1);
        row("LUSERS", 0, false, 1);
        row("VERSION", 0, false, 1);
        row("TIME", 0, false, 1);
        row("INFO", 0, false, 1);
        row("LINKS", 0, false, 1);
        // Its missing parameters get a FAIL of their own, as the chathistory specification says.
        row("CHATHISTORY", 0, false, 2);
        // Operators.
        row("OPER", 2, false, 1);
        row("KILL", 1, false, 1);
        row("WALLOPS", 1, false, 1);
        row("CHGHOST", 3, false, 1);
    }

    private CommandTable() {
    }

    private static void row(String name, int minParams, boolean beforeRegistration, int cost) {
        ROWS.put(name, new Row(name, minParams, beforeRegistration, cost));
    }

    /** The row of {@code command} (in capitals), or null for a command the door does not know. */
    static Row row(String command) {
        return ROWS.get(command);
    }

    /** Every command the door takes, by name. */
    static Iterable<String> names() {
        return ROWS.keySet();
    }

    /**
     * The row of {@code message}'s command when it may run now, or null after the reply saying why not.
     *
     * @param registered whether the client is registered
     */
    static Row admit(IrcMessage message, Replies replies, boolean registered) {
        Row row = ROWS.get(message.command());
        if (row == null) {
            replies.reply(Numeric.ERR_UNKNOWNCOMMAND, message.command());
            return null;
        }
        if (!registered && !row.beforeRegistration()) {
            replies.reply(Numeric.ERR_NOTREGISTERED, message.command());
            return null;
        }
        for (int i = 0; i < row.minParams(); i++) {
            if (i >= message.count() || message.param(i).isEmpty()) {
                replies.reply(Numeric.ERR_NEEDMOREPARAMS, row.name());
                return null;
            }
        }
        return row;
    }
}
