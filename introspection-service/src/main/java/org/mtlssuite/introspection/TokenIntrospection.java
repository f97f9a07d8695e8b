package org.mtlssuite.introspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;
import org.mtlssuite.store.SigningKeyTable;
import org.mtlssuite.store.TokenStateQueries;
import org.mtlssuite.token.JwtAccessTokenValidator;
import org.mtlssuite.token.OpaqueToken;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * RFC 7662 answers for our JWT access tokens and opaque refresh tokens. The signature is checked against the AS keys in the
 * shared {@code signing_key} table; what a JWT cannot carry (revocation, the client's current
 * status) is read from PostgreSQL on every call, never cached, so a revoked token reads inactive at once.
 * The SQL of those reads lives with its tables' other readers in {@link TokenStateQueries}.
 */
@ApplicationScoped
public class TokenIntrospection {

    public static final Map<String, Object> INACTIVE = Map.of("active", false);
    /** {@code token_type} of access tokens (RFC 6749 7.1, as in the token response). */
    public static final String ACCESS_TOKEN_TYPE = "Bearer";
    /** {@code token_type} of refresh tokens (the RFC 7009 token type hint's name for them). */
    public static final String REFRESH_TOKEN_TYPE = "refresh_token";

    @Inject
    IntrospectionConfig config;

    @Inject
    SigningKeyTable keys;

    @Inject
    TokenStateQueries queries;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        validator = new JwtAccessTokenValidator(keys, config.issuer(), config.clockSkewSeconds(), Set.of(), config.maxTokenLifetime());
    }

    public Map<String, Object> introspect(String token) {
        if (OpaqueToken.looksOpaque(token)) {
            return introspectRefreshToken(token);
        }
        JwtAccessTokenValidator.ValidToken valid;
        try {
            valid = validator.validate(token);
        } catch (JwtAccessTokenValidator.InvalidAccessTokenException e) {
            return INACTIVE;
        }
        // What a JWT cannot carry (revocation, the client's current status), read on every call.
        if (valid.clientId() == null || !queries.accessTokenStillActive(valid.jti(), valid.clientId())) {
            return INACTIVE;
        }
        return describe(valid.claims());
    }

    /**
     * Our refresh tokens are opaque: active while stored, not rotated away, unexpired, its grant not
     * revoked, its client enabled and its user still existing and enabled. A certificate-bound one (RFC 8705 4) reports its binding as cnf.
     */
    private Map<String, Object> introspectRefreshToken(String token) {
        Optional<TokenStateQueries.ActiveRefreshToken> found = queries.activeRefreshToken(OpaqueToken.hash(token));
        if (found.isEmpty()) {
            return INACTIVE;
        }
        TokenStateQueries.ActiveRefreshToken row = found.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        if (row.scope() != null && !row.scope().isEmpty()) {
            out.put("scope", row.scope());
        }
        out.put("client_id", row.clientId());
        out.put("sub", row.subject());
        out.put("iss", config.issuer());
        out.put("exp", row.expiresAt());
        out.put("iat", row.issuedAt());
        // Not an access token: a resource server must never accept it as one (it checks token_type).
        out.put("token_type", REFRESH_TOKEN_TYPE);
        if (row.x5tS256() != null) {
            out.put("cnf", Map.of("x5t#S256", row.x5tS256()));
        }
        return out;
    }

    private static Map<String, Object> describe(JwtClaims claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        copy(claims, out, "scope");
        copy(claims, out, "client_id");
        copy(claims, out, "sub");
        copy(claims, out, "aud");
        copy(claims, out, "iss");
        copy(claims, out, "exp");
        copy(claims, out, "iat");
        copy(claims, out, "nbf");
        copy(claims, out, "jti");
        out.put("token_type", ACCESS_TOKEN_TYPE);
        copy(claims, out, "cnf");
        return out;
    }

    private static void copy(JwtClaims claims, Map<String, Object> out, String name) {
        Object v = claims.getClaimValue(name);
        if (v != null) {
            out.put(name, v);
        }
    }

}
