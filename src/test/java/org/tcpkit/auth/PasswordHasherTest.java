package org.tcpkit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void theDefaultCostIsOwaspsAndIsStoredBesideTheHash() throws Exception {
        PasswordHasher hasher = PasswordHasher.standard();
        String stored = hasher.hash("correct horse".toCharArray());
        String[] parts = stored.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("600000", parts[1]);
        assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(parts[3]).length);
        assertFalse(stored.contains("correct horse"));
        assertTrue(hasher.verify("correct horse".toCharArray(), stored));
        assertFalse(hasher.verify("correct horsE".toCharArray(), stored));
    }

    @Test
    void everyHashHasItsOwnSalt() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 1);
        assertNotEquals(hasher.hash("same password".toCharArray()), hasher.hash("same password".toCharArray()));
    }

    @Test
    void oldHashesVerifyAfterTheCostIsRaised() throws Exception {
        String old = new PasswordHasher(1000, 1).hash("password1".toCharArray());
        PasswordHasher raised = new PasswordHasher(2000, 1);
        assertTrue(raised.verify("password1".toCharArray(), old));
        assertTrue(raised.weakerThanCurrent(old));
        assertFalse(raised.weakerThanCurrent(raised.hash("password1".toCharArray())));
    }

    @Test
    void malformedStoredValuesNeverVerify() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 1);
        for (String bad : new String[] {"", "password1", "pbkdf2-sha256$x$y$z", "md5$1$AAAA$AAAA"}) {
            assertFalse(hasher.verify("password1".toCharArray(), bad), bad);
            assertFalse(PasswordHasher.wellFormed(bad), bad);
        }
    }

    @Test
    void passwordLengthRules() {
        assertTrue(PasswordHasher.problem("short".toCharArray()).contains("at least 8"));
        assertNull(PasswordHasher.problem("eight888".toCharArray()));
        assertTrue(PasswordHasher.problem("x".repeat(129).toCharArray()).contains("at most 128"));
    }

    @Test
    void aPasswordWithNulInItNeverVerifiesThoughItsHashIsTheSame() throws Exception {
        PasswordHasher hasher = new PasswordHasher(1000, 1);
        String stored = hasher.hash("password1".toCharArray());
        for (String nul : new String[] {"password1\0", "password1\0\0", "pass\0word1", "\0password1"}) {
            assertFalse(hasher.verify(nul.toCharArray(), stored), nul.replace("\0", "NUL"));
        }
        assertTrue(hasher.verify("password1".toCharArray(), stored));
        assertEquals("a password may not contain the NUL character",
                PasswordHasher.problem("password1\0".toCharArray()));
    }
}
