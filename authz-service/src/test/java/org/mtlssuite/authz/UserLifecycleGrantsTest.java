package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.devsupport.CodeFlow;
import org.mtlssuite.devsupport.CodeFlow.Pkce;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.store.RevokedToken;

import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * What a user granted ends with the user: disabling or deleting the account through the admin API
 * revokes its grants (refresh tokens, and the access tokens issued under them) and drops its
 * unredeemed codes; a refresh or code redemption for an account disabled in any other way is
 * refused too. Real browser walk, real mTLS client, PostgreSQL.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class UserLifecycleGrantsTest {

    static final String CLIENT = "lifecycle-app";
    static final String REDIRECT = "https://app.example.com/callback";
    static final String PASSWORD = "lifecycle-password-1";
    static final String COOKIE = "__Host-mtls-suite-browser";
    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    GuardedJdbc db;

    @BeforeEach
    void registerClient() {
        if (registered) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", CLIENT);
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("grant_types", List.of("authorization_code", "refresh_token"));
        m.put("redirect_uris", List.of(REDIRECT));
        m.put("scope", "accounts:read");
        registerFresh(https.toString(), m);
        registered = true;
    }

    // --- a user, a browser and the client ------------------------------------------------------------

    void putUser(String username, boolean enabled) {
        main(https.toString()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD, "enabled", enabled)).put("/admin/users/" + username).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    record Code(String code, String verifier) {
    }

    /** Logs {@code username} in and approves; the code and its PKCE verifier. */
    Code approve(String username) throws Exception {
        Pkce pkce = Pkce.fresh();
        Response page = main(https.toString()).redirects().follow(false)
                .queryParams(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "accounts:read", pkce, "state", "s")).get("/authorize");
        page.then().statusCode(200);
        Response approved = main(https.toString()).redirects().follow(false).cookie(COOKIE, page.getCookie(COOKIE))
                .contentType(ContentType.URLENC).formParam("request_id", CodeFlow.hiddenField(page.asString(), "request_id"))
                .formParam("csrf_token", CodeFlow.hiddenField(page.asString(), "csrf_token")).formParam("decision", "approve")
                .formParam("username", username).formParam("password", PASSWORD).post("/authorize");
        approved.then().statusCode(303);
        String code = CodeFlow.queryOf(approved.header("Location")).get("code");
        assertNotNull(code, approved.header("Location"));
        return new Code(code, pkce.verifier());
    }

    Response redeem(Code c) {
        return mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "authorization_code").formParam("client_id", CLIENT)
                .formParam("code", c.code()).formParam("redirect_uri", REDIRECT).formParam("code_verifier", c.verifier())
                .post("/token");
    }

    Response refresh(String refreshToken) {
        return mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "refresh_token").formParam("client_id", CLIENT)
                .formParam("refresh_token", refreshToken).post("/token");
    }

    record Tokens(String access, String refresh) {
    }

    Tokens tokensFor(String username) throws Exception {
        Response t = redeem(approve(username));
        t.then().statusCode(200);
        return new Tokens(t.path("access_token"), t.path("refresh_token"));
    }

    boolean revoked(String jwt) throws Exception {
        String jti = SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
        return RevokedToken.isRevoked(db, jti);
    }

    static void assertInvalidGrant(Response r, String description) {
        r.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", containsString(description))
                .body("access_token", nullValue()).body("refresh_token", nullValue());
    }

    // --- the behaviour --------------------------------------------------------------------------------

    @Test
    void disablingAUserRevokesItsGrantsAndReEnablingDoesNotRestoreThem() throws Exception {
        putUser("lifecycle-disabled", true);
        Tokens t = tokensFor("lifecycle-disabled");
        Response refreshed = refresh(t.refresh());
        refreshed.then().statusCode(200);
        assertFalse(revoked(t.access()));

        putUser("lifecycle-disabled", false);
        assertInvalidGrant(refresh(t.refresh()), "revoked");
        assertTrue(revoked(t.access()), "the access token issued at the code redemption is revoked");
        assertTrue(revoked(refreshed.path("access_token")), "and the one issued at the refresh");

        putUser("lifecycle-disabled", true);
        assertInvalidGrant(refresh(t.refresh()), "revoked");
        // A new login after re-enabling starts a new grant that works.
        refresh(tokensFor("lifecycle-disabled").refresh()).then().statusCode(200);
    }

    @Test
    void deletingAUserRevokesItsGrants() throws Exception {
        putUser("lifecycle-deleted", true);
        Tokens t = tokensFor("lifecycle-deleted");
        main(https.toString()).header("Authorization", "Bearer " + ADMIN_TOKEN).delete("/admin/users/lifecycle-deleted").then()
                .statusCode(204);
        assertInvalidGrant(refresh(t.refresh()), "revoked");
        assertTrue(revoked(t.access()));
        // Re-creating an account of the same name does not revive the old grant.
        putUser("lifecycle-deleted", true);
        assertInvalidGrant(refresh(t.refresh()), "revoked");
    }

    @Test
    void aCodeApprovedBeforeTheUserWasDisabledCannotBeRedeemed() throws Exception {
        putUser("lifecycle-code", true);
        Code c = approve("lifecycle-code");
        putUser("lifecycle-code", false);
        assertInvalidGrant(redeem(c), "unknown");
        putUser("lifecycle-code", true);
        assertInvalidGrant(redeem(c), "unknown");
    }

    @Test
    void aUserDisabledOutsideTheAdminApiCannotRefreshOrRedeem() throws Exception {
        putUser("lifecycle-direct", true);
        Tokens t = tokensFor("lifecycle-direct");
        Code pending = approve("lifecycle-direct");
        setEnabledInDatabase("lifecycle-direct", false);

        assertInvalidGrant(refresh(t.refresh()), "disabled or deleted");
        assertTrue(revoked(t.access()), "refusing the refresh revoked the grant");
        assertInvalidGrant(redeem(pending), "disabled or deleted");

        setEnabledInDatabase("lifecycle-direct", true);
        assertInvalidGrant(refresh(t.refresh()), "revoked");
        // The pending code was not spent by the refusal: the enabled user's code is redeemable.
        redeem(pending).then().statusCode(200);
    }

    @Test
    void changingAnEnabledUsersPasswordKeepsItsGrants() throws Exception {
        putUser("lifecycle-kept", true);
        Tokens t = tokensFor("lifecycle-kept");
        putUser("lifecycle-kept", true);
        refresh(t.refresh()).then().statusCode(200).body("refresh_token", nullValue());
        assertFalse(revoked(t.access()));
    }

    void setEnabledInDatabase(String username, boolean enabled) {
        int updated = db.update("update end_user set enabled = ? where username = ?", GuardedJdbc.values(enabled, username),
                "test user enable");
        assertEquals(1, updated);
    }
}
