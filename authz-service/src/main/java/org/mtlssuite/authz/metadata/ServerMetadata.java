package org.mtlssuite.authz.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.authorize.AuthorizationResource;
import org.mtlssuite.authz.authorize.Pkce;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.keys.SigningKeys;
import org.mtlssuite.authz.oidc.LogoutResource;
import org.mtlssuite.authz.oidc.OidcScopes;
import org.mtlssuite.authz.oidc.StandardClaims;
import org.mtlssuite.authz.oidc.UserInfoResource;
import org.mtlssuite.authz.registration.RegistrationResource;
import org.mtlssuite.authz.revocation.RevocationResource;
import org.mtlssuite.authz.token.TokenResource;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one metadata document, served both as RFC 8414 authorization server metadata and as OpenID
 * Connect Discovery 1.0 provider metadata: RFC 8414 section 2 takes the OpenID Connect fields as
 * its own, so both say exactly the same thing. With the RFC 8705 members
 * {@code mtls_endpoint_aliases} (section 5) and {@code tls_client_certificate_bound_access_tokens} (3.3).
 */
@ApplicationScoped
public class ServerMetadata {

    static final List<String> TOKEN_ENDPOINT_AUTH_METHODS = List.of("tls_client_auth", "self_signed_tls_client_auth",
            "client_secret_basic", "none");
    /** Introspection is for confidential callers only. */
    static final List<String> INTROSPECTION_AUTH_METHODS = List.of("tls_client_auth", "self_signed_tls_client_auth",
            "client_secret_basic");

    @Inject
    AuthzConfig config;

    public Map<String, Object> document() {
        String issuer = config.issuer();
        String mtls = config.mtlsBaseUrl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + AuthorizationResource.PATH);
        // The default token and UserInfo endpoints are the mTLS ones: the main listener never asks for a
        // certificate, and relying parties such as quarkus-oidc do not read mtls_endpoint_aliases.
        m.put("token_endpoint", mtls + TokenResource.PATH);
        m.put("userinfo_endpoint", mtls + UserInfoResource.PATH);
        m.put("jwks_uri", issuer + "/jwks");
        m.put("registration_endpoint", issuer + RegistrationResource.PATH);
        m.put("end_session_endpoint", issuer + LogoutResource.PATH);
        m.put("scopes_supported", OidcScopes.supported(config));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported",
                SigningKeys.ID_TOKEN_ALGORITHMS.stream().map(SignatureAlgorithm::getAlgorithm).toList());
        m.put("prompt_values_supported", List.of("none", "login", "consent"));
        m.put("claims_supported", StandardClaims.SUPPORTED);
        m.put("claim_types_supported", List.of("normal"));
        m.put("claims_parameter_supported", false);
        // Discovery 3: request_uri_parameter_supported defaults to true, so it is said explicitly.
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("code_challenge_methods_supported", List.of(Pkce.S256));
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("token_endpoint_auth_methods_supported", TOKEN_ENDPOINT_AUTH_METHODS);
        m.put("revocation_endpoint", mtls + RevocationResource.PATH);
        m.put("revocation_endpoint_auth_methods_supported", TOKEN_ENDPOINT_AUTH_METHODS);
        config.introspectionUrl().ifPresent(url -> {
            m.put("introspection_endpoint", url + "/introspect");
            m.put("introspection_endpoint_auth_methods_supported", INTROSPECTION_AUTH_METHODS);
        });
        m.put("tls_client_certificate_bound_access_tokens", true);
        Map<String, Object> aliases = new LinkedHashMap<>();
        aliases.put("token_endpoint", mtls + TokenResource.PATH);
        aliases.put("revocation_endpoint", mtls + RevocationResource.PATH);
        aliases.put("registration_endpoint", mtls + RegistrationResource.PATH);
        aliases.put("userinfo_endpoint", mtls + UserInfoResource.PATH);
        // The introspection service requests client certificates on its only listener: its alias is the same URL.
        config.introspectionUrl().ifPresent(url -> aliases.put("introspection_endpoint", url + "/introspect"));
        m.put("mtls_endpoint_aliases", aliases);
        return m;
    }
}
