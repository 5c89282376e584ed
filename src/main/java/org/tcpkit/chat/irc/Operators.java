package org.tcpkit.chat.irc;

import java.util.Locale;
import java.util.Set;
import org.tcpkit.auth.AuthSession;
import org.tcpkit.net.Connection;

/**
 * Who may become an IRC operator with {@code OPER NAME PASSWORD}: accounts of the user file named by
 * {@code --irc-opers}, checked with the login throttle like any login. An operator is an operator of every
 * room it is in and may disconnect anyone ({@code KILL}).
 */
public final class Operators {
    private final Set<String> names;
    private final AuthSession accounts;

    /**
     * @param names    the account names that may become operators
     * @param accounts the user file's accounts, to check their passwords
     */
    public Operators(Set<String> names, AuthSession accounts) {
        this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.accounts = accounts;
    }

    /** Whether {@code name} is one of the accounts that may become an operator. */
    boolean listed(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Checks the account's password (throttled and logged as a login). */
    AuthSession.Verdict check(String name, char[] password, Connection connection) {
        return accounts.verify(name, password, connection);
    }
}
