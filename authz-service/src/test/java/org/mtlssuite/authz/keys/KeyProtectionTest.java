package org.mtlssuite.authz.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.mtlssuite.store.SigningKeySealing;

/**
 * Sealing at rest, checked against an independent implementation written here with the JDK only
 * (HKDF per RFC 5869 from HMAC-SHA256, AES-GCM): both versions open, and a short secret is refused.
 */
class KeyProtectionTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    static final byte[] PKCS8 = "a private key, in reality PKCS#8 DER".getBytes(StandardCharsets.US_ASCII);

    /** RFC 5869 with HMAC-SHA256, one output block (32 bytes), written independently of BouncyCastle. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return mac.doFinal();
    }

    static byte[] gcmOpen(byte[] key, byte[] sealed, int offset, String kid) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, offset, 12));
        c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(sealed, offset + 12, sealed.length - offset - 12);
    }

    @Test
    void version2IsAesGcmUnderHkdfSha256OfTheSecretWithAStoredRandomSalt() throws Exception {
        KeyProtection p = KeyProtection.withSecret(SECRET);
        byte[] sealed = p.seal("kid-1", PKCS8, SigningKeySealing.V2_HKDF);
        byte[] salt = Arrays.copyOfRange(sealed, 0, 32);
        byte[] key = hkdf(SECRET.getBytes(StandardCharsets.UTF_8), salt,
                "mtls-suite signing-key protection v2".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(PKCS8, gcmOpen(key, sealed, 32, "kid-1"), "the documented format opens independently");
        assertArrayEquals(PKCS8, p.open("kid-1", sealed, SigningKeySealing.V2_HKDF));

        byte[] again = p.seal("kid-1", PKCS8, SigningKeySealing.V2_HKDF);
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(again, 0, 32)), Arrays.toString(salt), "each seal has its own salt");
        // The kid is associated data: a sealed key moved to another row does not open.
        assertThrows(IllegalStateException.class, () -> p.open("kid-2", sealed, SigningKeySealing.V2_HKDF));
        // Another secret does not open it.
        assertThrows(IllegalStateException.class,
                () -> KeyProtection.withSecret(SECRET + "-other").open("kid-1", sealed, SigningKeySealing.V2_HKDF));
    }

    @Test
    void version1SealsOfEarlierReleasesStillOpen() throws Exception {
        // Sealed as every release before HKDF did: AES-GCM under SHA-256(label || secret), nonce || ciphertext.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("mtls-suite signing-key protection v1\0".getBytes(StandardCharsets.US_ASCII));
        byte[] key = sha.digest(SECRET.getBytes(StandardCharsets.UTF_8));
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD("kid-1".getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(PKCS8);
        byte[] legacy = new byte[12 + ct.length];
        System.arraycopy(nonce, 0, legacy, 0, 12);
        System.arraycopy(ct, 0, legacy, 12, ct.length);

        KeyProtection p = KeyProtection.withSecret(SECRET);
        assertArrayEquals(PKCS8, p.open("kid-1", legacy, SigningKeySealing.V1_SHA256));
        // And what this release writes as version 1 is what an earlier release opens.
        assertArrayEquals(PKCS8, gcmOpen(key, p.seal("kid-1", PKCS8, SigningKeySealing.V1_SHA256), 0, "kid-1"));
        // A version-1 seal read as version 2 (or the reverse) does not open.
        assertThrows(IllegalStateException.class, () -> p.open("kid-1", legacy, SigningKeySealing.V2_HKDF));
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyProtection.withSecret("x".repeat(31)));
        assertEquals("authz.key-protection.secret is 31 bytes long; at least 32 are required (32+ random bytes, for instance"
                + " openssl rand -base64 48)", e.getMessage());
        assertTrue(KeyProtection.withSecret("x".repeat(32)) != null);
        // Bytes, not characters: 16 two-byte characters are 32 bytes.
        KeyProtection.withSecret("é".repeat(16));
        // The secrets this repository ships for dev and test are long enough.
        KeyProtection.withSecret("dev-only-key-protection-secret-not-for-production");
        KeyProtection.withSecret("test-only-key-protection-secret-not-for-production");
    }
}
