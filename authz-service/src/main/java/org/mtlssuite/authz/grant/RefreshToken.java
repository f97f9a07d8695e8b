package org.mtlssuite.authz.grant;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A refresh token (RFC 6749 1.5), stored by its SHA-256, member of a grant family. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "grant_id", nullable = false)
    public String grantId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    /** RFC 8705 4: thumbprint of the certificate a public client must present again; null when bound to the client. */
    @Column(name = "x5t_s256")
    public String x5tS256;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt = Instant.now();

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When a public client exchanged it for its successor; presenting it afterwards is reuse. */
    @Column(name = "rotated_at")
    public Instant rotatedAt;
}
