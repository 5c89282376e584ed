package org.tcpkit.chat;

/** What kind of line someone says: a message, an action ({@code /me}, IRC's CTCP ACTION) or a notice. */
public enum Speech {
    MESSAGE, ACTION, NOTICE
}
