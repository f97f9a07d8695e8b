package org.mtlssuite.authz.authorize;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A validated authorization request waiting for the user's login and consent. Only the browser
 * that made it (its cookie, kept hashed) with the CSRF token of its form can complete it.
 */
@Entity
@Table(name = "authorization_request")
public class PendingAuthorization extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "browser_binding_hash", nullable = false)
    public String browserBindingHash;

    @Column(name = "csrf_token", nullable = false)
    public String csrfToken;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "scope", nullable = false)
    public String scope;

    @Column(name = "state")
    public String state;

    @Column(name = "code_challenge", nullable = false)
    public String codeChallenge;

    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** OpenID Connect nonce, carried to the code and its ID token. */
    @Column(name = "nonce")
    public String nonce;

    /**
     * Set when the browser's login session is used and only consent is asked: the user shown on
     * the page, who must still be the session's user when the form comes back.
     */
    @Column(name = "session_subject")
    public String sessionSubject;

    /** SHA-256 of the caller's address: pending requests are limited per address. */
    @Column(name = "caller_address_hash")
    public String callerAddressHash;
}
