package org.tcpkit.chat.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One IRC message from a client, parsed as RFC 1459 and modern.ircdocs.horse describe it:
 * {@code [@tags] [:prefix] COMMAND [params] [:trailing]}. The prefix a client sends is ignored.
 *
 * @param command the command, in upper case
 * @param params  the parameters, the trailing one last (at most {@link #MAX_PARAMS})
 * @param tags    its tag section as sent, escaped, without the {@code @} ({@code label=a1;+typing=active}); empty
 *                for none
 */
record IrcMessage(String command, List<String> params, String tags) {

    /** Parameters a message may have; a 15th takes the rest of the line, as the RFC says. */
    static final int MAX_PARAMS = 15;

    /** The message on {@code line}, or null for a line with no command. */
    static IrcMessage parse(String line) {
        int at = 0;
        int end = line.length();
        String tags = "";
        if (line.startsWith("@")) {
            at = skipWord(line, at);
            tags = line.substring(1, at);
        }
        at = skipSpaces(line, at);
        if (at < end && line.charAt(at) == ':') {
            at = skipSpaces(line, skipWord(line, at));
        }
        int commandEnd = skipWord(line, at);
        if (commandEnd == at) {
            return null;
        }
        String command = line.substring(at, commandEnd).toUpperCase(Locale.ROOT);
        List<String> params = new ArrayList<>();
        at = skipSpaces(line, commandEnd);
        while (at < end) {
            if (line.charAt(at) == ':' || params.size() == MAX_PARAMS - 1) {
                params.add(line.substring(line.charAt(at) == ':' ? at + 1 : at));
                break;
            }
            int wordEnd = skipWord(line, at);
            params.add(line.substring(at, wordEnd));
            at = skipSpaces(line, wordEnd);
        }
        return new IrcMessage(command, List.copyOf(params), tags);
    }

    /** Parameter {@code i}, or null when there are fewer. */
    String param(int i) {
        return i < params.size() ? params.get(i) : null;
    }

    /** The value of its {@code label} tag (labeled-response), still escaped; null when it has none or a bad one. */
    String label() {
        String label = org.tcpkit.chat.ClientTags.value(tags, "label");
        return label == null || label.isEmpty() || label.length() > 64 || !label.matches("[\\x21-\\x7e]+") ? null
                : label;
    }

    /** How many parameters it has. */
    int count() {
        return params.size();
    }

    private static int skipWord(String line, int at) {
        while (at < line.length() && line.charAt(at) != ' ') {
            at++;
        }
        return at;
    }

    private static int skipSpaces(String line, int at) {
        while (at < line.length() && line.charAt(at) == ' ') {
            at++;
        }
        return at;
    }
}
