package org.mtlssuite.authz.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.mtlssuite.authz.config.AuthzConfig;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Seals signing private keys at rest: AES-256-GCM under a key derived from
 * {@code authz.key-protection.secret}, with the key's {@code kid} as associated data so a sealed key
 * cannot be moved to another row. Stored form: 12-byte nonce, then ciphertext and tag.
 */
@Singleton
public class KeyProtection {

    private static final int NONCE_BYTES = 12;

    @Inject
    AuthzConfig config;

    private SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    @PostConstruct
    void init() {
        String secret = config.keyProtection().secret();
        if (secret.length() < 16) {
            throw new IllegalStateException("authz.key-protection.secret is too short (use 32+ random bytes)");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("mtls-suite signing-key protection v1\0".getBytes(StandardCharsets.US_ASCII));
            key = new SecretKeySpec(sha.digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] seal(String kid, byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal signing key", e);
        }
    }

    public byte[] open(String kid, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open signing key " + kid
                    + ": authz.key-protection.secret differs from the one that sealed it", e);
        }
    }
}
