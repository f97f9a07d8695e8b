package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mtlssuite.clientauth.ClientAuthenticatorsTestSupport.assertInvalidClient;
import static org.mtlssuite.clientauth.ClientAuthenticatorsTestSupport.chain;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.store.OAuthClient;

/**
 * {@code tls_client_auth} (RFC 8705 2.1) without a server: the dev PKI's root as the only trust
 * anchor, its client certificates as presented chains, the configuration mapping with its defaults.
 * Each refusal is 401 invalid_client naming the check that failed.
 */
class TlsClientAuthAuthenticatorTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static TlsClientAuthAuthenticator authenticator;

    @BeforeAll
    static void setUp() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        authenticator = authenticator(Map.of("suite.client-auth.trust-anchors", pki.caCert().toString()));
    }

    static TlsClientAuthAuthenticator authenticator(Map<String, String> settings) {
        return new TlsClientAuthAuthenticator(ClientAuthenticatorsTestSupport.config(settings));
    }

    static OAuthClient client(TlsClientAuthSubject property, String value) {
        OAuthClient c = new OAuthClient();
        c.clientId = "unit-" + property.property;
        c.tokenEndpointAuthMethod = ClientAuthMethod.TLS_CLIENT_AUTH;
        property.register(c, value);
        return c;
    }

    static ClientCredentials presenting(List<X509Certificate> chain) {
        return new ClientCredentials(null, null, null, chain);
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(Arguments.of(TlsClientAuthSubject.SUBJECT_DN, Clients.SUBJECT_DN, Values.SUBJECT_DN),
                Arguments.of(TlsClientAuthSubject.SAN_DNS, Clients.SAN_DNS, Values.SAN_DNS),
                Arguments.of(TlsClientAuthSubject.SAN_URI, Clients.SAN_URI, Values.SAN_URI),
                Arguments.of(TlsClientAuthSubject.SAN_IP, Clients.SAN_IP, Values.SAN_IP_V6),
                Arguments.of(TlsClientAuthSubject.SAN_EMAIL, Clients.SAN_EMAIL, Values.SAN_EMAIL));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void authenticatesATrustedLeafCarryingTheRegisteredSubject(TlsClientAuthSubject property, String fixture, String value)
            throws Exception {
        OAuthClient client = client(property, value);
        List<X509Certificate> chain = chain(pki, fixture);
        AuthenticatedClient result = authenticator.authenticate(client, presenting(chain));
        assertSame(client, result.client());
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, result.method());
        assertSame(chain.get(0), result.certificate());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rejectsATrustedLeafCarryingAnotherSubject(TlsClientAuthSubject property, String fixture, String value) throws Exception {
        String other = Clients.SAN_DNS.equals(fixture) ? Clients.SAN_URI : Clients.SAN_DNS;
        assertInvalidClient("tls_client_auth failed (subject_mismatch): client certificate subject does not match " + property.property,
                () -> authenticator.authenticate(client(property, value), presenting(chain(pki, other))));
    }

    @Test
    void validatesAChainThroughTheIntermediateCaItCarries() throws Exception {
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, "CN=via-intermediate-client,O=Demo Bank,C=GB");
        List<X509Certificate> chain = chain(pki, Clients.VIA_INTERMEDIATE);
        assertEquals(2, chain.size());
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, authenticator.authenticate(client, presenting(chain)).method());
        // The leaf alone does not reach the root.
        assertInvalidClient("tls_client_auth failed (untrusted_chain): client certificate chain does not validate to a trusted CA",
                () -> authenticator.authenticate(client, presenting(chain.subList(0, 1))));
    }

    @Test
    void rejectsACertificateFromAnUntrustedCaCarryingTheRegisteredSubject() throws Exception {
        // The rogue CA issued a certificate with the subject DN of the registered client.
        List<X509Certificate> chain = chain(pki, Clients.UNTRUSTED_CA);
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, Values.SUBJECT_DN);
        assertInvalidClient("tls_client_auth failed (untrusted_chain): client certificate chain does not validate to a trusted CA",
                () -> authenticator.authenticate(client, presenting(chain)));
    }

    @Test
    void rejectsASelfSignedCertificateEvenWithTheRightSubject() throws Exception {
        List<X509Certificate> chain = chain(pki, Clients.SELF_SIGNED);
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, chain.get(0).getSubjectX500Principal().getName());
        assertInvalidClient("tls_client_auth failed (untrusted_chain): client certificate chain does not validate to a trusted CA",
                () -> authenticator.authenticate(client, presenting(chain)));
    }

    @Test
    void rejectsAnExpiredCertificateBeforeLookingAtTheChain() throws Exception {
        List<X509Certificate> chain = chain(pki, Clients.EXPIRED);
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, chain.get(0).getSubjectX500Principal().getName());
        assertInvalidClient("tls_client_auth failed (expired): client certificate expired at " + chain.get(0).getNotAfter().toInstant(),
                () -> authenticator.authenticate(client, presenting(chain)));
    }

    @Test
    void rejectsAWeakRsaKey() throws Exception {
        List<X509Certificate> chain = chain(pki, Clients.RSA_1024);
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, chain.get(0).getSubjectX500Principal().getName());
        assertInvalidClient("tls_client_auth failed (weak_key): client certificate has an RSA key of 1024 bits; at least 2048 are required",
                () -> authenticator.authenticate(client, presenting(chain)));
    }

    @Test
    void rejectsARequestWithoutACertificate() {
        assertInvalidClient("tls_client_auth failed (no_certificate): no client certificate was presented",
                () -> authenticator.authenticate(client(TlsClientAuthSubject.SUBJECT_DN, Values.SUBJECT_DN), presenting(List.of())));
    }

    @Test
    void rejectsAClientWithoutARegisteredSubject() throws Exception {
        OAuthClient client = new OAuthClient();
        client.clientId = "unit-no-subject";
        assertInvalidClient("tls_client_auth failed (subject_mismatch): the client has no tls_client_auth_* subject registered",
                () -> authenticator.authenticate(client, presenting(chain(pki, Clients.SUBJECT_DN))));
    }

    @Test
    void refusesEveryChainWhenNoTrustAnchorIsConfigured() throws Exception {
        TlsClientAuthAuthenticator withoutAnchors = authenticator(Map.of());
        assertInvalidClient("tls_client_auth failed (untrusted_chain): no trust anchors are configured for tls_client_auth",
                () -> withoutAnchors.authenticate(client(TlsClientAuthSubject.SUBJECT_DN, Values.SUBJECT_DN),
                        presenting(chain(pki, Clients.SUBJECT_DN))));
    }

    @Test
    void aChainVerifiedByATrustedProxySkipsPkixButNotTheValidityPeriodOrTheSubject() throws Exception {
        List<X509Certificate> untrusted = chain(pki, Clients.UNTRUSTED_CA);
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, untrusted.get(0).getSubjectX500Principal().getName());
        ClientCredentials viaProxy = new ClientCredentials(null, null, null, untrusted, true);
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, authenticator.authenticate(client, viaProxy).method());

        List<X509Certificate> expired = chain(pki, Clients.EXPIRED);
        assertInvalidClient("tls_client_auth failed (expired): client certificate expired at " + expired.get(0).getNotAfter().toInstant(),
                () -> authenticator.authenticate(client, new ClientCredentials(null, null, null, expired, true)));
        assertInvalidClient("tls_client_auth failed (subject_mismatch): client certificate subject does not match tls_client_auth_subject_dn",
                () -> authenticator.authenticate(client(TlsClientAuthSubject.SUBJECT_DN, "CN=another-client,O=Demo Bank,C=GB"),
                        viaProxy));
    }

    @Test
    void comparesTheSubjectDnAsANameNotAsText() throws Exception {
        OAuthClient client = client(TlsClientAuthSubject.SUBJECT_DN, "cn=Subject-DN-Client, ou=payments, o=demo bank, c=gb");
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH,
                authenticator.authenticate(client, presenting(chain(pki, Clients.SUBJECT_DN))).method());
    }
}
