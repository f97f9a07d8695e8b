package org.mtlssuite.authz.user;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who logs in at the authorization endpoint; the password is kept only as a bcrypt hash. */
@Entity
@Table(name = "end_user")
public class EndUser extends PanacheEntityBase {

    @Id
    @Column(name = "username")
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "enabled", nullable = false)
    public boolean enabled = true;

    /** OpenID Connect standard claims (scope profile: name; scope email: email, email_verified). */
    @Column(name = "name")
    public String name;

    @Column(name = "email")
    public String email;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();
}
