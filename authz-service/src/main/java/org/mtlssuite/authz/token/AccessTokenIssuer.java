package org.mtlssuite.authz.token;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.keys.SigningKeys;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Signs RFC 9068 JWT access tokens ({@code typ: at+jwt}) with the current key. */
@ApplicationScoped
public class AccessTokenIssuer {

    /** A signed access token and what the token response reports about it. */
    public record IssuedToken(String jwt, String jti, long expiresIn, String scope, Map<String, Object> cnf) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    SigningKeys keys;

    public IssuedToken issue(String subject, String clientId, List<String> audience, String scope, Map<String, Object> cnf) {
        Instant now = Instant.now();
        long lifetime = config.token().accessTokenLifetime().toSeconds();
        String jti = UUID.randomUUID().toString();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(subject)
                .claim("client_id", clientId)
                .audience(new HashSet<>(audience))
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.getEpochSecond() + lifetime)
                .claim("jti", jti);
        if (scope != null && !scope.isEmpty()) {
            claims.claim("scope", scope);
        }
        if (cnf != null) {
            claims.claim("cnf", cnf);
        }
        SigningKeys.ActiveKey key = keys.active();
        String jwt = claims.jws().keyId(key.kid()).header("typ", "at+jwt").algorithm(key.algorithm()).sign(key.privateKey());
        return new IssuedToken(jwt, jti, lifetime, scope, cnf);
    }
}
