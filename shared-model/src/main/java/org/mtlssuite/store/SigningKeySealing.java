package org.mtlssuite.store;

import java.nio.charset.StandardCharsets;

/**
 * The rules of sealing signing keys at rest that more than the AS's key protection must know: the
 * seal versions stored in {@code signing_key.seal_version}, and the smallest secret accepted (the
 * production start-up checks refuse a shorter one in one line, the AS itself in every profile).
 */
public final class SigningKeySealing {

    /** AES-256-GCM under SHA-256(label, secret); every release before HKDF wrote this. */
    public static final int V1_SHA256 = 1;
    /** AES-256-GCM under HKDF-SHA256(secret, per-key random salt, label). */
    public static final int V2_HKDF = 2;
    public static final String SECRET_SETTING = "authz.key-protection.secret";
    public static final int MIN_SECRET_BYTES = 32;

    private SigningKeySealing() {
    }

    /** What is wrong with this secret, or null when it is long enough. */
    public static String secretProblem(String secret) {
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            return "is " + bytes + " bytes long; at least " + MIN_SECRET_BYTES
                    + " are required (32+ random bytes, for instance openssl rand -base64 48)";
        }
        return null;
    }
}
