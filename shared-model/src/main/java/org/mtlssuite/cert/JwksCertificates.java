package org.mtlssuite.cert;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The certificates a {@code self_signed_tls_client_auth} client registers (RFC 8705 2.2): the
 * {@code x5c[0]} of each JWK, whose public key must be the JWK's own key (RFC 7517 4.7). Each key
 * is checked on its own so that a bad one is reported, not silently dropped.
 */
public final class JwksCertificates {

    private JwksCertificates() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong (not a JWK Set, a JWK without x5c, an x5c that
     *         does not parse, an x5c whose key differs from the JWK's key)
     */
    public static List<X509Certificate> parse(String jwksJson) {
        Map<String, Object> set;
        try {
            set = JsonUtil.parseJson(jwksJson);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(set.get("keys") instanceof List<?> keys)) {
            throw new IllegalArgumentException("a JWK Set needs a \"keys\" array");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the JWK Set has no keys");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(certificateOf(keys.get(i), "keys[" + i + "]"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static X509Certificate certificateOf(Object key, String where) {
        if (!(key instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        Map<String, Object> jwkMap = new HashMap<>((Map<String, Object>) raw);
        if (!(jwkMap.remove("x5c") instanceof List<?> x5c) || x5c.isEmpty()) {
            throw new IllegalArgumentException(where + " has no x5c certificate");
        }
        X509Certificate cert;
        try {
            byte[] der = Base64.getDecoder().decode((String) x5c.get(0));
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalArgumentException(where + ".x5c[0] is not a base64 DER certificate");
        }
        PublicKey jwkKey;
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(jwkMap);
            if (!(jwk instanceof PublicJsonWebKey pjwk)) {
                throw new IllegalArgumentException(where + " is not a public key (kty " + jwk.getKeyType() + ")");
            }
            jwkKey = pjwk.getPublicKey();
        } catch (JoseException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(where + " is not a usable JWK: " + e.getMessage());
        }
        if (jwkKey == null || !Arrays.equals(cert.getPublicKey().getEncoded(), jwkKey.getEncoded())) {
            throw new IllegalArgumentException(where + ".x5c[0] carries a different public key than the JWK");
        }
        return cert;
    }
}
