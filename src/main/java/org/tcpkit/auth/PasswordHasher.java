package org.tcpkit.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes from the JDK, stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64) so the cost can be raised later while
 * old hashes still verify.
 *
 * <p>One hash at this cost keeps a core busy for a noticeable fraction of a second, so only a fixed number
 * run at once; the rest wait their turn (bounded), leaving CPU for echo sessions. Checking a password
 * (a login) and making a new hash (a registration, a raised cost) have slots of their own, so logins never
 * wait behind a flood of registrations.
 */
public final class PasswordHasher {
    /** OWASP's recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD = 8;
    /** The longest password accepted, in characters. */
    public static final int MAX_PASSWORD = 128;
    /** How long a login waits for a free hashing slot before the server says it is busy. */
    public static final long SLOT_WAIT_SECONDS = 30;
    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final Semaphore checks;
    private final Semaphore creations;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param iterations PBKDF2 iterations for new hashes
     * @param permits    password checks computed at once (new hashes get half as many, at least one)
     */
    public PasswordHasher(int iterations, int permits) {
        if (iterations < 1 || permits < 1) {
            throw new IllegalArgumentException("iterations and permits must be positive");
        }
        this.iterations = iterations;
        this.checks = new Semaphore(permits, true);
        this.creations = new Semaphore(Math.max(1, permits / 2), true);
    }

    /** The default cost, with half the cores (at least one) checking passwords at once. */
    public static PasswordHasher standard() {
        return new PasswordHasher(DEFAULT_ITERATIONS, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    public int iterations() {
        return iterations;
    }

    /** Why {@code password} cannot be chosen, or null when it can. */
    public static String problem(char[] password) {
        if (password.length < MIN_PASSWORD) {
            return "a password needs at least " + MIN_PASSWORD + " characters";
        }
        if (password.length > MAX_PASSWORD) {
            return "a password has at most " + MAX_PASSWORD + " characters";
        }
        if (hasNul(password)) {
            return "a password may not contain the NUL character";
        }
        return null;
    }

    private static boolean hasNul(char[] password) {
        for (char c : password) {
            if (c == '\0') {
                return true;
            }
        }
        return false;
    }

    /** A new salted hash of {@code password}, in the stored form. */
    public String hash(char[] password) throws BusyException {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, creations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return ALGORITHM + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code stored}, compared in constant time. */
    public boolean verify(char[] password, String stored) throws BusyException {
        Parsed parsed = parse(stored);
        // PBKDF2's HMAC pads a key with zero bytes, so "secret" and "secret\0" give one hash: a password with
        // NUL in it is never the stored one (none can be chosen, and SASL PLAIN forbids it).
        if (parsed == null || hasNul(password)) {
            return false;
        }
        byte[] candidate = derive(password, parsed.salt, parsed.iterations, checks);
        return MessageDigest.isEqual(candidate, parsed.hash);
    }

    /** Whether {@code stored} was made with fewer iterations than new hashes get. */
    public boolean weakerThanCurrent(String stored) {
        Parsed parsed = parse(stored);
        return parsed != null && parsed.iterations < iterations;
    }

    /** Whether {@code stored} is a hash in the stored form (used to check the user file). */
    public static boolean wellFormed(String stored) {
        return parse(stored) != null;
    }

    private byte[] derive(char[] password, byte[] salt, int rounds, Semaphore slots) throws BusyException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        if (!acquired) {
            throw new BusyException();
        }
        PBEKeySpec spec = new PBEKeySpec(password, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            slots.release();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return null;
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (rounds < 1 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new Parsed(rounds, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Clears a password from memory once it is no longer needed. */
    public static void wipe(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    /** Every hashing slot stayed taken for {@link #SLOT_WAIT_SECONDS}: the server is too busy to check. */
    public static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("too many logins at once");
        }
    }
}
