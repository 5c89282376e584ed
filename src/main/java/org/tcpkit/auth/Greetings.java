package org.tcpkit.auth;

/** Wording shared by the dialogues of the identification, authentication and chat servers. */
public final class Greetings {
    static final String ECHO_BEGINS = "Everything you send from now on is echoed back; send exit to leave.";

    private Greetings() {
    }

    /** "a name needs..." becomes "A name needs...." */
    public static String sentence(String phrase) {
        String capital = phrase.isEmpty() ? phrase : Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }
}
