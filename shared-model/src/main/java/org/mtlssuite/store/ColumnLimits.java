package org.mtlssuite.store;

/**
 * The longest value of every string the authorization database keeps from a caller, in one table
 * beside the entities (the columns are declared by the migrations in {@code db/authz}). A varchar
 * column's limit is its declared length; a text column's is chosen here, because PostgreSQL would
 * take a gigabyte. {@link org.mtlssuite.protocol.InputValidation} enforces them, together with the
 * refusal of NUL characters and broken UTF-8, before a value reaches a query: the database never
 * refuses a string. Values the server makes itself (hashes, generated identifiers, the JSON of a
 * parsed JWK Set's keys) are bounded by construction and not listed.
 */
public final class ColumnLimits {

    // --- oauth_client (V1, V3) and every client_id column that refers to it ------------------------
    /** {@code client_id varchar(255)}; registration narrows it to 128 URL-safe characters. */
    public static final int CLIENT_ID = 255;
    /** {@code client_name varchar(255)}. */
    public static final int CLIENT_NAME = 255;
    /** {@code token_endpoint_auth_method varchar(64)}; also each grant type and response type. */
    public static final int METHOD_NAME = 64;
    /** {@code tls_client_auth_subject_dn text}: an RFC 4514 name. */
    public static final int SUBJECT_DN = 1024;
    /** {@code tls_client_auth_san_dns varchar(255)}. */
    public static final int SAN_DNS = 255;
    /** {@code tls_client_auth_san_ip varchar(64)}. */
    public static final int SAN_IP = 64;
    /** {@code tls_client_auth_san_email varchar(320)}. */
    public static final int SAN_EMAIL = 320;
    /**
     * Every URI the store keeps ({@code tls_client_auth_san_uri}, {@code jwks_uri}, each redirect URI
     * in {@code oauth_client.redirect_uris}, {@code authorization_request.redirect_uri},
     * {@code authorization_code.redirect_uri}; all text).
     */
    public static final int URI = 2048;
    /** {@code oauth_client.redirect_uris text}: the space-separated list. */
    public static final int REDIRECT_URIS = 16_384;
    /** {@code oauth_client.jwks text}: a JWK Set as JSON, room for a few keys with x5c chains. */
    public static final int JWKS = 32_768;
    /** Every space-separated scope column ({@code oauth_client}, {@code authorization_request/grant/code}; text). */
    public static final int SCOPE = 1024;
    /** {@code oauth_client.audience text}: the space-separated list. */
    public static final int AUDIENCE = 1024;
    /** One audience value of that list. */
    public static final int AUDIENCE_VALUE = 255;

    // --- end users and what is granted on their behalf (V4) ----------------------------------------
    /** {@code end_user.username varchar(255)}, and the {@code subject varchar(255)} of grants and codes. */
    public static final int USERNAME = 255;
    /** {@code authorization_request.state text}: opaque to us, echoed to the client. */
    public static final int STATE = 2048;
    /** {@code authorization_request.code_challenge varchar(128)}. */
    public static final int CODE_CHALLENGE = 128;

    private ColumnLimits() {
    }
}
