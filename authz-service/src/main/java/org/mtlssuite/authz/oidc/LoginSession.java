package org.mtlssuite.authz.oidc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * A browser's login at the AS, found by the SHA-256 of its cookie's random value. A row of
 * {@code login_session}, whose SQL is all here.
 */
public class LoginSession {

    private static final String COLUMNS = "session_hash, username, auth_time, amr, created_at, expires_at";

    public String sessionHash;

    public String username;

    /** When the user entered their password: the ID tokens' auth_time, and what max_age is measured against. */
    public Instant authTime;

    /** RFC 8176 methods, space-separated. */
    public String amr;

    public Instant createdAt = Instant.now();

    public Instant expiresAt;

    static LoginSession fromRow(ResultSet rs) throws SQLException {
        LoginSession s = new LoginSession();
        s.sessionHash = rs.getString("session_hash");
        s.username = rs.getString("username");
        s.authTime = GuardedJdbc.instant(rs, "auth_time");
        s.amr = rs.getString("amr");
        s.createdAt = GuardedJdbc.instant(rs, "created_at");
        s.expiresAt = GuardedJdbc.instant(rs, "expires_at");
        return s;
    }

    /** The session, or null when there is none. */
    public static LoginSession find(GuardedJdbc db, String sessionHash) {
        return db.one("select " + COLUMNS + " from login_session where session_hash = ?", GuardedJdbc.values(sessionHash),
                LoginSession::fromRow, "login session read").orElse(null);
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into login_session (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
                GuardedJdbc.values(sessionHash, username, authTime, amr, createdAt, expiresAt), "login session insert");
    }

    /** Ends the session; false when there was none. */
    public static boolean delete(GuardedJdbc db, String sessionHash) {
        return db.update("delete from login_session where session_hash = ?", GuardedJdbc.values(sessionHash),
                "login session delete") > 0;
    }

    /** Ends every session of the user; how many there were. */
    public static int deleteAllOf(GuardedJdbc db, String username) {
        return db.update("delete from login_session where username = ?", GuardedJdbc.values(username),
                "login sessions delete");
    }

    /** Forgets the sessions whose lifetime ended before {@code now}; how many. */
    public static int deleteExpired(GuardedJdbc db, Instant now) {
        return db.update("delete from login_session where expires_at < ?", GuardedJdbc.values(now),
                "expired login sessions delete");
    }
}
