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
}
