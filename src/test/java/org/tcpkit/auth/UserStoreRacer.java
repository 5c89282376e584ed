package org.tcpkit.auth;

import java.nio.file.Path;

/** A second program sharing a user file: registers {@code count} accounts named {@code prefix0, prefix1 ...}. */
public final class UserStoreRacer {
    private UserStoreRacer() {
    }

    public static void main(String[] args) throws Exception {
        UserStore store = UserStore.open(Path.of(args[0]));
        String hash = new PasswordHasher(1, 1).hash("racer-password".toCharArray());
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            if (!store.register(args[1] + i, hash)) {
                throw new IllegalStateException("lost a registration: " + args[1] + i);
            }
        }
    }
}
