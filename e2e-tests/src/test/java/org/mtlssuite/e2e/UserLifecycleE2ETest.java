package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.assertInactive;
import static org.mtlssuite.e2e.IntrospectionAndRevocationE2ETest.introspect;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
        AuthorizationCodeE2ETest.Tokens t = AuthorizationCodeE2ETest.codeFlow(username, PASSWORD, "lifecycle");
        return new Tokens(t.access(), t.refresh());
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
