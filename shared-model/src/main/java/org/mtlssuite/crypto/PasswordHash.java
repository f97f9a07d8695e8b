package org.mtlssuite.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt (BouncyCastle's OpenBSD-compatible implementation) for every secret a person or a client
 * chooses and we must check later: client secrets and end-user passwords.
 */
public final class PasswordHash {

    private static final int COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Checked when the account does not exist, so that an unknown name costs as much time as a
     * wrong password and response times do not reveal which accounts exist.
     */
    private static final String DECOY = hash("decoy-password-for-unknown-accounts");

    private PasswordHash() {
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(secret.getBytes(StandardCharsets.UTF_8), salt, COST);
    }

    /** Whether {@code secret} matches {@code hash}; a null hash (no such account) is checked against a decoy and fails. */
    public static boolean verify(String secret, String hash) {
        if (secret == null) {
            return false;
        }
        try {
            boolean match = OpenBSDBCrypt.checkPassword(hash == null ? DECOY : hash, secret.getBytes(StandardCharsets.UTF_8));
            return match && hash != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
