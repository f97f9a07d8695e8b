package org.mtlssuite.authz.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.authorize.AuthorizationResource;
import org.mtlssuite.authz.authorize.Pkce;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.registration.RegistrationResource;
import org.mtlssuite.authz.revocation.RevocationResource;
import org.mtlssuite.authz.token.TokenResource;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * RFC 8414 authorization server metadata, with the RFC 8705 members: {@code mtls_endpoint_aliases}
 * (section 5) and {@code tls_client_certificate_bound_access_tokens} (section 3.3).
 */
@Path("/.well-known/oauth-authorization-server")
public class AuthorizationServerMetadataResource {

    static final List<String> TOKEN_ENDPOINT_AUTH_METHODS = List.of("tls_client_auth", "self_signed_tls_client_auth",
            "client_secret_basic", "none");
    /** Introspection is for confidential callers only. */
    static final List<String> INTROSPECTION_AUTH_METHODS = List.of("tls_client_auth", "self_signed_tls_client_auth",
            "client_secret_basic");

    @Inject
    AuthzConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadata() {
        String issuer = config.issuer();
        String mtls = config.mtlsBaseUrl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        // The default token endpoint is the mTLS one: the main listener never asks for a certificate.
        m.put("token_endpoint", mtls + TokenResource.PATH);
        m.put("jwks_uri", issuer + "/jwks");
        m.put("authorization_endpoint", issuer + AuthorizationResource.PATH);
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("code_challenge_methods_supported", List.of(Pkce.S256));
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
        m.put("scopes_supported", config.token().scopesSupported());
        m.put("token_endpoint_auth_methods_supported", TOKEN_ENDPOINT_AUTH_METHODS);
        m.put("registration_endpoint", issuer + RegistrationResource.PATH);
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
        // The introspection service requests client certificates on its only listener: its alias is the same URL.
        config.introspectionUrl().ifPresent(url -> aliases.put("introspection_endpoint", url + "/introspect"));
        m.put("mtls_endpoint_aliases", aliases);
        return m;
    }
}
