package org.mtlssuite.authz.grant;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An access token issued under a grant, remembered so that revoking the grant revokes it too. */
@Entity
@Table(name = "grant_access_token")
public class GrantAccessToken extends PanacheEntityBase {

    @Id
    @Column(name = "jti")
    public String jti;

    @Column(name = "grant_id", nullable = false)
    public String grantId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
