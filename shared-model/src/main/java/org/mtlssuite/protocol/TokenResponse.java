package org.mtlssuite.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A successful token response (RFC 6749 5.1; {@code id_token} from OpenID Connect Core 3.1.3.3).
 * Optional members are left out when null; an empty scope is still said.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "access_token", "token_type", "expires_in", "scope", "refresh_token", "id_token" })
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("id_token") String idToken) {

    /** RFC 6750: the only token type this server issues (bound or not, RFC 8705 keeps it {@code Bearer}). */
    public static final String BEARER = "Bearer";

    public static TokenResponse bearer(String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {
        return new TokenResponse(accessToken, BEARER, expiresIn, scope, refreshToken, idToken);
    }
}
