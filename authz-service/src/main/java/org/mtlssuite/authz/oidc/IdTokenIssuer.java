package org.mtlssuite.authz.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.keys.SigningAlgorithm;
import org.mtlssuite.authz.keys.SigningKeyLifecycle;
import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Signs OpenID Connect ID tokens (Core 2, 3.1.3.6). Header {@code typ: JWT}, never {@code at+jwt},
 * no {@code jti} and no {@code cnf}: an ID token is never certificate-bound and every access-token
 * validator of the suite refuses it. Signed with the current key of the client's
 * {@code id_token_signed_response_alg} family (RS256 unless the client chose ES256).
 */
@ApplicationScoped
public class IdTokenIssuer {

    public static final String TYP = "JWT";
    /** RFC 8176: the user typed a password. */
    public static final String AMR_PASSWORD = "pwd";

    /** What the ID token tells about the authentication behind it. */
    public record Authentication(Instant authTime, List<String> amr, String nonce) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    OidcConfig oidc;

    @Inject
    SigningKeyLifecycle keys;

    /**
     * @param accessToken the access token issued with it, hashed into {@code at_hash}
     * @param grantedScope decides which of the user's claims it carries (profile, email)
     */
    public String issue(OAuthClient client, EndUser user, Authentication authentication, String accessToken, String grantedScope) {
        SigningAlgorithm alg = algorithmOf(client);
        SigningKeyLifecycle.ActiveKey key = keys.active(alg)
                .orElseThrow(() -> new IllegalStateException("no current " + alg.getAlgorithm() + " signing key for ID tokens"));
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(user.username);
        claims.setAudience(client.clientId);
        claims.setExpirationTime(NumericDate.fromSeconds(now + oidc.idTokenLifetime().toSeconds()));
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setClaim("auth_time", authentication.authTime().getEpochSecond());
        if (authentication.nonce() != null) {
            claims.setClaim("nonce", authentication.nonce());
        }
        if (authentication.amr() != null && !authentication.amr().isEmpty()) {
            claims.setStringListClaim("amr", authentication.amr());
        }
        if (accessToken != null) {
            claims.setClaim("at_hash", atHash(accessToken, alg));
        }
        for (Map.Entry<String, Object> c : StandardClaims.of(user, grantedScope).entrySet()) {
            claims.setClaim(c.getKey(), c.getValue());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(key.algorithm().getAlgorithm());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", TYP);
        jws.setKey(key.privateKey());
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the ID token: " + e.getMessage(), e);
        }
    }

    /** The client's registered choice; RS256 when it made none (OpenID Connect Registration 2). */
    public static SigningAlgorithm algorithmOf(OAuthClient client) {
        return "ES256".equals(client.idTokenSignedResponseAlg) ? SigningAlgorithm.ES256 : SigningAlgorithm.RS256;
    }

    /**
     * Core 3.1.3.6: base64url of the left half of the hash of the access token's ASCII octets, the
     * hash being the one of the JWS algorithm (SHA-256 for RS256 and ES256).
     */
    static String atHash(String accessToken, SigningAlgorithm alg) {
        if (alg != SigningAlgorithm.RS256 && alg != SigningAlgorithm.ES256) {
            throw new IllegalArgumentException("at_hash for " + alg + " is not implemented");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, hash.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
