package org.mtlssuite.authz.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.ws.rs.core.MultivaluedHashMap;

/**
 * The decisions the three grants take before they touch the database: which parameters they need,
 * which scope they grant, and that binding is decided before anything is spent. (Code redemption,
 * replay and rotation run against PostgreSQL in AuthorizationCodeFlowTest and UserLifecycleGrantsTest.)
 */
class GrantDecisionsTest {

    static final X509Certificate CERT = TestCertificates.selfSigned("grant-decisions");

    /** Records what would be signed instead of signing it. */
    static final class RecordingIssuer extends AccessTokenIssuer {
        final List<Object[]> issued = new ArrayList<>();

        @Override
        public IssuedToken issue(String subject, String clientId, List<String> audience, String scope, Map<String, Object> cnf) {
            issued.add(new Object[] { subject, clientId, audience, scope, cnf });
            return new IssuedToken("jwt", "jti", 300, scope, cnf);
        }
    }

    static AuthenticatedClient client(ClientAuthMethod method, boolean bound, X509Certificate certificate, GrantType... grants) {
        OAuthClient c = new OAuthClient();
        c.clientId = "c1";
        c.tokenEndpointAuthMethod = method;
        c.certificateBoundAccessTokens = bound;
        c.grantTypes = List.of(grants);
        c.scope = "accounts:read payments:write";
        c.audience = "https://rs.example.com";
        return new AuthenticatedClient(c, method, certificate);
    }

    static TokenRequest request(AuthenticatedClient client, String... nameValues) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.add(nameValues[i], nameValues[i + 1]);
        }
        return new TokenRequest(client, form);
    }

    static ClientCredentialsGrant clientCredentials(RecordingIssuer issuer) {
        return new ClientCredentialsGrant(new CertificateBinding(), issuer);
    }

    static void assertRefused(int status, String error, String description, Runnable r) {
        OAuthException e = assertThrows(OAuthException.class, r::run);
        assertEquals(status, e.status());
        assertEquals(error, e.error());
        assertEquals(description, e.description());
    }

    @Test
    void clientCredentialsWithoutScopeGetsEveryRegisteredScope() {
        RecordingIssuer issuer = new RecordingIssuer();
        TokenGrantResult r = clientCredentials(issuer).handle(request(client(ClientAuthMethod.TLS_CLIENT_AUTH, false, CERT,
                GrantType.CLIENT_CREDENTIALS)));
        assertEquals("accounts:read payments:write", r.accessToken().scope());
        assertNull(r.refreshToken());
        assertNull(r.idToken());
        Object[] issued = issuer.issued.get(0);
        assertEquals("c1", issued[0]);
        assertEquals("c1", issued[1]);
        assertEquals(List.of("https://rs.example.com"), issued[2]);
        assertNull(issued[4]);
    }

    @Test
    void clientCredentialsGrantsARequestedSubsetOnce() {
        TokenGrantResult r = clientCredentials(new RecordingIssuer()).handle(request(client(ClientAuthMethod.TLS_CLIENT_AUTH, false,
                CERT, GrantType.CLIENT_CREDENTIALS), "scope", "payments:write payments:write"));
        assertEquals("payments:write", r.accessToken().scope());
    }

    @Test
    void clientCredentialsRefusesAScopeTheClientIsNotRegisteredFor() {
        RecordingIssuer issuer = new RecordingIssuer();
        assertRefused(400, "invalid_scope", "scope admin is not registered for this client",
                () -> clientCredentials(issuer).handle(request(client(ClientAuthMethod.TLS_CLIENT_AUTH, false, CERT,
                        GrantType.CLIENT_CREDENTIALS), "scope", "accounts:read admin")));
        assertEquals(0, issuer.issued.size());
    }

    @Test
    void clientCredentialsOfABoundClientIsBoundToTheRequestCertificate() {
        RecordingIssuer issuer = new RecordingIssuer();
        TokenGrantResult r = clientCredentials(issuer).handle(request(client(ClientAuthMethod.CLIENT_SECRET_BASIC, true, CERT,
                GrantType.CLIENT_CREDENTIALS)));
        assertEquals(Map.of("x5t#S256", TestCertificates.thumbprint(CERT)), r.accessToken().cnf());
    }

    @Test
    void clientCredentialsOfABoundClientWithoutCertificateIssuesNothing() {
        RecordingIssuer issuer = new RecordingIssuer();
        assertRefused(400, "invalid_request",
                "this client's access tokens are certificate-bound: present a client certificate over mutual TLS",
                () -> clientCredentials(issuer).handle(request(client(ClientAuthMethod.CLIENT_SECRET_BASIC, true, null,
                        GrantType.CLIENT_CREDENTIALS))));
        assertEquals(0, issuer.issued.size());
    }

    /** No database behind it: a decision that reached the code lookup would fail with a NullPointerException. */
    static AuthorizationCodeGrant authorizationCode() {
        AuthorizationCodeGrant g = new AuthorizationCodeGrant();
        g.binding = new CertificateBinding();
        return g;
    }

    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @Test
    void authorizationCodeNeedsCodeRedirectUriAndVerifier() {
        AuthenticatedClient c = client(ClientAuthMethod.NONE, false, null, GrantType.AUTHORIZATION_CODE);
        assertRefused(400, "invalid_request", "code is required",
                () -> authorizationCode().handle(request(c, "redirect_uri", "https://app/cb", "code_verifier", VERIFIER)));
        assertRefused(400, "invalid_request", "redirect_uri is required",
                () -> authorizationCode().handle(request(c, "code", "x", "code_verifier", VERIFIER)));
        assertRefused(400, "invalid_request", "code_verifier is required (PKCE, RFC 7636)",
                () -> authorizationCode().handle(request(c, "code", "x", "redirect_uri", "https://app/cb")));
    }

    @Test
    void authorizationCodeRefusesAMalformedVerifier() {
        AuthenticatedClient c = client(ClientAuthMethod.NONE, false, null, GrantType.AUTHORIZATION_CODE);
        assertRefused(400, "invalid_request", "code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~",
                () -> authorizationCode().handle(request(c, "code", "x", "redirect_uri", "https://app/cb", "code_verifier", "short")));
    }

    @Test
    void authorizationCodeOfABoundClientWithoutCertificateIsRefusedBeforeTheCodeIsSpent() {
        AuthenticatedClient c = client(ClientAuthMethod.NONE, true, null, GrantType.AUTHORIZATION_CODE);
        assertRefused(400, "invalid_request",
                "this client's access tokens are certificate-bound: present a client certificate over mutual TLS",
                () -> authorizationCode().handle(request(c, "code", "x", "redirect_uri", "https://app/cb", "code_verifier", VERIFIER)));
    }

    @Test
    void refreshNeedsTheRefreshToken() {
        RefreshTokenGrant g = new RefreshTokenGrant();
        g.binding = new CertificateBinding();
        assertRefused(400, "invalid_request", "refresh_token is required",
                () -> g.handle(request(client(ClientAuthMethod.NONE, false, CERT, GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN))));
    }

    @Test
    void eachGrantServesItsOwnGrantType() {
        assertEquals(GrantType.CLIENT_CREDENTIALS, clientCredentials(new RecordingIssuer()).grantType());
        assertEquals(GrantType.AUTHORIZATION_CODE, new AuthorizationCodeGrant().grantType());
        assertEquals(GrantType.REFRESH_TOKEN, new RefreshTokenGrant().grantType());
    }
}
