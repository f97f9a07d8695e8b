package org.mtlssuite.authz.grant;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * An authorization code (RFC 6749 4.1.2), stored by its SHA-256: single use, short-lived, bound to
 * its client, redirect_uri and PKCE challenge. A redeemed code stays (redeemed_at, grant_id) so a
 * second redemption can be recognised and the grant it started revoked. Owner of the table
 * {@code authorization_code}; nothing is written unless one of these methods writes it.
 */
public class AuthorizationCode {

    /** Every column, in the order {@link #fromRow} reads them and {@link #insert} writes them. */
    public static final String COLUMNS = "code_hash, client_id, redirect_uri, subject, scope, code_challenge, created_at, expires_at,"
            + " redeemed_at, grant_id, nonce, auth_time, amr";

    public String codeHash;

    public String clientId;

    public String redirectUri;

    public String subject;

    public String scope;

    /** RFC 7636 S256 challenge: base64url(SHA-256(code_verifier)). */
    public String codeChallenge;

    public Instant createdAt = Instant.now();

    public Instant expiresAt;

    public Instant redeemedAt;

    public String grantId;

    /** OpenID Connect: the request's nonce, echoed in the ID token. */
    public String nonce;

    /** When the user last entered their password (the ID token's auth_time). */
    public Instant authTime;

    /** How the user authenticated (RFC 8176 values, space-separated; the ID token's amr). */
    public String amr;

    /** The code in the current row of a query that selects {@link #COLUMNS}. */
    public static AuthorizationCode fromRow(ResultSet rs) throws SQLException {
        AuthorizationCode c = new AuthorizationCode();
        c.codeHash = rs.getString("code_hash");
        c.clientId = rs.getString("client_id");
        c.redirectUri = rs.getString("redirect_uri");
        c.subject = rs.getString("subject");
        c.scope = rs.getString("scope");
        c.codeChallenge = rs.getString("code_challenge");
        c.createdAt = GuardedJdbc.instant(rs, "created_at");
        c.expiresAt = GuardedJdbc.instant(rs, "expires_at");
        c.redeemedAt = GuardedJdbc.instant(rs, "redeemed_at");
        c.grantId = rs.getString("grant_id");
        c.nonce = rs.getString("nonce");
        c.authTime = GuardedJdbc.instant(rs, "auth_time");
        c.amr = rs.getString("amr");
        return c;
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into authorization_code (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values(codeHash, clientId, redirectUri, subject, scope, codeChallenge, createdAt, expiresAt, redeemedAt, grantId,
                        nonce, authTime, amr),
                "authorization code insert");
    }

    /**
     * The code stored under this hash, locked until the transaction ends (a concurrent redemption of
     * the same code waits and then sees it redeemed); null when there is none.
     */
    public static AuthorizationCode findForUpdate(GuardedJdbc db, String codeHash) {
        return db.one("select " + COLUMNS + " from authorization_code where code_hash = ? for no key update", values(codeHash),
                AuthorizationCode::fromRow, "authorization code read").orElse(null);
    }

    /** Spends the code: it started {@code grantId}, and presenting it again revokes that grant. */
    public void markRedeemed(GuardedJdbc db, Instant at, String grantId) {
        redeemedAt = at;
        this.grantId = grantId;
        db.update("update authorization_code set redeemed_at = ?, grant_id = ? where code_hash = ?",
                values(redeemedAt, this.grantId, codeHash), "authorization code redemption");
    }

    /** Drops the subject's codes that were issued but not yet redeemed; how many. */
    public static int deleteUnredeemedOf(GuardedJdbc db, String subject) {
        return db.update("delete from authorization_code where subject = ? and redeemed_at is null", values(subject),
                "authorization code delete");
    }

    /** Drops the codes issued before {@code horizon}, redeemed or not; how many. */
    public static int deleteCreatedBefore(GuardedJdbc db, Instant horizon) {
        return db.update("delete from authorization_code where created_at < ?", values(horizon),
                "authorization code delete");
    }
}
