package org.mtlssuite.protocol;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The one renderer of OAuth error responses: the RFC 6749 5.2 JSON body ({@code error},
 * {@code error_description}; also the shape of RFC 7591 3.2.2 and RFC 7662/7009 errors) and the
 * RFC 6750 3 {@code WWW-Authenticate: Bearer} challenge. JAX-RS code puts {@link #body} in its
 * response; code that answers on a bare Vert.x response (listeners, route filters) writes {@link #json}.
 * Which headers accompany an error (Cache-Control, Retry-After) stays with the caller, whose status it is.
 */
public final class OAuthErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OAuthErrors() {
    }

    /** The error body; {@code description} may be null (then the member is left out). */
    public static OAuthErrorResponse body(String error, String description) {
        return new OAuthErrorResponse(error, description);
    }

    /** The same body as JSON text, for responses written without JAX-RS. */
    public static String json(String error, String description) {
        try {
            return JSON.writeValueAsString(body(error, description));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an OAuth error body", e);
        }
    }

    /** The body of an {@link OAuthException}. */
    public static OAuthErrorResponse body(OAuthException e) {
        return body(e.error(), e.description());
    }

    /**
     * An RFC 6750 3 challenge: {@code Bearer realm="..."} (no realm when {@code realm} is null), then
     * the error parameters when there is an error ({@code error}, {@code error_description}, or for
     * {@code insufficient_scope} the {@code scope} needed), then, when the resource server publishes
     * one, its RFC 9728 5.1 {@code resource_metadata}. Quotes and backslashes in values are escaped
     * (RFC 7230 quoted-string).
     */
    public static String bearerChallenge(String realm, BearerError error, Optional<String> resourceMetadataUrl) {
        List<String> parameters = new ArrayList<>();
        if (realm != null) {
            parameters.add("realm=\"" + quoted(realm) + "\"");
        }
        if (error != null) {
            parameters.add("error=\"" + error.error() + "\"");
            if (error.description() != null) {
                parameters.add("error_description=\"" + quoted(error.description()) + "\"");
            }
            if (error.scope() != null) {
                parameters.add("scope=\"" + error.scope() + "\"");
            }
        }
        resourceMetadataUrl.ifPresent(url -> parameters.add("resource_metadata=\"" + quoted(url) + "\""));
        return parameters.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", parameters);
    }

    /** The error parameters of a Bearer challenge; {@code description} and {@code scope} may be null. */
    public record BearerError(String error, String description, String scope) {

        public static BearerError of(String error, String description) {
            return new BearerError(error, description, null);
        }

        /** RFC 6750 3.1 {@code invalid_token} without a description. */
        public static BearerError invalidToken() {
            return new BearerError(OAuthError.INVALID_TOKEN, null, null);
        }

        /** RFC 6750 3.1 {@code insufficient_scope}, naming the scope the request needs (without a description, as before). */
        public static BearerError insufficientScope(String scope) {
            return new BearerError(OAuthError.INSUFFICIENT_SCOPE, null, scope);
        }
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
