package org.mtlssuite.cert;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The certificates a {@code self_signed_tls_client_auth} client registers (RFC 8705 2.2): the
 * {@code x5c[0]} of each JWK, whose public key must be the JWK's own key (RFC 7517 4.7).
 */
public final class JwksCertificates {

    private JwksCertificates() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong (not a JWK Set, a JWK without x5c, an x5c that
     *         does not parse, an x5c whose key differs from the JWK's key)
     */
    public static List<X509Certificate> parse(String jwksJson) {
        JsonWebKeySet set;
        try {
            set = new JsonWebKeySet(jwksJson);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JWK Set: " + e.getMessage());
        }
        if (set.getJsonWebKeys().isEmpty()) {
            throw new IllegalArgumentException("the JWK Set has no keys");
        }
        List<X509Certificate> out = new ArrayList<>();
        int i = 0;
        for (JsonWebKey jwk : set.getJsonWebKeys()) {
            if (!(jwk instanceof PublicJsonWebKey pjwk)) {
                throw new IllegalArgumentException("keys[" + i + "] is not a public key (kty " + jwk.getKeyType() + ")");
            }
            List<X509Certificate> chain = pjwk.getCertificateChain();
            if (chain == null || chain.isEmpty()) {
                throw new IllegalArgumentException("keys[" + i + "] has no x5c certificate");
            }
            X509Certificate cert = chain.get(0);
            if (!sameKey(cert.getPublicKey(), pjwk.getPublicKey())) {
                throw new IllegalArgumentException("keys[" + i + "].x5c[0] carries a different public key than the JWK");
            }
            out.add(cert);
            i++;
        }
        return out;
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return a != null && b != null && Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
