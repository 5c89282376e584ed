package org.tcpkit.chat.irc;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.net.Connection;

/**
 * SASL PLAIN (IRCv3's {@code sasl}, RFC 4616) while a client registers, against the accounts of {@code --auth}:
 * {@code AUTHENTICATE PLAIN}, {@code AUTHENTICATE +}, then the base64 of {@code authzid NUL authcid NUL
 * password} in pieces of 400 ({@code +} alone ends a message whose length is a multiple of 400). The password
 * is checked as a login is, throttled alike. Answers: 900 and 903 on success, 904 on failure, 906 when the
 * client aborts ({@code *}), 907 when it is already logged in, 908 with the mechanisms for another one.
 */
final class Sasl {
    /** The longest message taken: four pieces of 400 characters of base64. */
    private static final int MOST = 1600;

    private final AuthSession login;
    private boolean started;
    private final StringBuilder pieces = new StringBuilder();
    private String account;

    Sasl(AuthSession login) {
        this.login = login;
    }

    /** The account the client logged in as, or null. */
    String account() {
        return account;
    }

    /** One AUTHENTICATE. */
    void step(IrcMessage message, Replies replies, Connection connection, String nick) {
        String arg = message.param(0);
        if (account != null) {
            replies.reply(Numeric.ERR_SASLALREADY);
            return;
        }
        if (arg.equals("*")) {
            reset();
            replies.reply(Numeric.ERR_SASLABORTED);
            return;
        }
        if (!started) {
            if (!arg.equalsIgnoreCase("PLAIN")) {
                replies.reply(Numeric.RPL_SASLMECHS, "PLAIN");
                replies.reply(Numeric.ERR_SASLFAIL);
                return;
            }
            started = true;
            replies.raw("AUTHENTICATE +");
            return;
        }
        if (arg.length() > 400) {
            reset();
            replies.reply(Numeric.ERR_SASLTOOLONG);
            return;
        }
        if (pieces.length() + arg.length() > MOST) {
            // Pieces of the right size, but more than any PLAIN login needs: a failed login.
            reset();
            replies.numeric(Numeric.ERR_SASLFAIL, "SASL authentication failed: the message is longer than "
                    + MOST + " characters");
            return;
        }
        if (!arg.equals("+")) {
            pieces.append(arg);
        }
        if (arg.length() == 400) {
            return;
        }
        check(replies, connection, nick);
    }

    private void check(Replies replies, Connection connection, String nick) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(pieces.toString());
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        } finally {
            reset();
        }
        int first = indexOf(decoded, 0);
        int second = first < 0 ? -1 : indexOf(decoded, first + 1);
        char[] password = null;
        try {
            if (second < 0) {
                replies.reply(Numeric.ERR_SASLFAIL);
                return;
            }
            String authzid = utf8(decoded, 0, first);
            String authcid = utf8(decoded, first + 1, second);
            password = chars(decoded, second + 1, decoded.length);
            if (authcid == null || password == null || authcid.isEmpty()
                    || authzid == null || !authzid.isEmpty() && !authzid.equals(authcid)) {
                replies.reply(Numeric.ERR_SASLFAIL);
                return;
            }
            AuthSession.Verdict verdict = login.verify(authcid, password, connection);
            if (verdict != AuthSession.Verdict.ACCEPTED) {
                replies.numeric(Numeric.ERR_SASLFAIL, verdict == AuthSession.Verdict.REFUSED
                        ? "SASL authentication failed" : "SASL authentication failed: too many login attempts are "
                        + "waiting; try again in a minute");
                return;
            }
            account = authcid;
            replies.numeric(Numeric.RPL_LOGGEDIN, nick + "!*@*", authcid, "You are now logged in as " + authcid);
            replies.reply(Numeric.RPL_SASLSUCCESS);
        } finally {
            PasswordHasher.wipe(password);
            Arrays.fill(decoded, (byte) 0);
        }
    }

    private void reset() {
        started = false;
        pieces.setLength(0);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The UTF-8 text of {@code bytes[from..to)}, or null when it is not UTF-8. */
    private static String utf8(byte[] bytes, int from, int to) {
        CharBuffer chars = decode(bytes, from, to);
        return chars == null ? null : chars.toString();
    }

    private static char[] chars(byte[] bytes, int from, int to) {
        CharBuffer chars = decode(bytes, from, to);
        if (chars == null) {
            return null;
        }
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    private static CharBuffer decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from));
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
