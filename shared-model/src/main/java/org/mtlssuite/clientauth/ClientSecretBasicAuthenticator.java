package org.mtlssuite.clientauth;

import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mtlssuite.crypto.PasswordHash;

/** {@code client_secret_basic} (RFC 6749 2.3.1), secrets stored as bcrypt hashes (BouncyCastle). */
@ApplicationScoped
public class ClientSecretBasicAuthenticator implements ClientAuthenticator {

    private final ClientAuthConfig config;

    @Inject
    public ClientSecretBasicAuthenticator(ClientAuthConfig config) {
        this.config = config;
    }

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.CLIENT_SECRET_BASIC;
    }

    @Override
    public AuthenticatedClient authenticate(OAuthClient client, ClientCredentials credentials) {
        if (!credentials.hasBasic()) {
            throw OAuthException.invalidClientBasic("client_secret_basic failed: no HTTP Basic credentials", config.realm())
                    .because(ClientAuthFailure.BAD_CLIENT_SECRET);
        }
        if (!PasswordHash.verify(credentials.basicSecret(), client.clientSecretHash)) {
            throw OAuthException.invalidClientBasic("client_secret_basic failed: wrong client secret", config.realm())
                    .because(ClientAuthFailure.BAD_CLIENT_SECRET);
        }
        return new AuthenticatedClient(client, method(), credentials.leaf());
    }
}
