package org.tcpkit.cli;

import java.util.Locale;

/** Sizes as people write them on a command line: {@code 4096}, {@code 512K}, {@code 10M}, {@code 1G}. */
final class Sizes {
    private Sizes() {
    }

    /** The size in bytes, or -1 when {@code text} is not a size (K, M and G are powers of 1024). */
    static long parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(t) * unit;
    }
}
