package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

/**
 * The reason each client-authentication failure is counted under (the {@code reason} label of
 * {@code mtls_suite_client_auth_failures_total} and of the audit record): given where it is thrown,
 * never read back out of the description.
 */
class ClientAuthenticationReasonCodesTest {

    /** The real configuration mapping with its defaults, realm authz. */
    static ClientAuthConfig config() {
        return ClientAuthenticatorsTestSupport.config(Map.of("suite.client-auth.realm", "authz"));
    }

    static OAuthClient client(ClientAuthMethod method) {
        OAuthClient c = new OAuthClient();
        c.clientId = "c1";
        c.tokenEndpointAuthMethod = method;
        return c;
    }

    static OAuthException failure(Runnable r) {
        return assertThrows(OAuthException.class, r::run);
    }

    @Test
    void eachNamedReasonHasItsLabel() {
        assertEquals("unknown_client", ClientAuthFailure.UNKNOWN_CLIENT.code());
        assertEquals("client_disabled", ClientAuthFailure.CLIENT_DISABLED.code());
        assertEquals("bad_client_secret", ClientAuthFailure.BAD_CLIENT_SECRET.code());
        assertEquals("rate_limited", ClientAuthFailure.RATE_LIMITED.code());
        for (CertificateRejectedException.Reason r : CertificateRejectedException.Reason.values()) {
            assertEquals(r.code, ClientAuthFailure.certificate(r).code());
        }
    }

    @Test
    void aFailureWithoutAReasonCountsUnderItsErrorCodeWhateverItsDescriptionSays() {
        assertEquals("invalid_client", ClientAuthentication.reasonCode(
                OAuthException.invalidClient("client is registered for none (a public client) and must not send HTTP Basic credentials")));
        assertEquals("invalid_request", ClientAuthentication.reasonCode(OAuthException.invalidRequest("client_id is required")));
        assertEquals("invalid_client", ClientAuthentication.reasonCode(OAuthException.invalidClient("client is disabled")));
    }

    @Test
    void aReasonGivenWithTheFailureIsTheOneCounted() {
        assertEquals("unknown_client", ClientAuthentication.reasonCode(
                OAuthException.invalidClient("client authentication failed: unknown client").because(ClientAuthFailure.UNKNOWN_CLIENT)));
        assertEquals("client_disabled", ClientAuthentication.reasonCode(
                OAuthException.invalidClient("client authentication failed: client is disabled").because(ClientAuthFailure.CLIENT_DISABLED)));
    }

    @Test
    void wrongOrMissingClientSecretIsBadClientSecret() {
        ClientSecretBasicAuthenticator a = new ClientSecretBasicAuthenticator(config());
        OAuthException e = failure(() -> a.authenticate(client(ClientAuthMethod.CLIENT_SECRET_BASIC),
                new ClientCredentials("c1", null, null, List.of())));
        assertEquals("invalid_client", e.error());
        assertEquals("client_secret_basic failed: no HTTP Basic credentials", e.description());
        assertEquals("bad_client_secret", ClientAuthentication.reasonCode(e));
    }

    @Test
    void noCertificateForTlsClientAuthIsNoCertificate() {
        OAuthException e = failure(() -> new TlsClientAuthAuthenticator(config()).authenticate(client(ClientAuthMethod.TLS_CLIENT_AUTH),
                new ClientCredentials("c1", null, null, List.of())));
        assertEquals(401, e.status());
        assertEquals("invalid_client", e.error());
        assertEquals("tls_client_auth failed (no_certificate): no client certificate was presented", e.description());
        assertEquals("no_certificate", ClientAuthentication.reasonCode(e));
    }

    @Test
    void noCertificateForSelfSignedTlsClientAuthIsNoCertificate() {
        OAuthException e = failure(() -> new SelfSignedTlsClientAuthAuthenticator(null, config()).authenticate(
                client(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH), new ClientCredentials("c1", null, null, List.of())));
        assertEquals("invalid_client", e.error());
        assertEquals("no_certificate", ClientAuthentication.reasonCode(e));
    }
}
