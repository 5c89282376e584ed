package org.tcpkit.chat.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Events signed with a secret the servers share ({@link RedisSettings#SECRET_VARIABLE}), so that whoever can
 * publish on the Redis but is not one of the servers cannot forge one: HMAC-SHA256 over the message as sent,
 * appended as its last field, {@code "sig"}. Without a secret nothing is signed and nothing is checked.
 */
final class Seal {
    /** The shortest secret taken, in characters. */
    static final int MIN_SECRET = 16;
    private static final String FIELD = ",\"sig\":\"";
    /** Base64 of 32 bytes. */
    private static final int SIGNATURE_LENGTH = 44;

    private final SecretKeySpec key;

    /** @param secret the shared secret, at least {@link #MIN_SECRET} characters */
    Seal(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** {@code json} (one object) with its signature added as the last field. */
    String sign(String json) {
        return json.substring(0, json.length() - 1) + FIELD + signature(json) + "\"}";
    }

    /**
     * The message as it was signed, once its signature is checked and taken off.
     *
     * @throws IllegalArgumentException when it carries no signature, or one that does not match
     */
    String open(String message) {
        int at = message.length() - SIGNATURE_LENGTH - FIELD.length() - 2;
        if (at < 1 || !message.startsWith(FIELD, at) || !message.endsWith("\"}")) {
            throw new IllegalArgumentException("no signature, and this chat's servers sign every event");
        }
        String json = message.substring(0, at) + "}";
        byte[] given = message.substring(at + FIELD.length(), message.length() - 2).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, signature(json).getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("a signature that does not match (a forged event, or a server with "
                    + "another secret)");
        }
        return json;
    }

    private String signature(String json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
