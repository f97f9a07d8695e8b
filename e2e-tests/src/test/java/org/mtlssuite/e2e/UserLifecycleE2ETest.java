package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.assertInactive;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.introspect;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.devsupport.Suite;

/**
 * A user's tokens end with the user, across the real processes: disabling an account through the
 * admin API turns its refresh and access tokens inactive at the introspection service and refuses
 * its refresh at the AS; an account disabled or deleted in the database (any way other than the
 * admin API) makes the introspection service, which reads the AS tables itself, report its refresh
 * tokens inactive too.
 */
class UserLifecycleE2ETest {

    static final String APP = DemoClients.PUBLIC_APP;
    static final String CERT = DemoClients.PUBLIC_APP_CERT_FIXTURE;
    static final String REDIRECT = DemoClients.PUBLIC_APP_REDIRECT_URI;
    static final String PASSWORD = "e2e-lifecycle-password";

    record Tokens(String access, String refresh) {
    }

    static void putUser(String username, boolean enabled) throws Exception {
        HttpResponse<String> r = admin("PUT", "/admin/users/" + username, Map.of("password", PASSWORD, "enabled", enabled));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
    }

    /** The code flow with the public demo app for {@code username}: its certificate-bound tokens. */
    static Tokens codeFlow(String username) throws Exception {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = E2eSuite.authzUrl() + "/authorize?" + AuthorizationCodeE2ETest.query(Map.of("response_type", "code",
                "client_id", APP, "redirect_uri", REDIRECT, "scope", "accounts:read", "state", "lifecycle", "code_challenge",
                challenge, "code_challenge_method", "S256"));
        var browser = E2eSuite.client(null);
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = AuthorizationCodeE2ETest.query(Map.of("request_id", AuthorizationCodeE2ETest.hidden(page.body(), "request_id"),
                "csrf_token", AuthorizationCodeE2ETest.hidden(page.body(), "csrf_token"), "decision", "approve", "username", username,
                "password", PASSWORD));
        HttpResponse<String> approved = browser.send(HttpRequest.newBuilder(URI.create(E2eSuite.authzUrl() + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, approved.statusCode(), approved.body());
        String code = null;
        for (String pair : URI.create(approved.headers().firstValue("Location").orElseThrow()).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        assertNotNull(code);
        HttpResponse<String> t = postForm(CERT, mtlsUrl() + "/token", form("grant_type", "authorization_code", "client_id", APP,
                "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier));
        assertEquals(200, t.statusCode(), t.body());
        return new Tokens((String) json(t).get("access_token"), (String) json(t).get("refresh_token"));
    }

    static HttpResponse<String> refresh(String refreshToken) throws Exception {
        return postForm(CERT, mtlsUrl() + "/token", form("grant_type", "refresh_token", "client_id", APP, "refresh_token",
                refreshToken));
    }

    static int sql(String statement, Object... params) throws Exception {
        Suite suite = E2eSuite.get();
        try (Connection c = DriverManager.getConnection(suite.database().jdbcUrl("authz"), suite.database().user(),
                suite.database().password()); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }

    @Test
    void disablingAUserThroughTheAdminApiEndsItsTokensEverywhere() throws Exception {
        putUser("e2e-lifecycle-disabled", true);
        Tokens t = codeFlow("e2e-lifecycle-disabled");
        assertEquals(true, introspect(t.refresh()).get("active"));
        assertEquals(true, introspect(t.access()).get("active"));

        putUser("e2e-lifecycle-disabled", false);
        assertInactive(t.refresh());
        assertInactive(t.access());
        HttpResponse<String> r = refresh(t.refresh());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_grant", json(r).get("error"));
        assertFalse(r.body().contains("access_token"));
    }

    @Test
    void introspectionReadsTheUsersStateItselfForRefreshTokens() throws Exception {
        putUser("e2e-lifecycle-direct", true);
        Tokens t = codeFlow("e2e-lifecycle-direct");
        assertEquals(true, introspect(t.refresh()).get("active"));

        // Disabled in the database, past the admin API: no grant was revoked, yet the refresh token reads inactive.
        assertEquals(1, sql("update end_user set enabled = false where username = ?", "e2e-lifecycle-direct"));
        assertInactive(t.refresh());
        assertEquals(1, sql("update end_user set enabled = true where username = ?", "e2e-lifecycle-direct"));
        assertEquals(true, introspect(t.refresh()).get("active"), "the grant itself was not revoked");

        assertEquals(1, sql("delete from end_user where username = ?", "e2e-lifecycle-direct"));
        assertInactive(t.refresh());
        HttpResponse<String> r = refresh(t.refresh());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_grant", json(r).get("error"));
    }
}
