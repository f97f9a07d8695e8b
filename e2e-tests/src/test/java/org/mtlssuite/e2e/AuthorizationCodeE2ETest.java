package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.assertInactive;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.introspect;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.thumbprint;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.CodeFlow;
import org.mtlssuite.devsupport.CodeFlow.Pkce;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.pki.DevPki.Clients;

/**
 * The seeded code-flow demo across the real processes: the demo user approves the public demo
 * client, whose certificate-bound tokens the introspection service and the resource server honour;
 * a replayed code or a reused refresh token turns the whole grant inactive everywhere.
 */
class AuthorizationCodeE2ETest {

    static final String APP = DemoClients.PUBLIC_APP;
    static final String CERT = DemoClients.PUBLIC_APP_CERT_FIXTURE;
    static final String REDIRECT = DemoClients.PUBLIC_APP_REDIRECT_URI;

    record Tokens(String code, String verifier, Map<String, Object> response) {
        String access() {
            return (String) response.get("access_token");
        }

        String refresh() {
            return (String) response.get("refresh_token");
        }
    }

    /** A browser walk with the seeded demo user, then the code redeemed over mTLS with the app's certificate. */
    static Tokens codeFlow() throws Exception {
        return codeFlow(DemoClients.DEMO_USER, Files.readString(E2eSuite.get().demoUserPasswordFile()).trim(), "e2e");
    }

    /** The code flow of the public demo app for {@code username}: login page, approval, code redeemed over mTLS. */
    static Tokens codeFlow(String username, String password, String state) throws Exception {
        Pkce pkce = Pkce.fresh();
        String authorize = E2eSuite.authzUrl() + "/authorize?"
                + CodeFlow.formEncode(CodeFlow.authorizationRequest(APP, REDIRECT, "accounts:read", pkce, "state", state));
        var browser = E2eSuite.client(null);
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = CodeFlow.formEncode(Map.of("request_id", CodeFlow.hiddenField(page.body(), "request_id"), "csrf_token",
                CodeFlow.hiddenField(page.body(), "csrf_token"), "decision", "approve", "username", username, "password", password));
        HttpResponse<String> approved = browser.send(HttpRequest.newBuilder(URI.create(E2eSuite.authzUrl() + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, approved.statusCode(), approved.body());
        String location = approved.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        String code = CodeFlow.queryOf(location).get("code");
        assertNotNull(code);
        HttpResponse<String> t = postForm(CERT, mtlsUrl() + "/token", form("grant_type", "authorization_code", "client_id", APP,
                "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier()));
        assertEquals(200, t.statusCode(), t.body());
        return new Tokens(code, pkce.verifier(), json(t));
    }

    static HttpResponse<String> resource(String fixture, String token) throws Exception {
        return E2eSuite.client(fixture).send(HttpRequest.newBuilder(URI.create(E2eSuite.resourceUrl() + "/accounts"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void boundCodeFlowTokensAreHonouredByIntrospectionAndTheResourceServer() throws Exception {
        Tokens t = codeFlow();
        String x5t = thumbprint(CERT);

        Map<String, Object> access = introspect(t.access());
        assertEquals(true, access.get("active"));
        assertEquals(DemoClients.DEMO_USER, access.get("sub"));
        assertEquals(Map.of("x5t#S256", x5t), access.get("cnf"));

        Map<String, Object> refresh = introspect(t.refresh());
        assertEquals(true, refresh.get("active"));
        assertEquals(APP, refresh.get("client_id"));
        assertEquals(DemoClients.DEMO_USER, refresh.get("sub"));
        assertEquals("accounts:read", refresh.get("scope"));
        assertEquals(Map.of("x5t#S256", x5t), refresh.get("cnf"), "RFC 8705 4: the refresh token's certificate binding");
        // Introspection names the token kind, so a resource server never takes a refresh token for an access token.
        assertEquals("refresh_token", refresh.get("token_type"));
        assertEquals("Bearer", access.get("token_type"));

        assertEquals(200, resource(CERT, t.access()).statusCode());
        ResourceServerBindingE2ETest.assertInvalidToken(resource(Clients.SAN_URI, t.access()));

        // Rotation: the used refresh token reads inactive, its successor active.
        HttpResponse<String> r = postForm(CERT, mtlsUrl() + "/token", form("grant_type", "refresh_token", "client_id", APP,
                "refresh_token", t.refresh()));
        assertEquals(200, r.statusCode(), r.body());
        String successor = (String) json(r).get("refresh_token");
        assertInactive(t.refresh());
        assertEquals(true, introspect(successor).get("active"));
    }

    @Test
    void replayedCodeTurnsTheFirstTokensInactiveAtIntrospection() throws Exception {
        Tokens t = codeFlow();
        assertEquals(true, introspect(t.access()).get("active"));
        HttpResponse<String> replay = postForm(CERT, mtlsUrl() + "/token", form("grant_type", "authorization_code", "client_id",
                APP, "code", t.code(), "redirect_uri", REDIRECT, "code_verifier", t.verifier()));
        assertEquals(400, replay.statusCode());
        assertEquals("invalid_grant", json(replay).get("error"));
        assertFalse(replay.body().contains("access_token"));
        assertInactive(t.access());
        assertInactive(t.refresh());
    }
}
