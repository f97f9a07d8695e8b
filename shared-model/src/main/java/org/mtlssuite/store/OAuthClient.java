package org.mtlssuite.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.mtlssuite.protocol.SpaceDelimited;

/** A registered OAuth client and the RFC 8705 metadata that decides how it authenticates and binds. */
@Entity
@Table(name = "oauth_client")
public class OAuthClient extends PanacheEntityBase {

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "client_name")
    public String clientName;

    /** Stored as its wire name; null when the row holds a name this version does not know. */
    @Column(name = "token_endpoint_auth_method", nullable = false)
    @Convert(converter = ClientAuthMethod.Column.class)
    public ClientAuthMethod tokenEndpointAuthMethod;

    @Column(name = "tls_client_auth_subject_dn")
    public String tlsClientAuthSubjectDn;

    @Column(name = "tls_client_auth_san_dns")
    public String tlsClientAuthSanDns;

    @Column(name = "tls_client_auth_san_uri")
    public String tlsClientAuthSanUri;

    @Column(name = "tls_client_auth_san_ip")
    public String tlsClientAuthSanIp;

    @Column(name = "tls_client_auth_san_email")
    public String tlsClientAuthSanEmail;

    /** The client's JWK Set as JSON text (self_signed_tls_client_auth). */
    @Column(name = "jwks")
    public String jwks;

    @Column(name = "jwks_uri")
    public String jwksUri;

    @Column(name = "tls_client_certificate_bound_access_tokens", nullable = false)
    public boolean certificateBoundAccessTokens;

    /** Stored as space-separated wire names, in registration order. */
    @Column(name = "grant_types", nullable = false)
    @Convert(converter = GrantType.ListColumn.class)
    public List<GrantType> grantTypes;

    /** Space-separated scopes the client may request. */
    @Column(name = "scope", nullable = false)
    public String scope;

    /** Space-separated audiences of its access tokens. */
    @Column(name = "audience")
    public String audience;

    @Column(name = "introspection_allowed", nullable = false)
    public boolean introspectionAllowed;

    @Column(name = "client_secret_hash")
    public String clientSecretHash;

    /** Space-separated redirect URIs (RFC 7591). */
    @Column(name = "redirect_uris")
    public String redirectUris;

    /** SHA-256 (base64url) of the RFC 7592 registration access token; null for admin-registered clients. */
    @Column(name = "registration_access_token_hash")
    public String registrationAccessTokenHash;

    @Column(name = "registered_dynamically", nullable = false)
    public boolean registeredDynamically;

    @Column(name = "enabled", nullable = false)
    public boolean enabled = true;

    /** OpenID Connect: the JWS algorithm of this client's ID tokens; null means RS256. */
    @Column(name = "id_token_signed_response_alg")
    public String idTokenSignedResponseAlg;

    /** Space-separated addresses RP-Initiated Logout may return to (exact match). */
    @Column(name = "post_logout_redirect_uris")
    public String postLogoutRedirectUris;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    /**
     * The one client a statement selects, by {@code client_id}: every mapped column in the order
     * {@link #fromRow} reads them (OAuthClientRowTest holds the two to the mapping above).
     */
    public static final String SELECT_BY_ID = "select client_id, client_name, token_endpoint_auth_method,"
            + " tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri, tls_client_auth_san_ip,"
            + " tls_client_auth_san_email, jwks, jwks_uri, tls_client_certificate_bound_access_tokens, grant_types, scope,"
            + " audience, introspection_allowed, client_secret_hash, redirect_uris, registration_access_token_hash,"
            + " registered_dynamically, enabled, id_token_signed_response_alg, post_logout_redirect_uris, created_at,"
            + " updated_at from oauth_client where client_id = ?";

    /**
     * A detached copy of the client in the current row of {@link #SELECT_BY_ID}, read without the ORM:
     * client authentication runs in introspection too, which has no Hibernate, and the AS's client
     * cache holds copies anyway. The column conversions are the entity's own converters.
     */
    public static OAuthClient fromRow(ResultSet rs) throws SQLException {
        OAuthClient c = new OAuthClient();
        c.clientId = rs.getString(1);
        c.clientName = rs.getString(2);
        c.tokenEndpointAuthMethod = new ClientAuthMethod.Column().convertToEntityAttribute(rs.getString(3));
        c.tlsClientAuthSubjectDn = rs.getString(4);
        c.tlsClientAuthSanDns = rs.getString(5);
        c.tlsClientAuthSanUri = rs.getString(6);
        c.tlsClientAuthSanIp = rs.getString(7);
        c.tlsClientAuthSanEmail = rs.getString(8);
        c.jwks = rs.getString(9);
        c.jwksUri = rs.getString(10);
        c.certificateBoundAccessTokens = rs.getBoolean(11);
        c.grantTypes = new GrantType.ListColumn().convertToEntityAttribute(rs.getString(12));
        c.scope = rs.getString(13);
        c.audience = rs.getString(14);
        c.introspectionAllowed = rs.getBoolean(15);
        c.clientSecretHash = rs.getString(16);
        c.redirectUris = rs.getString(17);
        c.registrationAccessTokenHash = rs.getString(18);
        c.registeredDynamically = rs.getBoolean(19);
        c.enabled = rs.getBoolean(20);
        c.idTokenSignedResponseAlg = rs.getString(21);
        c.postLogoutRedirectUris = rs.getString(22);
        c.createdAt = rs.getTimestamp(23).toInstant();
        c.updatedAt = rs.getTimestamp(24).toInstant();
        return c;
    }

    public List<GrantType> grantTypeList() {
        return grantTypes == null ? List.of() : grantTypes;
    }

    /** Whether the client is registered for {@code grant} (RFC 6749 5.2 {@code unauthorized_client} otherwise). */
    public boolean mayUse(GrantType grant) {
        return grantTypeList().contains(grant);
    }

    public List<String> scopeList() {
        return split(scope);
    }

    public List<String> audienceList() {
        return split(audience);
    }

    public static List<String> split(String spaceSeparated) {
        return SpaceDelimited.split(spaceSeparated);
    }
}
