package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mtlssuite.clientauth.ClientAuthenticatorsTestSupport.assertInvalidClient;
import static org.mtlssuite.clientauth.ClientAuthenticatorsTestSupport.chain;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.store.OAuthClient;

/**
 * {@code self_signed_tls_client_auth} (RFC 8705 2.2) with inline JWK Sets built from the dev PKI's
 * certificates: the presented leaf must be one the client registered, whoever issued it.
 */
class SelfSignedTlsClientAuthAuthenticatorTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static SelfSignedTlsClientAuthAuthenticator authenticator;

    @BeforeAll
    static void setUp() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        // Inline jwks only: no JwksUriClient is ever asked.
        authenticator = new SelfSignedTlsClientAuthAuthenticator(null, ClientAuthenticatorsTestSupport.config(Map.of()));
    }

    /** A client registering the leaves of these fixtures as x5c of its jwks. */
    static OAuthClient registering(String... fixtures) throws Exception {
        List<JsonWebKey> keys = new ArrayList<>();
        for (String fixture : fixtures) {
            X509Certificate cert = chain(pki, fixture).get(0);
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(cert.getPublicKey());
            jwk.setCertificateChain(cert);
            keys.add(jwk);
        }
        OAuthClient c = new OAuthClient();
        c.clientId = "unit-self-signed";
        c.tokenEndpointAuthMethod = ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
        c.jwks = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        return c;
    }

    static ClientCredentials presenting(String fixture) throws Exception {
        return new ClientCredentials(null, null, null, chain(pki, fixture));
    }

    @Test
    void authenticatesARegisteredSelfSignedCertificate() throws Exception {
        OAuthClient client = registering(Clients.SELF_SIGNED_UNREGISTERED, Clients.SELF_SIGNED);
        ClientCredentials credentials = presenting(Clients.SELF_SIGNED);
        AuthenticatedClient result = authenticator.authenticate(client, credentials);
        assertSame(client, result.client());
        assertEquals(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, result.method());
        assertSame(credentials.leaf(), result.certificate());
    }

    @Test
    void rejectsASelfSignedCertificateTheClientDidNotRegister() throws Exception {
        assertInvalidClient(
                "self_signed_tls_client_auth failed (unregistered_certificate): the client certificate is not one the client registered",
                () -> authenticator.authenticate(registering(Clients.SELF_SIGNED), presenting(Clients.SELF_SIGNED_UNREGISTERED)));
    }

    @Test
    void aCaIssuedCertificateAuthenticatesOnlyWhenRegisteredNotByItsChain() throws Exception {
        // The method comes from the registration, not from the shape of the chain: no PKIX here.
        assertEquals(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
                authenticator.authenticate(registering(Clients.SUBJECT_DN), presenting(Clients.SUBJECT_DN)).method());
        assertInvalidClient(
                "self_signed_tls_client_auth failed (unregistered_certificate): the client certificate is not one the client registered",
                () -> authenticator.authenticate(registering(Clients.SELF_SIGNED), presenting(Clients.SUBJECT_DN)));
    }

    @Test
    void rejectsARequestWithoutACertificate() throws Exception {
        assertInvalidClient("self_signed_tls_client_auth failed (no_certificate): no client certificate was presented",
                () -> authenticator.authenticate(registering(Clients.SELF_SIGNED), new ClientCredentials(null, null, null, List.of())));
    }

    @Test
    void rejectsARegisteredCertificateWithAWeakKey() throws Exception {
        assertInvalidClient(
                "self_signed_tls_client_auth failed (weak_key): client certificate has an RSA key of 1024 bits; at least 2048 are required",
                () -> authenticator.authenticate(registering(Clients.RSA_1024), presenting(Clients.RSA_1024)));
    }

    @Test
    void aClientWhoseRegisteredKeysDoNotParseIsRefusedWithTheReason() throws Exception {
        OAuthClient client = registering(Clients.SELF_SIGNED);
        client.jwks = "{\"keys\":[]}";
        assertInvalidClient(
                "self_signed_tls_client_auth failed (unregistered_certificate): the client's registered keys are unusable: the JWK Set has no keys",
                () -> authenticator.authenticate(client, presenting(Clients.SELF_SIGNED)));
    }

    @Test
    void aChangedRegistrationIsSeenAtOnce() throws Exception {
        OAuthClient client = registering(Clients.SELF_SIGNED);
        assertEquals(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
                authenticator.authenticate(client, presenting(Clients.SELF_SIGNED)).method());
        client.jwks = registering(Clients.SELF_SIGNED_UNREGISTERED).jwks;
        assertInvalidClient(
                "self_signed_tls_client_auth failed (unregistered_certificate): the client certificate is not one the client registered",
                () -> authenticator.authenticate(client, presenting(Clients.SELF_SIGNED)));
    }
}
