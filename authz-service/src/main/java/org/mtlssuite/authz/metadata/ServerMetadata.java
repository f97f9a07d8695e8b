package org.mtlssuite.authz.metadata;

import java.util.List;

import org.mtlssuite.authz.authorize.AuthorizationResource;
import org.mtlssuite.authz.authorize.Pkce;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.keys.SigningAlgorithm;
import org.mtlssuite.authz.keys.SigningKeyLifecycle;
import org.mtlssuite.authz.oidc.LogoutResource;
import org.mtlssuite.authz.oidc.OidcScopes;
import org.mtlssuite.authz.oidc.StandardClaims;
import org.mtlssuite.authz.oidc.UserInfoResource;
import org.mtlssuite.authz.registration.RegistrationResource;
import org.mtlssuite.authz.revocation.RevocationResource;
import org.mtlssuite.authz.token.TokenResource;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;

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

    static final List<ClientAuthMethod> TOKEN_ENDPOINT_AUTH_METHODS = List.of(ClientAuthMethod.TLS_CLIENT_AUTH,
            ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.NONE);
    /** Introspection is for confidential callers only. */
    static final List<ClientAuthMethod> INTROSPECTION_AUTH_METHODS = List.of(ClientAuthMethod.TLS_CLIENT_AUTH,
            ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthMethod.CLIENT_SECRET_BASIC);

    @Inject
    AuthzConfig config;

    public AuthorizationServerMetadata document() {
        String issuer = config.issuer();
        String mtls = config.mtlsBaseUrl();
        String introspection = config.introspectionUrl().map(url -> url + "/introspect").orElse(null);
        return new AuthorizationServerMetadata(
                issuer,
                issuer + AuthorizationResource.PATH,
                // The default token and UserInfo endpoints are the mTLS ones: the main listener never asks for a
                // certificate, and relying parties such as quarkus-oidc do not read mtls_endpoint_aliases.
                mtls + TokenResource.PATH,
                mtls + UserInfoResource.PATH,
                issuer + "/jwks",
                issuer + RegistrationResource.PATH,
                issuer + LogoutResource.PATH,
                OidcScopes.supported(config),
                List.of("code"),
                List.of("query"),
                List.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN),
                List.of("public"),
                SigningKeyLifecycle.ID_TOKEN_ALGORITHMS.stream().map(SigningAlgorithm::getAlgorithm).toList(),
                List.of("none", "login", "consent"),
                StandardClaims.SUPPORTED,
                List.of("normal"),
                false,
                // Discovery 3: request_uri_parameter_supported defaults to true, so it is said explicitly.
                false,
                false,
                List.of(Pkce.S256),
                true,
                TOKEN_ENDPOINT_AUTH_METHODS,
                mtls + RevocationResource.PATH,
                TOKEN_ENDPOINT_AUTH_METHODS,
                introspection,
                introspection == null ? null : INTROSPECTION_AUTH_METHODS,
                true,
                new AuthorizationServerMetadata.MtlsEndpointAliases(mtls + TokenResource.PATH, mtls + RevocationResource.PATH,
                        mtls + RegistrationResource.PATH, mtls + UserInfoResource.PATH,
                        // The introspection service requests client certificates on its only listener: its alias is the same URL.
                        introspection));
    }
}
