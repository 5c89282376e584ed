package org.tcpkit.auth;

/** Wording shared by the identification and authentication dialogues. */
final class Greetings {
    static final String ECHO_BEGINS = "Everything you send from now on is echoed back; send exit to leave.";

    private Greetings() {
    }

    /** "60 s", or "700 ms" under a second. */
    static String duration(java.time.Duration time) {
        return time.toMillis() < 1000 ? time.toMillis() + " ms" : time.toSeconds() + " s";
    }

    /** "a name needs..." becomes "A name needs...." */
    static String sentence(String phrase) {
        String capital = phrase.isEmpty() ? phrase : Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }
}
