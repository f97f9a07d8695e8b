package org.mtlssuite.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque bearer values we hand out and later recognise (authorization codes, refresh tokens,
 * registration access tokens): 256 random bits, stored only as their SHA-256 so that a read of the
 * database does not yield usable tokens. The AS and the introspection service hash the same way.
 */
public final class OpaqueToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueToken() {
    }

    /** A new token: 32 random bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of a token: SHA-256 of its UTF-8 bytes, base64url without padding. */
    public static String hash(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether a presented token is opaque (ours are) rather than a JWS compact serialization. */
    public static boolean looksOpaque(String token) {
        return token.indexOf('.') < 0;
    }
}
