package org.mtlssuite.authz.oidc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.mtlssuite.database.GuardedJdbc;

/**
 * The scopes a user allowed a client, remembered so that the next request does not ask again. A row
 * of {@code user_consent} (one per user and client), whose SQL is all here.
 */
public class Consent {

    private static final String COLUMNS = "username, client_id, scope, granted_at";

    public String username;

    public String clientId;

    /** Space-separated. */
    public String scope;

    public Instant grantedAt = Instant.now();

    static Consent fromRow(ResultSet rs) throws SQLException {
        Consent c = new Consent();
        c.username = rs.getString("username");
        c.clientId = rs.getString("client_id");
        c.scope = rs.getString("scope");
        c.grantedAt = GuardedJdbc.instant(rs, "granted_at");
        return c;
    }

    /** The user's consent to the client, or null when there is none. */
    public static Consent find(GuardedJdbc db, String username, String clientId) {
        return db.one("select " + COLUMNS + " from user_consent where username = ? and client_id = ?",
                GuardedJdbc.values(username, clientId), Consent::fromRow, "consent read").orElse(null);
    }

    /** The user's consents in client_id order. */
    public static List<Consent> listOf(GuardedJdbc db, String username) {
        return db.list("select " + COLUMNS + " from user_consent where username = ? order by client_id",
                GuardedJdbc.values(username), Consent::fromRow, "consents list");
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into user_consent (" + COLUMNS + ") values (?, ?, ?, ?)",
                GuardedJdbc.values(username, clientId, scope, grantedAt), "consent insert");
    }

    /** Replaces the allowed scopes (the caller passes the old ones with the new) and when they were allowed. */
    public void regrant(GuardedJdbc db, String scope, Instant grantedAt) {
        this.scope = scope;
        this.grantedAt = grantedAt;
        db.update("update user_consent set scope = ?, granted_at = ? where username = ? and client_id = ?",
                GuardedJdbc.values(scope, grantedAt, username, clientId), "consent update");
    }

    /** Forgets the user's consent to the client; false when there was none. */
    public static boolean delete(GuardedJdbc db, String username, String clientId) {
        return db.update("delete from user_consent where username = ? and client_id = ?",
                GuardedJdbc.values(username, clientId), "consent delete") > 0;
    }
}
