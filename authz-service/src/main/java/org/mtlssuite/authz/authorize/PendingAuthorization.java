package org.mtlssuite.authz.authorize;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * A validated authorization request waiting for the user's login and consent. Only the browser
 * that made it (its cookie, kept hashed) with the CSRF token of its form can complete it. A row of
 * {@code authorization_request}, whose SQL is all here.
 */
public class PendingAuthorization {

    private static final String COLUMNS = "request_id, browser_binding_hash, csrf_token, client_id, redirect_uri, scope, state,"
            + " code_challenge, failed_logins, expires_at, nonce, session_subject, caller_address_hash";

    public String requestId;

    public String browserBindingHash;

    public String csrfToken;

    public String clientId;

    public String redirectUri;

    public String scope;

    public String state;

    public String codeChallenge;

    public int failedLogins;

    public Instant expiresAt;

    /** OpenID Connect nonce, carried to the code and its ID token. */
    public String nonce;

    /**
     * Set when the browser's login session is used and only consent is asked: the user shown on
     * the page, who must still be the session's user when the form comes back.
     */
    public String sessionSubject;

    /** SHA-256 of the caller's address: pending requests are limited per address. */
    public String callerAddressHash;

    static PendingAuthorization fromRow(ResultSet rs) throws SQLException {
        PendingAuthorization p = new PendingAuthorization();
        p.requestId = rs.getString("request_id");
        p.browserBindingHash = rs.getString("browser_binding_hash");
        p.csrfToken = rs.getString("csrf_token");
        p.clientId = rs.getString("client_id");
        p.redirectUri = rs.getString("redirect_uri");
        p.scope = rs.getString("scope");
        p.state = rs.getString("state");
        p.codeChallenge = rs.getString("code_challenge");
        p.failedLogins = rs.getInt("failed_logins");
        p.expiresAt = GuardedJdbc.instant(rs, "expires_at");
        p.nonce = rs.getString("nonce");
        p.sessionSubject = rs.getString("session_subject");
        p.callerAddressHash = rs.getString("caller_address_hash");
        return p;
    }

    /** The request locked for this transaction (one form submission at a time); null when unknown. */
    public static PendingAuthorization findForUpdate(GuardedJdbc db, String requestId) {
        return db.one("select " + COLUMNS + " from authorization_request where request_id = ? for no key update",
                GuardedJdbc.values(requestId), PendingAuthorization::fromRow, "authorization request read for update")
                .orElse(null);
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into authorization_request (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                GuardedJdbc.values(requestId, browserBindingHash, csrfToken, clientId, redirectUri, scope, state, codeChallenge,
                        failedLogins, expiresAt, nonce, sessionSubject, callerAddressHash),
                "authorization request insert");
    }

    /** Counts one more failed login against this request. */
    public void countFailedLogin(GuardedJdbc db) {
        failedLogins++;
        db.update("update authorization_request set failed_logins = ? where request_id = ?",
                GuardedJdbc.values(failedLogins, requestId), "authorization request failed login update");
    }

    /** Asks for a login again instead of only consent: the signed-in user is no longer the one shown. */
    public void forgetSessionSubject(GuardedJdbc db) {
        sessionSubject = null;
        db.update("update authorization_request set session_subject = null where request_id = ?", GuardedJdbc.values(requestId),
                "authorization request session subject update");
    }

    /** The request is answered or abandoned. */
    public void delete(GuardedJdbc db) {
        db.update("delete from authorization_request where request_id = ?", GuardedJdbc.values(requestId),
                "authorization request delete");
    }

    /** How many unexpired requests the caller address (its stored hash) holds. */
    public static long countPendingFrom(GuardedJdbc db, String callerAddressHash) {
        return db.count("select count(*) from authorization_request where caller_address_hash = ? and expires_at > now()",
                GuardedJdbc.values(callerAddressHash), "pending authorization requests count");
    }

    /** Forgets the requests that expired before {@code now}; how many. */
    public static int deleteExpired(GuardedJdbc db, Instant now) {
        return db.update("delete from authorization_request where expires_at < ?", GuardedJdbc.values(now),
                "expired authorization requests delete");
    }
}
