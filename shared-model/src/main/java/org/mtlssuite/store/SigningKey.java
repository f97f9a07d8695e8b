package org.mtlssuite.store;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An AS signing key: its public JWK in clear, its private key sealed (see the AS's key protection). */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public static final String NEXT = "next";
    public static final String CURRENT = "current";
    public static final String RETIRED = "retired";

    @Id
    @Column(name = "kid")
    public String kid;

    @Column(name = "algorithm", nullable = false)
    public String algorithm;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key_sealed", nullable = false)
    public byte[] privateKeySealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** How {@link #privateKeySealed} is sealed: {@link SigningKeySealing#V1_SHA256} or {@link SigningKeySealing#V2_HKDF}. */
    @Column(name = "seal_version", nullable = false)
    public int sealVersion = SigningKeySealing.V1_SHA256;

    /** Keys whose public part is published: next, current and retired ones still within the token lifetime. */
    public static List<SigningKey> published() {
        return list("order by createdAt");
    }
}
