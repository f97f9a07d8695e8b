package org.mtlssuite.authz.token;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;

/** The client_credentials grant (RFC 6749 4.4), bound through {@link CertificateBinding}. */
@ApplicationScoped
public class ClientCredentialsGrant {

    @Inject
    CertificateBinding binding;

    @Inject
    AccessTokenIssuer issuer;

    public AccessTokenIssuer.IssuedToken grant(AuthenticatedClient client, MultivaluedMap<String, String> form) {
        OAuthClient c = client.client();
        if (!c.grantTypeList().contains("client_credentials")) {
            throw new OAuthException(400, OAuthError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for the client_credentials grant");
        }
        String scope = RequestedScope.grant(FormParameters.single(form, "scope"), c.scopeList());
        return issuer.issue(c.clientId, c.clientId, c.audienceList(), scope, binding.confirmation(client));
    }
}
