package org.mtlssuite.authz.grant;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.mtlssuite.database.GuardedJdbc;

/**
 * What a user granted a client at one code redemption: the family of its refresh tokens and the
 * access tokens issued under it, revoked together. Owner of the table {@code authorization_grant};
 * nothing is written unless one of these methods writes it.
 */
public class AuthorizationGrant {

    /** Every column, in the order {@link #fromRow} reads them and {@link #insert} writes them. */
    public static final String COLUMNS = "grant_id, client_id, subject, scope, created_at, expires_at, revoked_at";

    public String grantId;

    public String clientId;

    public String subject;

    public String scope;

    public Instant createdAt = Instant.now();

    /** The family's absolute end: no refresh token of it outlives this. */
    public Instant expiresAt;

    public Instant revokedAt;

    public boolean usable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** The grant in the current row of a query that selects {@link #COLUMNS}. */
    public static AuthorizationGrant fromRow(ResultSet rs) throws SQLException {
        AuthorizationGrant g = new AuthorizationGrant();
        g.grantId = rs.getString("grant_id");
        g.clientId = rs.getString("client_id");
        g.subject = rs.getString("subject");
        g.scope = rs.getString("scope");
        g.createdAt = GuardedJdbc.instant(rs, "created_at");
        g.expiresAt = GuardedJdbc.instant(rs, "expires_at");
        g.revokedAt = GuardedJdbc.instant(rs, "revoked_at");
        return g;
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into authorization_grant (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
                values(grantId, clientId, subject, scope, createdAt, expiresAt, revokedAt), "authorization grant insert");
    }

    /** The grant, locked until the transaction ends; null when there is none. */
    public static AuthorizationGrant findForUpdate(GuardedJdbc db, String grantId) {
        return db.one("select " + COLUMNS + " from authorization_grant where grant_id = ? for no key update", values(grantId),
                AuthorizationGrant::fromRow, "authorization grant read").orElse(null);
    }

    /** The subject's grants to the client that are not revoked (expired ones included). */
    public static List<AuthorizationGrant> liveFor(GuardedJdbc db, String subject, String clientId) {
        return db.list("select " + COLUMNS + " from authorization_grant where subject = ? and client_id = ? and revoked_at is null",
                values(subject, clientId), AuthorizationGrant::fromRow, "authorization grant list");
    }

    /**
     * The subject's grants that are not revoked, locked in grant_id order (the order every
     * revocation locks in, so that concurrent ones serialise instead of deadlocking).
     */
    public static List<AuthorizationGrant> lockOpenOf(GuardedJdbc db, String subject) {
        return db.list("select " + COLUMNS + " from authorization_grant where subject = ? and revoked_at is null"
                + " order by grant_id for no key update", values(subject), AuthorizationGrant::fromRow, "authorization grant list");
    }

    /** Ends the grant: its refresh tokens stop working. */
    public void revoke(GuardedJdbc db, Instant at) {
        revokedAt = at;
        db.update("update authorization_grant set revoked_at = ? where grant_id = ?", values(revokedAt, grantId),
                "authorization grant revocation");
    }

    /** Drops the grants past their end, with their refresh and access token records (on delete cascade); how many. */
    public static int deleteExpiredBefore(GuardedJdbc db, Instant now) {
        return db.update("delete from authorization_grant where expires_at < ?", values(now), "authorization grant delete");
    }
}
