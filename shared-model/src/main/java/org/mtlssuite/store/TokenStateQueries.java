package org.mtlssuite.store;

import java.util.Optional;

import org.mtlssuite.database.GuardedJdbc;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The read-only queries of token state that a service other than the AS makes in the AS's tables
 * ({@code oauth_client}, {@code revoked_token}, {@code refresh_token}, {@code authorization_grant},
 * {@code end_user}): the one place that holds their SQL, so that a schema change meets every
 * reader here and in {@code TokenStateQueriesSchemaTest}, never silently at run time.
 * <p>
 * Plain JDBC behind the database breaker ({@link GuardedJdbc}): the ORM added a query plan and a
 * session per call around the same statements.
 */
@Singleton
public class TokenStateQueries {

    /** A refresh token that introspects as active, with its grant's subject and scope; epoch seconds; x5tS256 null when unbound. */
    public record ActiveRefreshToken(String clientId, String subject, String scope, long issuedAt, long expiresAt, String x5tS256) {
    }

    /** Parameters: client_id, jti. One row, one boolean. */
    static final String ACCESS_TOKEN_STILL_ACTIVE = "select exists (select 1 from oauth_client where client_id = ? and enabled)"
            + " and not exists (select 1 from revoked_token where jti = ?)";

    /**
     * Parameter: the token's hash ({@code OpaqueToken.hash}). Stored, not rotated away, unexpired,
     * its grant unexpired and not revoked, its client enabled, its user existing and enabled.
     */
    static final String ACTIVE_REFRESH_TOKEN = "select r.client_id, g.subject, g.scope,"
            + " extract(epoch from r.issued_at)::bigint, extract(epoch from r.expires_at)::bigint, r.x5t_s256"
            + " from refresh_token r join authorization_grant g on g.grant_id = r.grant_id"
            + " join oauth_client c on c.client_id = r.client_id and c.enabled"
            + " join end_user u on u.username = g.subject and u.enabled"
            + " where r.token_hash = ? and r.rotated_at is null and g.revoked_at is null"
            + " and r.expires_at > now() and g.expires_at > now()";

    private final GuardedJdbc jdbc;

    @Inject
    public TokenStateQueries(GuardedJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The state a JWT access token cannot carry, in one round trip: its jti not revoked, and its
     * client still registered and enabled.
     */
    public boolean accessTokenStillActive(String jti, String clientId) {
        return jdbc.query(ACCESS_TOKEN_STILL_ACTIVE, ps -> {
            ps.setString(1, clientId);
            ps.setString(2, jti);
        }, rs -> rs.next() && rs.getBoolean(1), "revocation check");
    }

    /** The refresh token stored under this hash, when it is active now; empty otherwise. */
    public Optional<ActiveRefreshToken> activeRefreshToken(String tokenHash) {
        return jdbc.query(ACTIVE_REFRESH_TOKEN, ps -> ps.setString(1, tokenHash), rs -> rs.next()
                ? Optional.of(new ActiveRefreshToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getString(6)))
                : Optional.<ActiveRefreshToken>empty(), "refresh token lookup");
    }
}
