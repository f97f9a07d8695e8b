package org.mtlssuite.authz.token;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509Certificate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

/** RFC 8705 3 and 4 binding decisions, without a server: one class decides them for every grant. */
class CertificateBindingTest {

    static final X509Certificate CERT = TestCertificates.selfSigned("binding-a");
    static final X509Certificate OTHER = TestCertificates.selfSigned("binding-b");

    final CertificateBinding binding = new CertificateBinding();

    static AuthenticatedClient client(boolean boundAccessTokens, ClientAuthMethod method, X509Certificate certificate) {
        OAuthClient c = new OAuthClient();
        c.clientId = "c1";
        c.certificateBoundAccessTokens = boundAccessTokens;
        c.tokenEndpointAuthMethod = method;
        return new AuthenticatedClient(c, method, certificate);
    }

    @Test
    void unboundClientGetsNoConfirmationEvenWithACertificate() {
        assertNull(binding.confirmation(client(false, ClientAuthMethod.TLS_CLIENT_AUTH, CERT)));
        assertNull(binding.confirmation(client(false, ClientAuthMethod.CLIENT_SECRET_BASIC, null)));
    }

    @Test
    void boundClientGetsTheThumbprintOfTheRequestCertificate() {
        Map<String, Object> cnf = binding.confirmation(client(true, ClientAuthMethod.CLIENT_SECRET_BASIC, CERT));
        assertEquals(Map.of("x5t#S256", TestCertificates.thumbprint(CERT)), cnf);
    }

    @Test
    void boundClientWithoutCertificateIsRefusedAsInvalidRequest() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> binding.confirmation(client(true, ClientAuthMethod.TLS_CLIENT_AUTH, null)));
        assertEquals(400, e.status());
        assertEquals("invalid_request", e.error());
        assertEquals("this client's access tokens are certificate-bound: present a client certificate over mutual TLS",
                e.description());
    }

    @Test
    void publicClientsRefreshTokenIsBoundToItsCertificate() {
        assertEquals(TestCertificates.thumbprint(CERT), binding.refreshTokenThumbprint(client(false, ClientAuthMethod.NONE, CERT)));
    }

    @Test
    void publicClientWithoutCertificateAndConfidentialClientsGetUnboundRefreshTokens() {
        assertNull(binding.refreshTokenThumbprint(client(false, ClientAuthMethod.NONE, null)));
        assertNull(binding.refreshTokenThumbprint(client(true, ClientAuthMethod.TLS_CLIENT_AUTH, CERT)));
        assertNull(binding.refreshTokenThumbprint(client(false, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, CERT)));
    }

    @Test
    void refreshTokenBoundToACertificateAcceptsOnlyThatCertificate() {
        String bound = TestCertificates.thumbprint(CERT);
        assertDoesNotThrow(() -> binding.requireRefreshTokenCertificate(bound, client(false, ClientAuthMethod.NONE, CERT)));

        OAuthException other = assertThrows(OAuthException.class,
                () -> binding.requireRefreshTokenCertificate(bound, client(false, ClientAuthMethod.NONE, OTHER)));
        assertEquals(400, other.status());
        assertEquals("invalid_grant", other.error());
        assertEquals("the refresh token is bound to another certificate", other.description());

        OAuthException none = assertThrows(OAuthException.class,
                () -> binding.requireRefreshTokenCertificate(bound, client(false, ClientAuthMethod.NONE, null)));
        assertEquals("invalid_grant", none.error());
        assertEquals("the refresh token is bound to a certificate: present it over mutual TLS", none.description());
    }

    @Test
    void refreshTokenWithoutCertificateBindingNeedsNoCertificate() {
        assertDoesNotThrow(() -> binding.requireRefreshTokenCertificate(null, client(false, ClientAuthMethod.NONE, null)));
        assertDoesNotThrow(() -> binding.requireRefreshTokenCertificate(null, client(false, ClientAuthMethod.NONE, OTHER)));
    }
}
