package org.mtlssuite.authz.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.keys.SigningKeyLifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Signs RFC 9068 JWT access tokens ({@code typ: at+jwt}) with the current key. jose4j directly, not
 * SmallRye JWT's builder: the builder lets {@code smallrye.jwt.new-token.*} configuration rewrite
 * {@code iss} and {@code aud} and add claims, so the token would no longer be what this class writes
 * (docs/architecture.md, "Why jose4j assembles the tokens").
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** A signed access token and what the token response reports about it. */
    public record IssuedToken(String jwt, String jti, long expiresIn, String scope, Map<String, Object> cnf) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    SigningKeyLifecycle keys;

    public IssuedToken issue(String subject, String clientId, List<String> audience, String scope, Map<String, Object> cnf) {
        long now = Instant.now().getEpochSecond();
        long lifetime = config.token().accessTokenLifetime().toSeconds();
        String jti = UUID.randomUUID().toString();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(subject);
        claims.setClaim("client_id", clientId);
        if (audience.size() == 1) {
            claims.setAudience(audience.get(0));
        } else {
            claims.setAudience(audience);
        }
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + lifetime));
        claims.setJwtId(jti);
        if (scope != null && !scope.isEmpty()) {
            claims.setClaim("scope", scope);
        }
        if (cnf != null) {
            claims.setClaim("cnf", cnf);
        }
        SigningKeyLifecycle.ActiveKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(key.algorithm().getAlgorithm());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key.privateKey());
        try {
            return new IssuedToken(jws.getCompactSerialization(), jti, lifetime, scope, cnf);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the access token: " + e.getMessage(), e);
        }
    }
}
