package org.mtlssuite.clientauth;

import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.store.OAuthClient;

/** Verifies one authentication method for a client registered with it. */
public interface ClientAuthenticator {

    ClientAuthMethod method();

    /**
     * @throws org.mtlssuite.protocol.OAuthException {@code invalid_client} saying which check failed
     */
    AuthenticatedClient authenticate(OAuthClient client, ClientCredentials credentials);
}
