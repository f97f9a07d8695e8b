package org.mtlssuite.store;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A revoked JWT access token, kept by jti until it would have expired anyway (RFC 7009). */
@Entity
@Table(name = "revoked_token")
public class RevokedToken extends PanacheEntityBase {

    @Id
    @Column(name = "jti")
    public String jti;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at", nullable = false)
    public Instant revokedAt = Instant.now();

    public static boolean isRevoked(String jti) {
        return jti != null && count("jti", jti) > 0;
    }
}
