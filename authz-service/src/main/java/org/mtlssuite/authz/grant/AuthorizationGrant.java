package org.mtlssuite.authz.grant;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What a user granted a client at one code redemption: the family of its refresh tokens and the
 * access tokens issued under it, revoked together.
 */
@Entity
@Table(name = "authorization_grant")
public class AuthorizationGrant extends PanacheEntityBase {

    @Id
    @Column(name = "grant_id")
    public String grantId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "subject", nullable = false)
    public String subject;

    @Column(name = "scope", nullable = false)
    public String scope;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    /** The family's absolute end: no refresh token of it outlives this. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean usable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
