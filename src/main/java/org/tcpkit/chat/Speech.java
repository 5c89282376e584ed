package org.tcpkit.chat;

/**
 * What kind of line someone says: a message, an action ({@code /me}, IRC's CTCP ACTION), a notice, or a tag
 * message (IRC's {@code TAGMSG}: no text, only client tags such as a typing notification or a reaction, for
 * clients that asked for {@code message-tags}; other clients never see one, and rooms do not keep them).
 */
public enum Speech {
    MESSAGE, ACTION, NOTICE, TAG
}
