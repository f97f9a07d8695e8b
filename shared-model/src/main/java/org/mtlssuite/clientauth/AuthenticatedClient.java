package org.mtlssuite.clientauth;

import java.security.cert.X509Certificate;

import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.store.OAuthClient;

/** A client whose authentication succeeded, with the certificate of the request (null when none). */
public record AuthenticatedClient(OAuthClient client, ClientAuthMethod method, X509Certificate certificate) {

    public String clientId() {
        return client.clientId;
    }
}
