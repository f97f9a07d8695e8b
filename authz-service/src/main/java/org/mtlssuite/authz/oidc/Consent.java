package org.mtlssuite.authz.oidc;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The scopes a user allowed a client, remembered so that the next request does not ask again. */
@Entity
@Table(name = "user_consent")
@IdClass(Consent.Key.class)
public class Consent extends PanacheEntityBase {

    public static class Key implements Serializable {
        public String username;
        public String clientId;

        public Key() {
        }

        public Key(String username, String clientId) {
            this.username = username;
            this.clientId = clientId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(username, k.username) && Objects.equals(clientId, k.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(username, clientId);
        }
    }

    @Id
    @Column(name = "username")
    public String username;

    @Id
    @Column(name = "client_id")
    public String clientId;

    /** Space-separated. */
    @Column(name = "scope", nullable = false)
    public String scope;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt = Instant.now();
}
