package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.CodeFlow;
import org.mtlssuite.devsupport.CodeFlow.Pkce;
import org.mtlssuite.devsupport.SuiteTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * RFC 9700 4.11.2 (issue 16 point 15): anyone may register a client dynamically, so before the user
 * has signed in its authorization errors are shown on the AS's page, never redirected to its
 * redirect_uri (the AS would be an open redirector). A client the administrator registered keeps
 * the RFC 6749 redirect.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class DynamicClientAuthorizationErrorsTest {

    static final String ATTACKER_REDIRECT = "https://attacker.example/landing";
    static final String ADMIN_CLIENT = "admin-registered-app";
    static String dynamicClientId;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    @BeforeEach
    void register() {
        if (dynamicClientId != null) {
            return;
        }
        dynamicClientId = main(base()).header("Authorization", "Bearer test-initial-access-token").contentType(ContentType.JSON)
                .body(Map.of("client_name", "Looks Legit", "token_endpoint_auth_method", "none", "grant_types",
                        List.of("authorization_code"), "redirect_uris", List.of(ATTACKER_REDIRECT), "scope", "openid accounts:read"))
                .post("/register").then().statusCode(201).extract().path("client_id");
        registerFresh(base(), Map.of("client_id", ADMIN_CLIENT, "token_endpoint_auth_method", "none", "grant_types",
                List.of("authorization_code"), "redirect_uris", List.of(ATTACKER_REDIRECT), "scope", "openid accounts:read"));
        main(base()).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", "dora-correct-horse")).put("/admin/users/dora");
    }

    Response authorize(String clientId, String... overrides) {
        Map<String, String> p = CodeFlow.authorizationRequest(clientId, ATTACKER_REDIRECT, "openid", Pkce.fresh());
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                p.remove(overrides[i]);
            } else {
                p.put(overrides[i], overrides[i + 1]);
            }
        }
        return new OidcBrowser(base()).authorize(p);
    }

    static void shownHere(Response r, String error) {
        r.then().statusCode(400).header("Location", nullValue()).contentType(containsString("text/html"))
                .body(containsString(error)).body(containsString("You were not sent back to it"));
    }

    @Test
    void errorsBeforeSignInAreShownOnOurPage() {
        shownHere(authorize(dynamicClientId, "scope", "admin:everything"), "invalid_scope");
        shownHere(authorize(dynamicClientId, "response_type", "token"), "unsupported_response_type");
        shownHere(authorize(dynamicClientId, "code_challenge", null), "invalid_request");
        shownHere(authorize(dynamicClientId, "code_challenge_method", "plain"), "invalid_request");
        shownHere(authorize(dynamicClientId, "prompt", "none"), "login_required");
        shownHere(authorize(dynamicClientId, "request_uri", "https://attacker.example/r"), "request_uri_not_supported");
    }

    @Test
    void anAdministratorsClientStillGetsTheRedirect() {
        Response r = authorize(ADMIN_CLIENT, "scope", "admin:everything");
        r.then().statusCode(303);
        assertEquals("invalid_scope", CodeFlow.queryOf(r.header("Location")).get("error"));
    }

    @Test
    void tooManyWrongPasswordsEndOnOurPageToo() {
        OidcBrowser b = new OidcBrowser(base());
        String page = b.authorize(CodeFlow.authorizationRequest(dynamicClientId, ATTACKER_REDIRECT, "openid", Pkce.fresh())).then()
                .statusCode(200).extract().asString();
        for (int i = 0; i < 4; i++) {
            b.submit(page, "approve", "dora", "wrong-password").then().statusCode(200);
        }
        b.submit(page, "approve", "dora", "wrong-password").then().statusCode(400).header("Location", nullValue())
                .body(containsString("Too many failed sign-in attempts"));
    }

    @Test
    void afterTheUserChoseTheRedirectHappens() {
        OidcBrowser b = new OidcBrowser(base());
        String page = b.authorize(CodeFlow.authorizationRequest(dynamicClientId, ATTACKER_REDIRECT, "openid", Pkce.fresh())).then()
                .statusCode(200).body(containsString("attacker.example")).extract().asString();
        // The page named the destination; the user chose to go back there.
        Response deny = b.submit(page, "deny", null, null);
        deny.then().statusCode(303);
        assertEquals("access_denied", CodeFlow.queryOf(deny.header("Location")).get("error"));
        String page2 = b.authorize(CodeFlow.authorizationRequest(dynamicClientId, ATTACKER_REDIRECT, "openid", Pkce.fresh())).asString();
        b.submit(page2, "approve", "dora", "dora-correct-horse").then().statusCode(303)
                .header("Location", containsString("code="));
    }
}
