package org.mtlssuite.authz.token;

import java.util.Map;

import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * RFC 8705 binding policy, applied by every grant through this one class.
 * <ul>
 * <li>Access tokens (section 3): a client registered with
 * {@code tls_client_certificate_bound_access_tokens=true} always gets tokens bound to the certificate
 * of the request ({@code cnf.x5t#S256}), and cannot get a token without one; other clients get
 * unbound tokens. The authentication method does not matter.</li>
 * <li>Refresh tokens (section 4): a public client's refresh token is bound to the certificate it
 * presented, which it must present again to refresh; a confidential client's is bound to the client
 * through its authentication instead.</li>
 * </ul>
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

    /** The thumbprint a new refresh token of this request is bound to, or null when it is bound to the client. */
    public String refreshTokenThumbprint(AuthenticatedClient client) {
        if (client.method() != ClientAuthMethod.NONE || client.certificate() == null) {
            return null;
        }
        return CertificateThumbprint.x5tS256(client.certificate());
    }

    /**
     * A refresh token bound to {@code boundThumbprint} (null: not bound to a certificate) is used only
     * with that certificate, compared in constant time; {@code invalid_grant} otherwise.
     */
    public void requireRefreshTokenCertificate(String boundThumbprint, AuthenticatedClient client) {
        if (boundThumbprint == null) {
            return;
        }
        if (client.certificate() == null) {
            throw OAuthException.invalidGrant("the refresh token is bound to a certificate: present it over mutual TLS");
        }
        if (!CertificateThumbprint.matches(boundThumbprint, client.certificate())) {
            throw OAuthException.invalidGrant("the refresh token is bound to another certificate");
        }
    }
}
