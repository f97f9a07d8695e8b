package org.mtlssuite.introspection;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;
import org.mtlssuite.protocol.IntrospectionResponse;
import org.mtlssuite.store.TokenVerificationKeys;
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

    public static final IntrospectionResponse INACTIVE = IntrospectionResponse.INACTIVE;
    /** {@code token_type} of access tokens (RFC 6749 7.1, as in the token response). */
    public static final String ACCESS_TOKEN_TYPE = "Bearer";
    /** {@code token_type} of refresh tokens (the RFC 7009 token type hint's name for them). */
    public static final String REFRESH_TOKEN_TYPE = "refresh_token";

    @Inject
    IntrospectionConfig config;

    @Inject
    TokenVerificationKeys keys;

    @Inject
    TokenStateQueries queries;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        validator = new JwtAccessTokenValidator(keys, config.issuer(), config.clockSkewSeconds(), Set.of(), config.maxTokenLifetime());
    }

    public IntrospectionResponse introspect(String token) {
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
    private IntrospectionResponse introspectRefreshToken(String token) {
        Optional<TokenStateQueries.ActiveRefreshToken> found = queries.activeRefreshToken(OpaqueToken.hash(token));
        if (found.isEmpty()) {
            return INACTIVE;
        }
        TokenStateQueries.ActiveRefreshToken row = found.get();
        String scope = row.scope() != null && !row.scope().isEmpty() ? row.scope() : null;
        // Not an access token: a resource server must never accept it as one (it checks token_type).
        return new IntrospectionResponse(true, scope, row.clientId(), row.subject(), null, config.issuer(), row.expiresAt(),
                row.issuedAt(), null, null, REFRESH_TOKEN_TYPE, row.x5tS256() == null ? null : Map.of("x5t#S256", row.x5tS256()));
    }

    /** The claims of a valid access token, as they are in it. */
    @SuppressWarnings("unchecked")
    private static IntrospectionResponse describe(JwtClaims claims) {
        return new IntrospectionResponse(true, (String) claims.getClaimValue("scope"), (String) claims.getClaimValue("client_id"),
                (String) claims.getClaimValue("sub"), claims.getClaimValue("aud"), (String) claims.getClaimValue("iss"),
                number(claims, "exp"), number(claims, "iat"), number(claims, "nbf"), (String) claims.getClaimValue("jti"),
                ACCESS_TOKEN_TYPE, (Map<String, Object>) claims.getClaimValue("cnf"));
    }

    private static Long number(JwtClaims claims, String name) {
        Object v = claims.getClaimValue(name);
        return v == null ? null : ((Number) v).longValue();
    }

}
