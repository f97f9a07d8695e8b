package org.mtlssuite.authz.metadata;

import java.util.List;

import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The metadata document (RFC 8414 2, OpenID Connect Discovery 1.0 3, RFC 8705 3.3 and 5), member by
 * member in the order it is served. The introspection members are left out when no introspection
 * service is configured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "registration_endpoint",
        "end_session_endpoint", "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported",
        "subject_types_supported", "id_token_signing_alg_values_supported", "prompt_values_supported", "claims_supported",
        "claim_types_supported", "claims_parameter_supported", "request_parameter_supported", "request_uri_parameter_supported",
        "code_challenge_methods_supported", "authorization_response_iss_parameter_supported", "token_endpoint_auth_methods_supported",
        "revocation_endpoint", "revocation_endpoint_auth_methods_supported", "introspection_endpoint",
        "introspection_endpoint_auth_methods_supported", "tls_client_certificate_bound_access_tokens", "mtls_endpoint_aliases" })
public record AuthorizationServerMetadata(
        @JsonProperty("issuer") String issuer,
        @JsonProperty("authorization_endpoint") String authorizationEndpoint,
        @JsonProperty("token_endpoint") String tokenEndpoint,
        @JsonProperty("userinfo_endpoint") String userinfoEndpoint,
        @JsonProperty("jwks_uri") String jwksUri,
        @JsonProperty("registration_endpoint") String registrationEndpoint,
        @JsonProperty("end_session_endpoint") String endSessionEndpoint,
        @JsonProperty("scopes_supported") List<String> scopesSupported,
        @JsonProperty("response_types_supported") List<String> responseTypesSupported,
        @JsonProperty("response_modes_supported") List<String> responseModesSupported,
        @JsonProperty("grant_types_supported") List<GrantType> grantTypesSupported,
        @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
        @JsonProperty("id_token_signing_alg_values_supported") List<String> idTokenSigningAlgValuesSupported,
        @JsonProperty("prompt_values_supported") List<String> promptValuesSupported,
        @JsonProperty("claims_supported") List<String> claimsSupported,
        @JsonProperty("claim_types_supported") List<String> claimTypesSupported,
        @JsonProperty("claims_parameter_supported") boolean claimsParameterSupported,
        @JsonProperty("request_parameter_supported") boolean requestParameterSupported,
        @JsonProperty("request_uri_parameter_supported") boolean requestUriParameterSupported,
        @JsonProperty("code_challenge_methods_supported") List<String> codeChallengeMethodsSupported,
        @JsonProperty("authorization_response_iss_parameter_supported") boolean authorizationResponseIssParameterSupported,
        @JsonProperty("token_endpoint_auth_methods_supported") List<ClientAuthMethod> tokenEndpointAuthMethodsSupported,
        @JsonProperty("revocation_endpoint") String revocationEndpoint,
        @JsonProperty("revocation_endpoint_auth_methods_supported") List<ClientAuthMethod> revocationEndpointAuthMethodsSupported,
        @JsonProperty("introspection_endpoint") String introspectionEndpoint,
        @JsonProperty("introspection_endpoint_auth_methods_supported") List<ClientAuthMethod> introspectionEndpointAuthMethodsSupported,
        @JsonProperty("tls_client_certificate_bound_access_tokens") boolean tlsClientCertificateBoundAccessTokens,
        @JsonProperty("mtls_endpoint_aliases") MtlsEndpointAliases mtlsEndpointAliases) {

    /** RFC 8705 5: the endpoints' addresses on the listener that requests client certificates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "token_endpoint", "revocation_endpoint", "registration_endpoint", "userinfo_endpoint",
            "introspection_endpoint" })
    public record MtlsEndpointAliases(
            @JsonProperty("token_endpoint") String tokenEndpoint,
            @JsonProperty("revocation_endpoint") String revocationEndpoint,
            @JsonProperty("registration_endpoint") String registrationEndpoint,
            @JsonProperty("userinfo_endpoint") String userinfoEndpoint,
            @JsonProperty("introspection_endpoint") String introspectionEndpoint) {
    }
}
