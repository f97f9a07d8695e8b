package org.mtlssuite.authz.grant;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An authorization code (RFC 6749 4.1.2), stored by its SHA-256: single use, short-lived, bound to
 * its client, redirect_uri and PKCE challenge. A redeemed code stays (redeemed_at, grant_id) so a
 * second redemption can be recognised and the grant it started revoked.
 */
@Entity
@Table(name = "authorization_code")
public class AuthorizationCode extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "subject", nullable = false)
    public String subject;

    @Column(name = "scope", nullable = false)
    public String scope;

    /** RFC 7636 S256 challenge: base64url(SHA-256(code_verifier)). */
    @Column(name = "code_challenge", nullable = false)
    public String codeChallenge;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "grant_id")
    public String grantId;

    /** OpenID Connect: the request's nonce, echoed in the ID token. */
    @Column(name = "nonce")
    public String nonce;

    /** When the user last entered their password (the ID token's auth_time). */
    @Column(name = "auth_time")
    public Instant authTime;

    /** How the user authenticated (RFC 8176 values, space-separated; the ID token's amr). */
    @Column(name = "amr")
    public String amr;
}
