package org.mtlssuite.protocol;

/**
 * Every OAuth and OpenID Connect error code the suite answers (RFC 6749 5.2, RFC 6750 3.1, RFC 7591 3.2.2,
 * RFC 7009 2.2.1, RFC 6749 4.1.2.1, OpenID Connect Core 3.1.2.6).
 */
public final class OAuthError {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    public static final String UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type";
    /** RFC 6749 4.1.2.1: authorization endpoint errors, returned to the client's redirect_uri. */
    public static final String UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String SERVER_ERROR = "server_error";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    /** OpenID Connect Core 3.1.2.6: authentication request errors, returned to the client's redirect_uri. */
    public static final String LOGIN_REQUIRED = "login_required";
    public static final String CONSENT_REQUIRED = "consent_required";
    public static final String INTERACTION_REQUIRED = "interaction_required";
    public static final String REQUEST_NOT_SUPPORTED = "request_not_supported";
    public static final String REQUEST_URI_NOT_SUPPORTED = "request_uri_not_supported";

    private OAuthError() {
    }
}
