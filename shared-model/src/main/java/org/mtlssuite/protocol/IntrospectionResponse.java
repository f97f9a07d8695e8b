package org.mtlssuite.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 7662 2.2 introspection response. An inactive token says only {@code active: false};
 * an active one the members it has (null ones are left out), with its RFC 8705 3.2 {@code cnf}
 * when it is certificate-bound. {@code aud} is a string or an array, as in the token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "active", "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "nbf", "jti", "token_type", "cnf" })
public record IntrospectionResponse(
        @JsonProperty("active") boolean active,
        @JsonProperty("scope") String scope,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("sub") String sub,
        @JsonProperty("aud") Object aud,
        @JsonProperty("iss") String iss,
        @JsonProperty("exp") Long exp,
        @JsonProperty("iat") Long iat,
        @JsonProperty("nbf") Long nbf,
        @JsonProperty("jti") String jti,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("cnf") Map<String, Object> cnf) {

    public static final IntrospectionResponse INACTIVE = new IntrospectionResponse(false, null, null, null, null, null, null, null,
            null, null, null, null);
}
