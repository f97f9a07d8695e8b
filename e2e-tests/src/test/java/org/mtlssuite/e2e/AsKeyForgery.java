package org.mtlssuite.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.mtlssuite.devsupport.Suite;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs tokens with the running AS's current key, for the cases the AS itself never mints (another
 * issuer, expired, not yet valid): the test opens the sealed key as documented (AES-256-GCM with the
 * kid as associated data; seal version 1: key = SHA-256 of the label and the secret, stored as nonce
 * and ciphertext; version 2: key = HKDF-SHA256 of the secret with the stored 32-byte salt, stored as
 * salt, nonce and ciphertext), independently of the AS code (HKDF from the JDK's HMAC here).
 */
final class AsKeyForgery {

    record CurrentKey(String kid, PrivateKey key) {
    }

    private AsKeyForgery() {
    }

    static CurrentKey currentKey() throws Exception {
        Suite suite = E2eSuite.get();
        String secret = Files.readString(suite.options().stateDir().resolve("key-protection.secret")).trim();
        try (Connection c = DriverManager.getConnection(suite.database().jdbcUrl("authz"), suite.database().user(),
                suite.database().password()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select kid, algorithm, private_key_sealed, seal_version from signing_key where status = 'current'")) {
            rs.next();
            String kid = rs.getString(1);
            byte[] sealed = rs.getBytes(3);
            int offset;
            byte[] aesKey;
            if (rs.getInt(4) == 2) {
                offset = 32;
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(java.util.Arrays.copyOf(sealed, 32), "HmacSHA256"));
                byte[] prk = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
                mac.init(new SecretKeySpec(prk, "HmacSHA256"));
                mac.update("mtls-suite signing-key protection v2".getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) 1);
                aesKey = mac.doFinal();
            } else {
                offset = 0;
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update("mtls-suite signing-key protection v1\0".getBytes(StandardCharsets.US_ASCII));
                aesKey = sha.digest(secret.getBytes(StandardCharsets.UTF_8));
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, sealed, offset, 12));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] pkcs8 = cipher.doFinal(sealed, offset + 12, sealed.length - offset - 12);
            return new CurrentKey(kid, KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        }
    }

    static String sign(JWTClaimsSet claims) throws Exception {
        CurrentKey k = currentKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.kid())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new ECDSASigner((java.security.interfaces.ECPrivateKey) k.key()));
        return jwt.serialize();
    }
}
