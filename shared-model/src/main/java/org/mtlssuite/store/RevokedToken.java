package org.mtlssuite.store;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * A revoked JWT access token, kept by jti until it would have expired anyway (RFC 7009). Owner of
 * the table {@code revoked_token} (outside the AS, {@link TokenStateQueries} reads it with a
 * statement of its own); nothing is written unless one of these methods writes it.
 */
public class RevokedToken {

    /** Every column, in the order {@link #insert} writes them. */
    public static final String COLUMNS = "jti, client_id, expires_at, revoked_at";

    public String jti;

    public String clientId;

    public Instant expiresAt;

    public Instant revokedAt = Instant.now();

    /**
     * Records the revocation; false when the jti was revoked already (then nothing changes). One
     * statement, so two revocations of the same token at once both succeed instead of one of them
     * meeting the primary key.
     */
    public boolean insert(GuardedJdbc db) {
        return db.update("insert into revoked_token (" + COLUMNS + ") values (?, ?, ?, ?) on conflict (jti) do nothing",
                values(jti, clientId, expiresAt, revokedAt), "revoked token insert") == 1;
    }

    /** Whether the token with this jti is revoked; false for a null jti. */
    public static boolean isRevoked(GuardedJdbc db, String jti) {
        return jti != null && db.query("select exists (select 1 from revoked_token where jti = ?)", values(jti),
                rs -> rs.next() && rs.getBoolean(1), "revocation check");
    }

    /**
     * Revokes the unexpired access tokens recorded under an AS grant ({@code grant_access_token}),
     * as issued to {@code clientId}; those already revoked stay as they are. How many were revoked.
     */
    public static int revokeAccessTokensOfGrant(GuardedJdbc db, String grantId, String clientId) {
        return db.update("insert into revoked_token (jti, client_id, expires_at)"
                + " select t.jti, ?, t.expires_at from grant_access_token t where t.grant_id = ? and t.expires_at > now()"
                + " on conflict (jti) do nothing", values(clientId, grantId), "grant access token revocation");
    }

    /** Forgets the revocations of tokens that expired before {@code horizon}; how many. */
    public static int deleteExpiredBefore(GuardedJdbc db, Instant horizon) {
        return db.update("delete from revoked_token where expires_at < ?", values(horizon), "revoked token delete");
    }
}
