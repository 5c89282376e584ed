package org.tcpkit.chat.irc;

import org.tcpkit.auth.AuthSession;
import org.tcpkit.auth.PasswordHasher;
import org.tcpkit.chat.Member;
import org.tcpkit.net.Connection;

/**
 * IRCv3's {@code draft/account-registration}, offered with {@code --auth}: {@code REGISTER <account> <email>
 * <password>} before connecting makes the account named as the client's nickname (the account is the
 * nickname, as with PASS and SASL; {@code *} names it), by the line door's rules (the name's and the password's,
 * the registrations an address may make in an hour, a hashing slot), and logs the client in to it. No e-mail is
 * asked for or kept. After connecting, a member is logged in already.
 */
final class Enrolling {
    /** The accounts of {@code --auth}, or null: then REGISTER is not offered. */
    private final AuthSession login;
    private String account;

    Enrolling(AuthSession login) {
        this.login = login;
    }

    /** The account the client made and is logged in to, or null. */
    String account() {
        return account;
    }

    /**
     * REGISTER before connecting.
     *
     * @param nick     the nickname the client chose, or null
     * @param loggedIn whether the client logged in already (with SASL)
     */
    void step(IrcMessage message, Replies replies, Connection connection, String nick, boolean loggedIn) {
        String asked = message.param(0);
        if (login == null) {
            replies.reply(Numeric.ERR_UNKNOWNCOMMAND, "REGISTER");
            return;
        }
        if (account != null || loggedIn) {
            fail(replies, "ALREADY_AUTHENTICATED", asked, "You are logged in already");
            return;
        }
        if (nick == null) {
            fail(replies, "NEED_NICK", asked, "Choose a nickname first: the account is named as it");
            return;
        }
        if (!asked.equals("*") && !asked.equalsIgnoreCase(nick)) {
            fail(replies, "ACCOUNT_NAME_MUST_BE_NICK", asked, "The account is named as your nickname, " + nick);
            return;
        }
        char[] password = message.param(2).toCharArray();
        try {
            AuthSession.Enrolment enrolment = login.enrol(nick, password, connection);
            switch (enrolment.result()) {
                case CREATED -> {
                    account = nick;
                    replies.raw(":" + replies.server() + " REGISTER SUCCESS " + nick + " :" + enrolment.why());
                    replies.numeric(Numeric.RPL_LOGGEDIN, nick + "!*@*", nick, "You are now logged in as " + nick);
                }
                case TAKEN -> fail(replies, "ACCOUNT_EXISTS", nick, enrolment.why());
                case BAD_NAME -> fail(replies, "BAD_ACCOUNT_NAME", nick, enrolment.why());
                case WEAK_PASSWORD -> fail(replies, "WEAK_PASSWORD", nick, enrolment.why());
                case LIMITED, TRY_LATER, FAILED -> fail(replies, "TEMPORARILY_UNAVAILABLE", nick, enrolment.why());
            }
        } finally {
            PasswordHasher.wipe(password);
        }
    }

    /** REGISTER from a member: not offered, or it is logged in already. */
    static void afterConnecting(IrcMessage message, Replies replies, Capabilities caps, Member member) {
        if (!caps.offers(Capabilities.ACCOUNT_REGISTRATION)) {
            replies.reply(Numeric.ERR_UNKNOWNCOMMAND, "REGISTER");
        } else {
            fail(replies, "ALREADY_AUTHENTICATED", member.account() == null ? message.param(0) : member.account(),
                    "You are logged in already");
        }
    }

    private static void fail(Replies replies, String code, String account, String text) {
        // The name as asked goes back only when it is one safe word; else the reply names no account.
        String named = account.length() <= 64 && account.matches("[^\\s:\\p{Cntrl}][^\\s\\p{Cntrl}]*") ? account : "*";
        replies.raw(":" + replies.server() + " FAIL REGISTER " + code + " " + named + " :" + text);
    }
}
