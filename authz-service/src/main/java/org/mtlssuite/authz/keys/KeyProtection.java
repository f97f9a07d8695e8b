package org.mtlssuite.authz.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.store.SigningKeySealing;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Seals signing private keys at rest with AES-256-GCM, the key's {@code kid} as associated data
 * (a sealed key cannot be moved to another row). Two versions, and every replica opens both:
 * <ul>
 * <li>{@link SigningKeySealing#V2_HKDF}: the AES key is HKDF-SHA256 (RFC 5869, BouncyCastle) of
 * {@code authz.key-protection.secret} with a random 32-byte salt stored in the seal. Stored form:
 * salt (32), nonce (12), ciphertext and tag.</li>
 * <li>{@link SigningKeySealing#V1_SHA256}: the AES key is SHA-256 of a label and the secret, as
 * every earlier release wrote it. Stored form: nonce (12), ciphertext and tag.</li>
 * </ul>
 * Which version new seals use is decided by {@link SigningKeyLifecycle} (a replica of an earlier release
 * opens only version 1). The secret must have at least 32 bytes.
 */
@Singleton
public class KeyProtection {

    private static final int NONCE_BYTES = 12;
    private static final int SALT_BYTES = 32;
    private static final byte[] V1_LABEL = "mtls-suite signing-key protection v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_INFO = "mtls-suite signing-key protection v2".getBytes(StandardCharsets.US_ASCII);

    @Inject
    AuthzConfig config;

    private byte[] secret;
    private SecretKeySpec v1Key;
    private final SecureRandom random = new SecureRandom();

    @PostConstruct
    void init() {
        init(config.keyProtection().secret());
    }

    /** For tests without a container. */
    static KeyProtection withSecret(String secret) {
        KeyProtection p = new KeyProtection();
        p.init(secret);
        return p;
    }

    private void init(String configured) {
        String problem = SigningKeySealing.secretProblem(configured);
        if (problem != null) {
            throw new IllegalStateException(SigningKeySealing.SECRET_SETTING + " " + problem);
        }
        secret = configured.getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(V1_LABEL);
            v1Key = new SecretKeySpec(sha.digest(secret), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals with the given version ({@link SigningKeySealing#V1_SHA256} or {@link SigningKeySealing#V2_HKDF}). */
    public byte[] seal(String kid, byte[] plaintext, int version) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] salt = null;
            SecretKeySpec key;
            if (version == SigningKeySealing.V2_HKDF) {
                salt = new byte[SALT_BYTES];
                random.nextBytes(salt);
                key = v2Key(salt);
            } else if (version == SigningKeySealing.V1_SHA256) {
                key = v1Key;
            } else {
                throw new IllegalArgumentException("unknown seal version " + version);
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate((salt == null ? 0 : salt.length) + nonce.length + ct.length);
            if (salt != null) {
                out.put(salt);
            }
            return out.put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal signing key", e);
        }
    }

    public byte[] open(String kid, byte[] sealed, int version) {
        try {
            SecretKeySpec key;
            int offset;
            if (version == SigningKeySealing.V2_HKDF) {
                if (sealed.length < SALT_BYTES + NONCE_BYTES + 16) {
                    throw new IllegalStateException("cannot open signing key " + kid + ": the sealed value is truncated");
                }
                key = v2Key(Arrays.copyOfRange(sealed, 0, SALT_BYTES));
                offset = SALT_BYTES;
            } else if (version == SigningKeySealing.V1_SHA256) {
                key = v1Key;
                offset = 0;
            } else {
                throw new IllegalStateException("cannot open signing key " + kid + ": unknown seal version " + version);
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, offset, NONCE_BYTES));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open signing key " + kid
                    + ": authz.key-protection.secret differs from the one that sealed it", e);
        }
    }

    private SecretKeySpec v2Key(byte[] salt) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, salt, V2_INFO));
        byte[] okm = new byte[32];
        hkdf.generateBytes(okm, 0, okm.length);
        return new SecretKeySpec(okm, "AES");
    }
}
