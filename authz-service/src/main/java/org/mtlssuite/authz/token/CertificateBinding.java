package org.mtlssuite.authz.token;

import java.util.Map;

import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.protocol.OAuthException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * RFC 8705 section 3 binding policy, applied by every grant through this one class: a client
 * registered with {@code tls_client_certificate_bound_access_tokens=true} always gets tokens bound
 * to the certificate of the request ({@code cnf.x5t#S256}), and cannot get a token without one;
 * other clients get unbound tokens. The authentication method does not matter.
 */
@ApplicationScoped
public class CertificateBinding {

    /** The {@code cnf} claim for the request, or null for an unbound token. */
    public Map<String, Object> confirmation(AuthenticatedClient client) {
        if (!client.client().certificateBoundAccessTokens) {
            return null;
        }
        if (client.certificate() == null) {
            throw OAuthException.invalidRequest(
                    "this client's access tokens are certificate-bound: present a client certificate over mutual TLS");
        }
        return Map.of("x5t#S256", CertificateThumbprint.x5tS256(client.certificate()));
    }
}
