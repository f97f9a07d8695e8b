package org.mtlssuite.authz.token;

import org.mtlssuite.authz.grant.RequestedScope;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The client_credentials grant (RFC 6749 4.4), bound through {@link CertificateBinding}. */
@ApplicationScoped
public class ClientCredentialsGrant implements TokenGrant {

    private final CertificateBinding binding;
    private final AccessTokenIssuer issuer;

    @Inject
    public ClientCredentialsGrant(CertificateBinding binding, AccessTokenIssuer issuer) {
        this.binding = binding;
        this.issuer = issuer;
    }

    @Override
    public GrantType grantType() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public TokenGrantResult handle(TokenRequest request) {
        OAuthClient c = request.registration();
        String scope = RequestedScope.grant(request.parameter("scope"), c.scopeList());
        return TokenGrantResult.accessOnly(issuer.issue(c.clientId, c.clientId, c.audienceList(), scope,
                binding.confirmation(request.client())));
    }
}
