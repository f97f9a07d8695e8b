package org.mtlssuite.introspection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jose4j.jwt.JwtClaims;
import org.mtlssuite.database.DatabaseHealth;
import org.mtlssuite.protocol.IntrospectionResponse;
import org.mtlssuite.store.SigningKeyTable;
import org.mtlssuite.token.JwtAccessTokenValidator;
import org.mtlssuite.token.OpaqueToken;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * RFC 7662 answers for our JWT access tokens and opaque refresh tokens. The signature is checked against the AS keys in the
 * shared {@code signing_key} table; what a JWT cannot carry (revocation, the client's current
 * status) is read from PostgreSQL on every call, never cached, so a revoked token reads inactive at once.
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
    SigningKeyTable keys;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    DataSource dataSource;

    @Inject
    DatabaseHealth health;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        validator = new JwtAccessTokenValidator(keys, config.issuer(), config.clockSkewSeconds(), Set.of(), config.maxTokenLifetime());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
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
        if (valid.clientId() == null || !stillActive(valid.jti(), valid.clientId())) {
            return INACTIVE;
        }
        return describe(valid.claims());
    }

    static final String STILL_ACTIVE = "select exists (select 1 from oauth_client where client_id = ? and enabled)"
            + " and not exists (select 1 from revoked_token where jti = ?)";

    /**
     * The state a JWT cannot carry, in one round trip on every call: not revoked, and its client
     * still registered and enabled. Plain JDBC (the driver keeps the statement prepared on the pooled
     * connection): the ORM added a query plan and a session per call around the same statement.
     */
    private boolean stillActive(String jti, String clientId) {
        // Plain JDBC passes no Hibernate statement inspector: the breaker is asked here (FailFastStatementInspector).
        health.requireAvailable();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STILL_ACTIVE)) {
            ps.setString(1, clientId);
            ps.setString(2, jti);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            // The same 503 as a failed ORM query (DatabaseUnavailableMapper).
            throw new jakarta.persistence.PersistenceException("revocation check failed: " + e.getMessage(), e);
        }
    }

    /**
     * Our refresh tokens are opaque: active while stored, not rotated away, unexpired, its grant not
     * revoked, its client enabled and its user still existing and enabled. A certificate-bound one (RFC 8705 4) reports its binding as cnf.
     */
    private IntrospectionResponse introspectRefreshToken(String token) {
        @SuppressWarnings("unchecked")
        java.util.List<Object[]> rows = em.createNativeQuery("select r.client_id, g.subject, g.scope,"
                + " extract(epoch from r.issued_at)::bigint, extract(epoch from r.expires_at)::bigint, r.x5t_s256"
                + " from refresh_token r join authorization_grant g on g.grant_id = r.grant_id"
                + " join oauth_client c on c.client_id = r.client_id and c.enabled"
                + " join end_user u on u.username = g.subject and u.enabled"
                + " where r.token_hash = ?1 and r.rotated_at is null and g.revoked_at is null"
                + " and r.expires_at > now() and g.expires_at > now()").setParameter(1, OpaqueToken.hash(token))
                .getResultList();
        if (rows.isEmpty()) {
            return INACTIVE;
        }
        Object[] row = rows.get(0);
        String scope = row[2] != null && !row[2].toString().isEmpty() ? row[2].toString() : null;
        // Not an access token: a resource server must never accept it as one (it checks token_type).
        return new IntrospectionResponse(true, scope, (String) row[0], (String) row[1], null, config.issuer(),
                ((Number) row[4]).longValue(), ((Number) row[3]).longValue(), null, null, REFRESH_TOKEN_TYPE,
                row[5] == null ? null : Map.of("x5t#S256", row[5]));
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
