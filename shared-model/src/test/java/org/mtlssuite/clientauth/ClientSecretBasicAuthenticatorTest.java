package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mtlssuite.clientauth.ClientAuthenticatorsTestSupport.assertInvalidClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.crypto.PasswordHash;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

/** {@code client_secret_basic} (RFC 6749 2.3.1) against a real bcrypt hash; failures carry the Basic challenge (RFC 6749 5.2). */
class ClientSecretBasicAuthenticatorTest {

    static final String SECRET = "correct horse battery staple";
    static final String CHALLENGE = "Basic realm=\"unit-realm\", charset=\"UTF-8\"";

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static ClientSecretBasicAuthenticator authenticator;
    static OAuthClient client;

    @BeforeAll
    static void setUp() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        authenticator = new ClientSecretBasicAuthenticator(
                ClientAuthenticatorsTestSupport.config(Map.of("suite.client-auth.realm", "unit-realm")));
        client = new OAuthClient();
        client.clientId = "unit-secret";
        client.tokenEndpointAuthMethod = ClientAuthMethod.CLIENT_SECRET_BASIC;
        client.clientSecretHash = PasswordHash.hash(SECRET);
    }

    @Test
    void authenticatesTheRightSecret() {
        AuthenticatedClient result = authenticator.authenticate(client, new ClientCredentials(null, "unit-secret", SECRET, List.of()));
        assertSame(client, result.client());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, result.method());
        assertNull(result.certificate());
    }

    @Test
    void keepsTheCertificateOfTheRequestForBinding() throws Exception {
        var chain = ClientAuthenticatorsTestSupport.chain(pki, Clients.SELF_SIGNED);
        AuthenticatedClient result = authenticator.authenticate(client, new ClientCredentials(null, "unit-secret", SECRET, chain));
        assertSame(chain.get(0), result.certificate());
    }

    @Test
    void rejectsAWrongSecretWithABasicChallenge() {
        OAuthException e = assertInvalidClient("client_secret_basic failed: wrong client secret",
                () -> authenticator.authenticate(client, new ClientCredentials(null, "unit-secret", SECRET + "!", List.of())));
        assertEquals(Map.of("WWW-Authenticate", CHALLENGE), e.headers());
    }

    @Test
    void rejectsARequestWithoutBasicCredentials() {
        OAuthException e = assertInvalidClient("client_secret_basic failed: no HTTP Basic credentials",
                () -> authenticator.authenticate(client, new ClientCredentials("unit-secret", null, null, List.of())));
        assertEquals(Map.of("WWW-Authenticate", CHALLENGE), e.headers());
    }

    @Test
    void rejectsAnySecretForAClientWithoutAStoredHash() {
        OAuthClient noHash = new OAuthClient();
        noHash.clientId = "unit-no-hash";
        assertInvalidClient("client_secret_basic failed: wrong client secret",
                () -> authenticator.authenticate(noHash, new ClientCredentials(null, "unit-no-hash", SECRET, List.of())));
    }
}
