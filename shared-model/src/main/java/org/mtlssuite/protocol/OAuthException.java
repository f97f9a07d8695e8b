package org.mtlssuite.protocol;

import java.util.Map;

/**
 * A failed OAuth request, rendered by {@link OAuthExceptionMapper} (through {@link OAuthErrors}) as an RFC 6749 5.2 JSON error
 * body ({@code error}, {@code error_description}) with its status and any extra headers
 * (for example {@code WWW-Authenticate}). The description says which check failed and never carries secrets.
 */
public class OAuthException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> headers;
    private final ReasonCode reason;

    public OAuthException(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    public OAuthException(int status, String error, String description, Map<String, String> headers) {
        this(status, error, description, headers, null);
    }

    public OAuthException(int status, String error, String description, Map<String, String> headers, ReasonCode reason) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
        this.reason = reason;
    }

    /** The same failure, labelled with why it happened (metrics and audit; never part of the response). */
    public OAuthException because(ReasonCode reason) {
        return new OAuthException(status, error, description(), headers, reason);
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(400, OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException(401, OAuthError.INVALID_CLIENT, description);
    }

    /** A failed {@code client_secret_basic} authentication: 401 with a Basic challenge (RFC 6749 5.2). */
    public static OAuthException invalidClientBasic(String description, String realm) {
        return new OAuthException(401, OAuthError.INVALID_CLIENT, description,
                Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\""));
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(400, OAuthError.INVALID_GRANT, description);
    }

    public static OAuthException invalidClientMetadata(String description) {
        return new OAuthException(400, OAuthError.INVALID_CLIENT_METADATA, description);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The reason label: the one given with {@link #because}, or the OAuth error code when none was. */
    public String reasonCode() {
        return reason != null ? reason.code() : error;
    }
}
