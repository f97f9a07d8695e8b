package org.mtlssuite.authz.grant;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * A refresh token (RFC 6749 1.5), stored by its SHA-256, member of a grant family. Owner of the
 * table {@code refresh_token} (outside the AS, {@code TokenStateQueries} reads it with a statement
 * of its own); nothing is written unless one of these methods writes it.
 */
public class RefreshToken {

    /** Every column, in the order {@link #fromRow} reads them and {@link #insert} writes them. */
    public static final String COLUMNS = "token_hash, grant_id, client_id, x5t_s256, issued_at, expires_at, rotated_at";

    public String tokenHash;

    public String grantId;

    public String clientId;

    /** RFC 8705 4: thumbprint of the certificate a public client must present again; null when bound to the client. */
    public String x5tS256;

    public Instant issuedAt = Instant.now();

    public Instant expiresAt;

    /** When a public client exchanged it for its successor; presenting it afterwards is reuse. */
    public Instant rotatedAt;

    /** The token in the current row of a query that selects {@link #COLUMNS}. */
    public static RefreshToken fromRow(ResultSet rs) throws SQLException {
        RefreshToken r = new RefreshToken();
        r.tokenHash = rs.getString("token_hash");
        r.grantId = rs.getString("grant_id");
        r.clientId = rs.getString("client_id");
        r.x5tS256 = rs.getString("x5t_s256");
        r.issuedAt = GuardedJdbc.instant(rs, "issued_at");
        r.expiresAt = GuardedJdbc.instant(rs, "expires_at");
        r.rotatedAt = GuardedJdbc.instant(rs, "rotated_at");
        return r;
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into refresh_token (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
                values(tokenHash, grantId, clientId, x5tS256, issuedAt, expiresAt, rotatedAt), "refresh token insert");
    }

    /** The token stored under this hash, or null. */
    public static RefreshToken find(GuardedJdbc db, String tokenHash) {
        return db.one("select " + COLUMNS + " from refresh_token where token_hash = ?", values(tokenHash),
                RefreshToken::fromRow, "refresh token read").orElse(null);
    }

    /** The token stored under this hash, locked until the transaction ends; null when there is none. */
    public static RefreshToken findForUpdate(GuardedJdbc db, String tokenHash) {
        return db.one("select " + COLUMNS + " from refresh_token where token_hash = ? for no key update", values(tokenHash),
                RefreshToken::fromRow, "refresh token read").orElse(null);
    }

    /** The token was exchanged for its successor: presenting it again is reuse. */
    public void markRotated(GuardedJdbc db, Instant at) {
        rotatedAt = at;
        db.update("update refresh_token set rotated_at = ? where token_hash = ?", values(rotatedAt, tokenHash),
                "refresh token rotation");
    }
}
