package org.tcpkit.chat.irc;

import java.util.List;
import java.util.Locale;
import org.tcpkit.chat.Chat;
import org.tcpkit.chat.Member;
import org.tcpkit.chat.Room;
import org.tcpkit.chat.Speech;

/**
 * What an IRC client says: PRIVMSG and NOTICE (CTCP ACTION as an action, other CTCP dropped) and TAGMSG, to
 * rooms and members, with the client-only tags it put on them when it asked for {@code message-tags}. Text
 * loses IRC formatting and every control or invisible character; a message too long for its hearers gets 417
 * and is not sent, a notice is cut.
 */
final class IrcSpeech {
    private final Chat chat;
    private final Replies replies;
    private final Capabilities caps;
    private final Member member;

    IrcSpeech(Chat chat, Replies replies, Capabilities caps, Member member) {
        this.chat = chat;
        this.replies = replies;
        this.caps = caps;
        this.member = member;
    }

    void speak(IrcMessage message, Speech speech) {
        boolean answer = speech != Speech.NOTICE;
        if (message.count() < 1 || message.param(0).isEmpty()) {
            if (answer) {
                replies.numeric(Numeric.ERR_NORECIPIENT, "No recipient given (" + message.command() + ")");
            }
            return;
        }
        if (message.count() < 2 || message.param(1).isEmpty()) {
            if (answer) {
                replies.reply(Numeric.ERR_NOTEXTTOSEND);
            }
            return;
        }
        String text = message.param(1);
        if (text.charAt(0) == IrcText.CTCP) {
            String ctcp = text.substring(1, text.endsWith("" + IrcText.CTCP) && text.length() > 1
                    ? text.length() - 1 : text.length());
            if (speech != Speech.MESSAGE || !ctcp.toUpperCase(Locale.ROOT).startsWith("ACTION ")) {
                return;
            }
            speech = Speech.ACTION;
            text = ctcp.substring("ACTION ".length());
        }
        text = IrcText.clean(text);
        if (text.isBlank()) {
            return;
        }
        sendTo(IrcCommands.targets(message.param(0)), speech, text, clientTags(message), answer);
    }

    /** The client-only tags of a message, when the client asked for {@code message-tags}; else none. */
    private String clientTags(IrcMessage message) {
        return caps.has(Capabilities.MESSAGE_TAGS) ? org.tcpkit.chat.ClientTags.of(message.tags()) : "";
    }

    /**
     * TAGMSG target (IRCv3 {@code message-tags}): the client-only tags alone, to a room or a member, for the
     * clients that asked for message tags. Without any such tag there is nothing to pass on.
     */
    void tagmsg(IrcMessage message) {
        String tags = clientTags(message);
        if (!tags.isEmpty()) {
            sendTo(IrcCommands.targets(message.param(0)), Speech.TAG, "", tags, true);
        }
    }

    /** A line to each of {@code targets}, answered as PRIVMSG is ({@code answer}) or silently (NOTICE). */
    private void sendTo(List<String> targets, Speech speech, String text, String tags, boolean answer) {
        // Each target past the first costs a line of the flood rate, as if sent alone.
        member.flood().charge(targets.size() - 1);
        for (String target : targets) {
            int over = speech == Speech.TAG ? 0 : overLine(target, speech, text);
            if (over > 0 && answer) {
                // Cut, it would reach its hearers as something the sender did not send; split, as two.
                replies.numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long: as others get it, it is " + over
                        + " bytes over IRC's 512; nothing was sent");
                continue;
            }
            String said = over > 0 ? org.tcpkit.chat.ChatText.cut(text, IrcText.utf8(text) - over) : text;
            if (target.startsWith("#")) {
                Room room = chat.room(target);
                if (room == null) {
                    if (answer) {
                        replies.reply(Numeric.ERR_NOSUCHCHANNEL, target);
                    }
                } else if (!chat.say(member, room, speech, said, tags) && answer) {
                    replies.numeric(Numeric.ERR_CANNOTSENDTOCHAN, room.name(), cannotSend(member, room));
                }
            } else {
                Member to = chat.tell(member, target, speech, said, tags);
                if (to == null && answer) {
                    replies.reply(Numeric.ERR_NOSUCHNICK, target);
                } else if (to != null && answer && to.away() != null && speech != Speech.TAG) {
                    replies.numeric(Numeric.RPL_AWAY, to.nick(), to.away());
                }
            }
        }
    }

    /** Why {@code member} may not speak in {@code room}, as a 404 says it. */
    static String cannotSend(Member member, Room room) {
        return !member.isIn(room) && room.noExternal() ? "Cannot send to channel (you are not in it)"
                : room.moderated() ? "Cannot send to channel (+m)" : "Cannot send to channel (+b)";
    }

    /**
     * How many bytes what the member says to {@code target} would go over one IRC line as its hearers get it
     * ({@code :nick!user@host PRIVMSG target :text}), or 0 when it fits.
     */
    private int overLine(String target, Speech speech, String text) {
        int length = IrcText.utf8(":" + IrcDoor.prefix(member) + (speech == Speech.NOTICE ? " NOTICE " : " PRIVMSG ")
                + target + " :") + IrcText.utf8(text) + (speech == Speech.ACTION ? "\u0001ACTION \u0001".length() : 0) + 2;
        return Math.max(0, length - IrcText.MAX_LINE);
    }
}
