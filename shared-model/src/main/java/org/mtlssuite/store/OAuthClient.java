package org.mtlssuite.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.SpaceDelimited;

/**
 * A registered OAuth client and the RFC 8705 metadata that decides how it authenticates and binds; a
 * row of {@code oauth_client}, whose SQL is all here. Every write is a plain insert, update or delete
 * of that table, so the V14 trigger announces it to the other replicas' {@code ClientLookup} caches.
 */
public class OAuthClient {

    public String clientId;

    public String clientName;

    /** Stored as its wire name; null when the row holds a name this version does not know. */
    public ClientAuthMethod tokenEndpointAuthMethod;

    public String tlsClientAuthSubjectDn;

    public String tlsClientAuthSanDns;

    public String tlsClientAuthSanUri;

    public String tlsClientAuthSanIp;

    public String tlsClientAuthSanEmail;

    /** The client's JWK Set as JSON text (self_signed_tls_client_auth). */
    public String jwks;

    public String jwksUri;

    public boolean certificateBoundAccessTokens;

    /** Stored as space-separated wire names, in registration order. */
    public List<GrantType> grantTypes;

    /** Space-separated scopes the client may request. */
    public String scope;

    /** Space-separated audiences of its access tokens. */
    public String audience;

    public boolean introspectionAllowed;

    public String clientSecretHash;

    /** Space-separated redirect URIs (RFC 7591). */
    public String redirectUris;

    /** SHA-256 (base64url) of the RFC 7592 registration access token; null for admin-registered clients. */
    public String registrationAccessTokenHash;

    public boolean registeredDynamically;

    public boolean enabled = true;

    /** OpenID Connect: the JWS algorithm of this client's ID tokens; null means RS256. */
    public String idTokenSignedResponseAlg;

    /** Space-separated addresses RP-Initiated Logout may return to (exact match). */
    public String postLogoutRedirectUris;

    /** To the microsecond, the column's precision: a copy just written equals the row read back. */
    public Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

    public Instant updatedAt = createdAt;

    /**
     * Every column, in the order of the fields above: the order {@link #fromRow} reads them in and
     * {@link #insert} writes them in (OAuthClientRowTest holds the fields, the columns and the
     * statements to it).
     */
    public static final List<String> COLUMNS = List.of("client_id", "client_name", "token_endpoint_auth_method",
            "tls_client_auth_subject_dn", "tls_client_auth_san_dns", "tls_client_auth_san_uri", "tls_client_auth_san_ip",
            "tls_client_auth_san_email", "jwks", "jwks_uri", "tls_client_certificate_bound_access_tokens", "grant_types",
            "scope", "audience", "introspection_allowed", "client_secret_hash", "redirect_uris",
            "registration_access_token_hash", "registered_dynamically", "enabled", "id_token_signed_response_alg",
            "post_logout_redirect_uris", "created_at", "updated_at");

    /** What a registration never changes once the row exists. */
    private static final List<String> FIXED_COLUMNS = List.of("client_id", "created_at");

    /** The one client a statement selects, by {@code client_id}: {@link #COLUMNS}, as {@link #fromRow} reads them. */
    public static final String SELECT_BY_ID = "select " + String.join(", ", COLUMNS) + " from oauth_client where client_id = ?";

    static final String SELECT_ALL = "select " + String.join(", ", COLUMNS) + " from oauth_client order by client_id";

    static final String INSERT = "insert into oauth_client (" + String.join(", ", COLUMNS) + ") values ("
            + String.join(", ", COLUMNS.stream().map(c -> "?").toList()) + ")";

    /** Every column but {@link #FIXED_COLUMNS}, in {@link #COLUMNS} order, of the client named by the last parameter. */
    static final String UPDATE = "update oauth_client set "
            + String.join(", ", COLUMNS.stream().filter(c -> !FIXED_COLUMNS.contains(c)).map(c -> c + " = ?").toList())
            + " where client_id = ?";

    /**
     * A detached copy of the client in the current row of a select of {@link #COLUMNS} (such as
     * {@link #SELECT_BY_ID}, the read of client authentication in the AS and in introspection). The
     * conversions are {@link ClientAuthMethod.Column} and {@link GrantType.ListColumn}, as on write.
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

    /**
     * The fields as their columns hold them, in {@link #COLUMNS} order, through the same converters
     * {@link #fromRow} reads them back with.
     */
    Object[] columnValues() {
        return new Object[] { clientId, clientName, new ClientAuthMethod.Column().convertToDatabaseColumn(tokenEndpointAuthMethod),
                tlsClientAuthSubjectDn, tlsClientAuthSanDns, tlsClientAuthSanUri, tlsClientAuthSanIp, tlsClientAuthSanEmail,
                jwks, jwksUri, certificateBoundAccessTokens, new GrantType.ListColumn().convertToDatabaseColumn(grantTypes),
                scope, audience, introspectionAllowed, clientSecretHash, redirectUris, registrationAccessTokenHash,
                registeredDynamically, enabled, idTokenSignedResponseAlg, postLogoutRedirectUris, createdAt, updatedAt };
    }

    /** The client, or null when none has this client_id. */
    public static OAuthClient find(GuardedJdbc db, String clientId) {
        return db.one(SELECT_BY_ID, GuardedJdbc.values(clientId), OAuthClient::fromRow, "client read").orElse(null);
    }

    /** Every registered client, by client_id. */
    public static List<OAuthClient> listAll(GuardedJdbc db) {
        return db.list(SELECT_ALL, GuardedJdbc.NONE, OAuthClient::fromRow, "client list");
    }

    /** Writes every column; a client_id already registered fails with SQLState 23505 (unique_violation). */
    public void insert(GuardedJdbc db) {
        db.update(INSERT, GuardedJdbc.values(columnValues()), "client insert");
    }

    /**
     * Writes every column but client_id and created_at (a replaced registration, an RFC 7592 update):
     * the caller sets {@link #updatedAt}. False when the client is no longer registered.
     */
    public boolean update(GuardedJdbc db) {
        Object[] all = columnValues();
        List<Object> changed = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (!FIXED_COLUMNS.contains(COLUMNS.get(i))) {
                changed.add(all[i]);
            }
        }
        changed.add(clientId);
        return db.update(UPDATE, GuardedJdbc.values(changed.toArray()), "client update") > 0;
    }

    /** Enables or disables the client as of {@code now}; false when it is no longer registered. */
    public boolean setEnabled(GuardedJdbc db, boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
        return db.update("update oauth_client set enabled = ?, updated_at = ? where client_id = ?",
                GuardedJdbc.values(enabled, now, clientId), "client enable/disable") > 0;
    }

    /** Deletes the client (its requests, codes, grants and consents go with it: on delete cascade); false when already gone. */
    public boolean delete(GuardedJdbc db) {
        return db.update("delete from oauth_client where client_id = ?", GuardedJdbc.values(clientId), "client delete") > 0;
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
