package org.mtlssuite.clientauth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.mtlssuite.cert.CertificatePolicy;
import org.mtlssuite.cert.ReloadingChainValidator;

/**
 * {@code tls_client_auth} (RFC 8705 2.1): PKIX validation of the presented chain to the configured
 * trust anchors, then the client's single registered subject property matched against the LEAF only.
 */
@ApplicationScoped
public class TlsClientAuthAuthenticator implements ClientAuthenticator {

    /** Null when no trust anchors are configured: then only a chain a trusted proxy verified passes. */
    private final ReloadingChainValidator validator;
    private final DistinguishedNameMatcher dnMatcher;
    private final CertificatePolicy policy;

    @Inject
    public TlsClientAuthAuthenticator(ClientAuthConfig config) {
        List<Path> files = config.trustAnchors().orElse(List.of()).stream().map(Path::of).toList();
        try {
            validator = files.isEmpty() ? null
                    : new ReloadingChainValidator(files, config.maxChainLength(),
                            config.chainValidationCacheTtl(), Duration.ofSeconds(30), config.revocation().mode(),
                            config.revocation().crlFiles().orElse(List.of()).stream().map(Path::of).toList(),
                            config.revocation().softFail());
        } catch (IOException e) {
            throw new IllegalStateException("suite.client-auth.trust-anchors: " + e.getMessage(), e);
        }
        dnMatcher = new DistinguishedNameMatcher(config.subjectDnMatch());
        policy = new CertificatePolicy(config.minRsaKeyBits(), config.minEcKeyBits());
        if (config.revocation().crlDistributionPoints()) {
            // The JDK's CRL distribution point support (with its own cache) is a JVM-wide switch.
            System.setProperty("com.sun.security.enableCRLDP", "true");
        }
    }

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.TLS_CLIENT_AUTH;
    }

    @Override
    public AuthenticatedClient authenticate(OAuthClient client, ClientCredentials credentials) {
        try {
            verify(client, credentials.certificateChain(), credentials.chainVerifiedByProxy());
        } catch (CertificateRejectedException e) {
            throw OAuthException.invalidClient("tls_client_auth failed (" + e.reason().code + "): " + e.getMessage())
                    .because(ClientAuthFailure.certificate(e.reason()));
        }
        return new AuthenticatedClient(client, method(), credentials.leaf());
    }

    /** The checks of RFC 8705 2.1, reporting the first that fails. */
    public void verify(OAuthClient client, List<X509Certificate> chain, boolean verifiedByProxy)
            throws CertificateRejectedException {
        if (chain.isEmpty()) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.NO_CERTIFICATE,
                    "no client certificate was presented");
        }
        X509Certificate leaf = chain.get(0);
        ClientCertificateChainValidator.checkValidity(leaf);
        policy.check(leaf);
        if (verifiedByProxy) {
            // Explicitly configured trust in the proxy's verdict; the validity period is still ours to check.
            ClientCertificateChainValidator.checkValidity(leaf);
        } else {
            if (validator == null) {
                throw new CertificateRejectedException(CertificateRejectedException.Reason.UNTRUSTED_CHAIN,
                        "no trust anchors are configured for tls_client_auth");
            }
            validator.current().validate(chain);
        }
        TlsClientAuthSubject property = TlsClientAuthSubject.registeredBy(client)
                .orElseThrow(() -> new CertificateRejectedException(CertificateRejectedException.Reason.SUBJECT_MISMATCH,
                        "the client has no tls_client_auth_* subject registered"));
        if (!property.matches(property.registeredValue(client), leaf, dnMatcher)) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.SUBJECT_MISMATCH,
                    "client certificate subject does not match " + property.property);
        }
    }
}
