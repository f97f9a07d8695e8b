package org.mtlssuite.clientauth;

import java.security.cert.X509Certificate;
import java.util.List;

import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.cert.JwksCertificates;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mtlssuite.cert.CertificatePolicy;
import org.mtlssuite.cert.CertificateRejectedException;

/**
 * {@code self_signed_tls_client_auth} (RFC 8705 2.2): no chain validation; the presented leaf must be
 * one of the certificates the client registered ({@code x5c} of its {@code jwks} or {@code jwks_uri}).
 * A miss on a {@code jwks_uri} client refetches once (rate-limited) so that rotation works.
 */
@ApplicationScoped
public class SelfSignedTlsClientAuthAuthenticator implements ClientAuthenticator {

    private final JwksUriClient jwksUriClient;
    private final CertificatePolicy policy;

    @Inject
    public SelfSignedTlsClientAuthAuthenticator(JwksUriClient jwksUriClient, ClientAuthConfig config) {
        this.jwksUriClient = jwksUriClient;
        this.policy = new CertificatePolicy(config.minRsaKeyBits(), config.minEcKeyBits());
    }

    /** Parsed inline JWK Sets, keyed by their text: a registration change is a new key. */
    private final Map<String, List<X509Certificate>> parsedJwks = new ConcurrentHashMap<>();

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
    }

    @Override
    public AuthenticatedClient authenticate(OAuthClient client, ClientCredentials credentials) {
        X509Certificate leaf = credentials.leaf();
        if (leaf == null) {
            throw OAuthException.invalidClient("self_signed_tls_client_auth failed (no_certificate): no client certificate was presented")
                    .because(ClientAuthFailure.certificate(CertificateRejectedException.Reason.NO_CERTIFICATE));
        }
        try {
            policy.check(leaf);
        } catch (CertificateRejectedException e) {
            throw OAuthException.invalidClient("self_signed_tls_client_auth failed (" + e.reason().code + "): " + e.getMessage())
                    .because(ClientAuthFailure.certificate(e.reason()));
        }
        if (registered(client, false).stream().anyMatch(c -> sameCertificate(c, leaf))) {
            return new AuthenticatedClient(client, method(), leaf);
        }
        if (client.jwksUri != null && registered(client, true).stream().anyMatch(c -> sameCertificate(c, leaf))) {
            return new AuthenticatedClient(client, method(), leaf);
        }
        throw OAuthException.invalidClient(
                "self_signed_tls_client_auth failed (unregistered_certificate): the client certificate is not one the client registered")
                .because(ClientAuthFailure.certificate(CertificateRejectedException.Reason.UNREGISTERED_CERTIFICATE));
    }

    private List<X509Certificate> registered(OAuthClient client, boolean refetch) {
        try {
            if (client.jwks != null) {
                List<X509Certificate> certs = parsedJwks.get(client.jwks);
                if (certs == null) {
                    certs = JwksCertificates.parse(client.jwks);
                    if (parsedJwks.size() > 10_000) {
                        parsedJwks.clear();
                    }
                    parsedJwks.put(client.jwks, certs);
                }
                return certs;
            }
            if (client.jwksUri != null) {
                return refetch ? jwksUriClient.refetch(client.jwksUri) : jwksUriClient.certificates(client.jwksUri);
            }
        } catch (IllegalArgumentException | JwksUriClient.JwksFetchException e) {
            throw OAuthException.invalidClient(
                    "self_signed_tls_client_auth failed (unregistered_certificate): the client's registered keys are unusable: "
                            + e.getMessage())
                    .because(ClientAuthFailure.certificate(CertificateRejectedException.Reason.UNREGISTERED_CERTIFICATE));
        }
        return List.of();
    }

    private static boolean sameCertificate(X509Certificate registered, X509Certificate presented) {
        return CertificateThumbprint.matches(CertificateThumbprint.x5tS256(registered), presented);
    }
}
