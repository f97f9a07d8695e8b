package org.mtlssuite.authz.grant;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * An access token issued under a grant, remembered so that revoking the grant revokes it too. Owner
 * of the table {@code grant_access_token} (revoking a grant copies its unexpired rows into
 * {@code revoked_token}: {@link org.mtlssuite.store.RevokedToken#revokeAccessTokensOfGrant}).
 */
public class GrantAccessToken {

    /** Every column, in the order {@link #insert} writes them. */
    public static final String COLUMNS = "jti, grant_id, expires_at";

    public String jti;

    public String grantId;

    public Instant expiresAt;

    public void insert(GuardedJdbc db) {
        db.update("insert into grant_access_token (" + COLUMNS + ") values (?, ?, ?)", values(jti, grantId, expiresAt),
                "grant access token insert");
    }

    /** Drops the records of access tokens expired before {@code now}; how many. */
    public static int deleteExpiredBefore(GuardedJdbc db, Instant now) {
        return db.update("delete from grant_access_token where expires_at < ?", values(now), "grant access token delete");
    }
}
