package org.mtlssuite.authz.oidc;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A browser's login at the AS, found by the SHA-256 of its cookie's random value. */
@Entity
@Table(name = "login_session")
public class LoginSession extends PanacheEntityBase {

    @Id
    @Column(name = "session_hash")
    public String sessionHash;

    @Column(name = "username", nullable = false)
    public String username;

    /** When the user entered their password: the ID tokens' auth_time, and what max_age is measured against. */
    @Column(name = "auth_time", nullable = false)
    public Instant authTime;

    /** RFC 8176 methods, space-separated. */
    @Column(name = "amr", nullable = false)
    public String amr;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
