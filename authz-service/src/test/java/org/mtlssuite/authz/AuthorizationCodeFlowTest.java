package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.expectedThumbprint;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;
import static org.mtlssuite.devsupport.CodeFlow.hiddenField;
import static org.mtlssuite.devsupport.CodeFlow.queryOf;

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
 * The authorization code flow (RFC 6749 4.1) with PKCE (RFC 7636), public clients and bound
 * refresh tokens (RFC 8705 4), as a browser would walk it: form posts with cookies over real TLS,
 * then the token endpoint over mutual TLS with dev PKI certificates, against PostgreSQL.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class AuthorizationCodeFlowTest {

    static final String USER = "alice";
    static final String PASSWORD = "alice-correct-horse";
    static final String REDIRECT = "https://app.example.com/callback";
    static final String CONFIDENTIAL = "code-confidential";
    static final String PUBLIC_BOUND = "code-public-bound";
    static final String PUBLIC_UNBOUND = "code-public-unbound";
    static final String CC_ONLY = "code-cc-only";
    static final String COOKIE = "__Host-mtls-suite-browser";
    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    GuardedJdbc db;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    /** The configured issuer (RFC 9207 iss), which differs from the random test port. */
    String issuer() {
        return main(base()).get("/.well-known/oauth-authorization-server").path("issuer");
    }

    static Map<String, Object> client(String id, String method, boolean bound, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", id);
        m.put("client_name", "App " + id);
        m.put("token_endpoint_auth_method", method);
        m.put("tls_client_certificate_bound_access_tokens", bound);
        m.put("grant_types", List.of("authorization_code", "refresh_token"));
        m.put("redirect_uris", List.of(REDIRECT, "https://app.example.com/other?tenant=1"));
        m.put("scope", "accounts:read payments:write");
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    @BeforeEach
    void registerClientsAndUser() {
        if (registered) {
            return;
        }
        String b = base();
        registerFresh(b, client(CONFIDENTIAL, "tls_client_auth", true, "tls_client_auth_subject_dn", Values.SUBJECT_DN));
        registerFresh(b, client(PUBLIC_BOUND, "none", true));
        registerFresh(b, client(PUBLIC_UNBOUND, "none", false));
        Map<String, Object> ccOnly = client(CC_ONLY, "tls_client_auth", true, "tls_client_auth_subject_dn", Values.SUBJECT_DN);
        ccOnly.put("grant_types", List.of("client_credentials"));
        ccOnly.remove("redirect_uris");
        registerFresh(b, ccOnly);
        main(b).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD)).put("/admin/users/" + USER).then().statusCode(anyOf201Or200());
        registered = true;
    }

    private static org.hamcrest.Matcher<Integer> anyOf201Or200() {
        return org.hamcrest.Matchers.anyOf(is(201), is(200));
    }

    // --- helpers: a browser and a client ---------------------------------------------------------------

    /** The login page of an authorization request: its cookie and hidden fields. */
    record LoginForm(String cookie, String requestId, String csrfToken, String html) {
    }

    Map<String, String> authorizeParams(String clientId, Pkce pkce) {
        return CodeFlow.authorizationRequest(clientId, REDIRECT, "accounts:read", pkce);
    }

    Response authorizeGet(Map<String, String> params) {
        return main(base()).redirects().follow(false).queryParams(params).get("/authorize");
    }

    LoginForm loginForm(Map<String, String> params) {
        Response r = authorizeGet(params);
        r.then().statusCode(200).contentType(containsString("text/html")).header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store");
        String html = r.asString();
        return new LoginForm(r.getCookie(COOKIE), hiddenField(html, "request_id"), hiddenField(html, "csrf_token"), html);
    }

    Response submit(LoginForm form, String decision, String username, String password) {
        var spec = main(base()).redirects().follow(false).contentType(ContentType.URLENC).formParam("request_id", form.requestId())
                .formParam("csrf_token", form.csrfToken()).formParam("decision", decision).formParam("username", username)
                .formParam("password", password);
        if (form.cookie() != null) {
            spec = spec.cookie(COOKIE, form.cookie());
        }
        return spec.post("/authorize");
    }

    /** Walks login and consent; returns the redirect's query (code, state, iss). */
    Map<String, String> authorize(String clientId, Pkce pkce) {
        Map<String, String> params = authorizeParams(clientId, pkce);
        LoginForm form = loginForm(params);
        Response r = submit(form, "approve", USER, PASSWORD);
        r.then().statusCode(303);
        String location = r.header("Location");
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        Map<String, String> q = queryOf(location);
        assertEquals(params.get("state"), q.get("state"));
        assertEquals(issuer(), q.get("iss"));
        assertNotNull(q.get("code"));
        return q;
    }

    Response redeem(String fixture, String clientId, String code, String redirectUri, String verifier) {
        var spec = mtls(mtlsListener.port(), fixture).formParam("grant_type", "authorization_code").formParam("client_id", clientId);
        if (code != null) {
            spec = spec.formParam("code", code);
        }
        if (redirectUri != null) {
            spec = spec.formParam("redirect_uri", redirectUri);
        }
        if (verifier != null) {
            spec = spec.formParam("code_verifier", verifier);
        }
        return spec.post("/token");
    }

    Response refresh(String fixture, String clientId, String refreshToken) {
        return mtls(mtlsListener.port(), fixture).formParam("grant_type", "refresh_token").formParam("client_id", clientId)
                .formParam("refresh_token", refreshToken).post("/token");
    }

    static Map<String, Object> claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
    }

    boolean revoked(String jwt) throws Exception {
        String jti = SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
        return RevokedToken.isRevoked(db, jti);
    }

    static void assertOAuthError(Response r, int status, String error) {
        r.then().statusCode(status).body("error", equalTo(error)).body("access_token", nullValue())
                .body("refresh_token", nullValue());
    }

    // --- full flows ----------------------------------------------------------------------------------------

    @Test
    void confidentialMtlsClientGetsBoundAccessTokenAndClientBoundRefreshToken() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(CONFIDENTIAL, pkce).get("code");
        Response t = redeem(Clients.SUBJECT_DN, CONFIDENTIAL, code, REDIRECT, pkce.verifier());
        t.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("scope", equalTo("accounts:read"));
        Map<String, Object> at = claims(t.path("access_token"));
        assertEquals(USER, at.get("sub"));
        assertEquals(CONFIDENTIAL, at.get("client_id"));
        assertEquals(Map.of("x5t#S256", expectedThumbprint(Clients.SUBJECT_DN)), at.get("cnf"));
        String refreshToken = t.path("refresh_token");
        assertNotNull(refreshToken);

        // Bound to the client: its authentication at refresh; the new access token binds to this request's certificate.
        Response r1 = refresh(Clients.SUBJECT_DN, CONFIDENTIAL, refreshToken);
        r1.then().statusCode(200).body("refresh_token", nullValue()).body("scope", equalTo("accounts:read"));
        assertEquals(Map.of("x5t#S256", expectedThumbprint(Clients.SUBJECT_DN)), claims(r1.path("access_token")).get("cnf"));
        // Not rotated for a confidential client: the same refresh token keeps working.
        refresh(Clients.SUBJECT_DN, CONFIDENTIAL, refreshToken).then().statusCode(200);
        // Another client cannot use it, even one that authenticates fine.
        Response other = refresh(Clients.SAN_DNS, PUBLIC_BOUND, refreshToken);
        assertOAuthError(other, 400, "invalid_grant");
        // Without the client's certificate the client does not even authenticate.
        assertOAuthError(refresh(Clients.SAN_DNS, CONFIDENTIAL, refreshToken), 401, "invalid_client");
    }

    @Test
    void publicClientWithCertificateGetsBoundAccessAndRefreshTokensThatRotate() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(PUBLIC_BOUND, pkce).get("code");
        Response t = redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, pkce.verifier());
        t.then().statusCode(200);
        String thumbprint = expectedThumbprint(Clients.SAN_DNS);
        assertEquals(Map.of("x5t#S256", thumbprint), claims(t.path("access_token")).get("cnf"));
        String rt1 = t.path("refresh_token");
        assertNotNull(rt1);

        Response r1 = refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt1);
        r1.then().statusCode(200);
        assertEquals(Map.of("x5t#S256", thumbprint), claims(r1.path("access_token")).get("cnf"));
        String rt2 = r1.path("refresh_token");
        assertNotNull(rt2, "a public client's refresh token rotates");
        assertNotEquals(rt1, rt2);
        refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt2).then().statusCode(200).body("refresh_token", not(equalTo(rt2)));
    }

    @Test
    void publicClientWithoutCertificateGetsUnboundTokensWhenNotRegisteredForBinding() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(PUBLIC_UNBOUND, pkce).get("code");
        Response t = redeem(null, PUBLIC_UNBOUND, code, REDIRECT, pkce.verifier());
        t.then().statusCode(200);
        assertNull(claims(t.path("access_token")).get("cnf"));
        Response r = refresh(null, PUBLIC_UNBOUND, t.path("refresh_token"));
        r.then().statusCode(200);
        assertNotNull(r.path("refresh_token"));
    }

    // --- refresh token binding and reuse ---------------------------------------------------------------

    @Test
    void boundRefreshTokenRefusesAnotherCertificateAndNoCertificate() throws Exception {
        Pkce pkce = Pkce.fresh();
        Response t = redeem(Clients.SAN_DNS, PUBLIC_BOUND, authorize(PUBLIC_BOUND, pkce).get("code"), REDIRECT, pkce.verifier());
        String rt = t.path("refresh_token");
        Response otherCert = refresh(Clients.SAN_URI, PUBLIC_BOUND, rt);
        assertOAuthError(otherCert, 400, "invalid_grant");
        otherCert.then().body("error_description", containsString("another certificate"));
        Response noCert = refresh(null, PUBLIC_BOUND, rt);
        assertOAuthError(noCert, 400, "invalid_grant");
        noCert.then().body("error_description", containsString("bound to a certificate"));
        // Neither attempt spent it: the holder of the certificate still refreshes.
        refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt).then().statusCode(200);
    }

    @Test
    void reusedRotatedRefreshTokenRevokesTheWholeFamily() throws Exception {
        Pkce pkce = Pkce.fresh();
        Response t = redeem(Clients.SAN_DNS, PUBLIC_BOUND, authorize(PUBLIC_BOUND, pkce).get("code"), REDIRECT, pkce.verifier());
        String rt1 = t.path("refresh_token");
        Response r1 = refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt1);
        String rt2 = r1.path("refresh_token");
        assertFalse(revoked(r1.path("access_token")));

        Response reuse = refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt1);
        assertOAuthError(reuse, 400, "invalid_grant");
        reuse.then().body("error_description", containsString("already used"));
        assertOAuthError(refresh(Clients.SAN_DNS, PUBLIC_BOUND, rt2), 400, "invalid_grant");
        assertTrue(revoked(t.path("access_token")), "the first access token of the family is revoked");
        assertTrue(revoked(r1.path("access_token")), "the refreshed access token of the family is revoked");
    }

    @Test
    void revokingARefreshTokenRevokesItsGrantsAccessTokens() throws Exception {
        Pkce pkce = Pkce.fresh();
        Response t = redeem(Clients.SUBJECT_DN, CONFIDENTIAL, authorize(CONFIDENTIAL, pkce).get("code"), REDIRECT,
                pkce.verifier());
        String rt = t.path("refresh_token");
        Response r1 = refresh(Clients.SUBJECT_DN, CONFIDENTIAL, rt);
        // Another client cannot revoke it.
        mtls(mtlsListener.port(), Clients.SAN_DNS).formParam("client_id", PUBLIC_BOUND).formParam("token", rt)
                .formParam("token_type_hint", "refresh_token").post("/revoke").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        refresh(Clients.SUBJECT_DN, CONFIDENTIAL, rt).then().statusCode(200);

        mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("client_id", CONFIDENTIAL).formParam("token", rt)
                .formParam("token_type_hint", "refresh_token").post("/revoke").then().statusCode(200);
        assertOAuthError(refresh(Clients.SUBJECT_DN, CONFIDENTIAL, rt), 400, "invalid_grant");
        assertTrue(revoked(t.path("access_token")));
        assertTrue(revoked(r1.path("access_token")));
    }

    // --- code redemption negatives ---------------------------------------------------------------------

    @Test
    void wrongAndMissingVerifierAreRefusedWithoutSpendingTheCode() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(PUBLIC_BOUND, pkce).get("code");
        Response wrong = redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, Pkce.fresh().verifier());
        assertOAuthError(wrong, 400, "invalid_grant");
        wrong.then().body("error_description", containsString("code_verifier does not match"));
        Response missing = redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, null);
        assertOAuthError(missing, 400, "invalid_request");
        missing.then().body("error_description", containsString("code_verifier is required"));
        assertOAuthError(redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, "short"), 400, "invalid_request");
        redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, pkce.verifier()).then().statusCode(200);
    }

    @Test
    void secondRedemptionIsRefusedAndRevokesWhatTheFirstIssued() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(CONFIDENTIAL, pkce).get("code");
        Response first = redeem(Clients.SUBJECT_DN, CONFIDENTIAL, code, REDIRECT, pkce.verifier());
        first.then().statusCode(200);
        assertFalse(revoked(first.path("access_token")));
        Response second = redeem(Clients.SUBJECT_DN, CONFIDENTIAL, code, REDIRECT, pkce.verifier());
        assertOAuthError(second, 400, "invalid_grant");
        second.then().body("error_description", containsString("already used"));
        assertTrue(revoked(first.path("access_token")), "the first redemption's access token is revoked");
        assertOAuthError(refresh(Clients.SUBJECT_DN, CONFIDENTIAL, first.path("refresh_token")), 400, "invalid_grant");
    }

    @Test
    void codeRedeemedByAnotherClientIsInvalidGrant() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(CONFIDENTIAL, pkce).get("code");
        Response stolen = redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, pkce.verifier());
        assertOAuthError(stolen, 400, "invalid_grant");
        stolen.then().body("error_description", containsString("another client"));
        redeem(Clients.SUBJECT_DN, CONFIDENTIAL, code, REDIRECT, pkce.verifier()).then().statusCode(200);
    }

    @Test
    void redirectUriMismatchAtTheTokenEndpointIsInvalidGrant() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(PUBLIC_BOUND, pkce).get("code");
        Response r = redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, "https://app.example.com/other?tenant=1", pkce.verifier());
        assertOAuthError(r, 400, "invalid_grant");
        r.then().body("error_description", containsString("redirect_uri"));
        assertOAuthError(redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, null, pkce.verifier()), 400, "invalid_request");
    }

    @Test
    void unknownCodeAndClientWithoutTheGrantAreRefused() throws Exception {
        assertOAuthError(redeem(Clients.SAN_DNS, PUBLIC_BOUND, "not-a-code", REDIRECT, Pkce.fresh().verifier()), 400,
                "invalid_grant");
        assertOAuthError(redeem(Clients.SUBJECT_DN, CC_ONLY, "not-a-code", REDIRECT, Pkce.fresh().verifier()), 400,
                "unauthorized_client");
    }

    @Test
    void boundPublicClientWithoutCertificateGetsNoTokenAndKeepsTheCode() throws Exception {
        Pkce pkce = Pkce.fresh();
        String code = authorize(PUBLIC_BOUND, pkce).get("code");
        assertOAuthError(redeem(null, PUBLIC_BOUND, code, REDIRECT, pkce.verifier()), 400, "invalid_request");
        redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, REDIRECT, pkce.verifier()).then().statusCode(200);
    }

    // --- authorization endpoint ------------------------------------------------------------------------

    @Test
    void implicitAndHybridResponseTypesAreUnsupported() throws Exception {
        for (String responseType : List.of("token", "code id_token", "id_token token")) {
            Map<String, String> p = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
            p.put("response_type", responseType);
            Response r = authorizeGet(p);
            r.then().statusCode(303);
            Map<String, String> q = queryOf(r.header("Location"));
            assertEquals("unsupported_response_type", q.get("error"), responseType);
            assertEquals(p.get("state"), q.get("state"));
            assertEquals(issuer(), q.get("iss"));
            assertNull(q.get("code"));
            assertFalse(r.header("Location").contains("access_token"));
        }
    }

    @Test
    void pkceIsRequiredAndPlainIsRefused() throws Exception {
        Map<String, String> plain = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        plain.put("code_challenge_method", "plain");
        Map<String, String> q = queryOf(authorizeGet(plain).then().statusCode(303).extract().header("Location"));
        assertEquals("invalid_request", q.get("error"));
        assertTrue(q.get("error_description").contains("S256"));

        Map<String, String> defaultMethod = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        defaultMethod.remove("code_challenge_method");
        assertEquals("invalid_request", queryOf(authorizeGet(defaultMethod).header("Location")).get("error"));

        Map<String, String> none = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        none.remove("code_challenge");
        Map<String, String> q2 = queryOf(authorizeGet(none).then().statusCode(303).extract().header("Location"));
        assertEquals("invalid_request", q2.get("error"));
        assertTrue(q2.get("error_description").contains("code_challenge is required"));
    }

    @Test
    void untrustedClientOrRedirectUriGetsAPageNotARedirect() throws Exception {
        Map<String, String> unregistered = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        unregistered.put("redirect_uri", "https://attacker.example/callback");
        authorizeGet(unregistered).then().statusCode(400).header("Location", nullValue())
                .body(containsString("redirect_uri is not registered"));
        // Exact match: a registered URI with an extra query or path is a different URI.
        unregistered.put("redirect_uri", REDIRECT + "?x=1");
        authorizeGet(unregistered).then().statusCode(400).header("Location", nullValue());
        Map<String, String> unknown = authorizeParams("no-such-client", Pkce.fresh());
        authorizeGet(unknown).then().statusCode(400).header("Location", nullValue()).body(containsString("not registered"));
    }

    @Test
    void invalidScopeAndClientWithoutTheGrantRedirectWithTheirErrors() throws Exception {
        Map<String, String> p = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        p.put("scope", "admin:everything");
        assertEquals("invalid_scope", queryOf(authorizeGet(p).header("Location")).get("error"));
    }

    @Test
    void registeredRedirectUriWithAQueryKeepsIt() throws Exception {
        Pkce pkce = Pkce.fresh();
        Map<String, String> p = authorizeParams(PUBLIC_BOUND, pkce);
        p.put("redirect_uri", "https://app.example.com/other?tenant=1");
        Response r = submit(loginForm(p), "approve", USER, PASSWORD);
        String location = r.then().statusCode(303).extract().header("Location");
        assertTrue(location.startsWith("https://app.example.com/other?tenant=1&"), location);
        String code = queryOf(location).get("code");
        redeem(Clients.SAN_DNS, PUBLIC_BOUND, code, "https://app.example.com/other?tenant=1", pkce.verifier()).then()
                .statusCode(200);
    }

    @Test
    void formWithoutTheBrowserCookieOrWithAWrongCsrfTokenIsRefused() throws Exception {
        LoginForm form = loginForm(authorizeParams(PUBLIC_BOUND, Pkce.fresh()));
        assertNotNull(form.cookie());
        submit(new LoginForm(null, form.requestId(), form.csrfToken(), form.html()), "approve", USER, PASSWORD).then()
                .statusCode(403).header("Location", nullValue());
        submit(new LoginForm(form.cookie(), form.requestId(), "forged-csrf-token", form.html()), "approve", USER, PASSWORD)
                .then().statusCode(403).header("Location", nullValue());
        submit(new LoginForm("another-browsers-cookie-aaaaaaaaaaaaaaaaaaaaaaaaaa", form.requestId(), form.csrfToken(),
                form.html()), "approve", USER, PASSWORD).then().statusCode(403);
        // The genuine form still works after the forgeries.
        submit(form, "approve", USER, PASSWORD).then().statusCode(303);
        // And only once: the request is spent.
        submit(form, "approve", USER, PASSWORD).then().statusCode(400).header("Location", nullValue());
    }

    @Test
    void wrongPasswordShowsThePageAgainUntilTheLimitThenAccessDenied() throws Exception {
        Map<String, String> p = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        LoginForm form = loginForm(p);
        for (int i = 0; i < 4; i++) {
            submit(form, "approve", USER, "wrong-password").then().statusCode(200).header("Location", nullValue())
                    .body(containsString("Wrong username or password."));
        }
        submit(form, "approve", "nobody", PASSWORD).then().statusCode(303);
        Response last = submit(form, "approve", USER, PASSWORD);
        last.then().statusCode(400).header("Location", nullValue());
    }

    @Test
    void denyRedirectsWithAccessDenied() throws Exception {
        Map<String, String> p = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        Response r = submit(loginForm(p), "deny", "", "");
        Map<String, String> q = queryOf(r.then().statusCode(303).extract().header("Location"));
        assertEquals("access_denied", q.get("error"));
        assertEquals(p.get("state"), q.get("state"));
        assertNull(q.get("code"));
    }

    @Test
    void pageEscapesWhatTheClientControls() throws Exception {
        Map<String, String> p = authorizeParams(PUBLIC_BOUND, Pkce.fresh());
        p.put("state", "\"><script>alert(1)</script>");
        LoginForm form = loginForm(p);
        assertFalse(form.html().contains("<script>"));
        Map<String, String> q = queryOf(submit(form, "approve", USER, PASSWORD).header("Location"));
        assertEquals("\"><script>alert(1)</script>", q.get("state"), "state is passed through unchanged");
    }

    @Test
    void authorizationEndpointIsNotServedOnTheMtlsListener() throws Exception {
        mtls(mtlsListener.port(), null).redirects().follow(false).queryParams(authorizeParams(PUBLIC_BOUND, Pkce.fresh()))
                .get("/authorize").then().statusCode(404);
    }

    @Test
    void metadataAdvertisesTheCodeFlow() {
        main(base()).get("/.well-known/oauth-authorization-server").then().statusCode(200)
                .body("authorization_endpoint", equalTo(issuer() + "/authorize"))
                .body("response_types_supported", equalTo(List.of("code")))
                .body("code_challenge_methods_supported", equalTo(List.of("S256")))
                .body("grant_types_supported", hasItem("authorization_code"))
                .body("grant_types_supported", hasItem("refresh_token"))
                .body("token_endpoint_auth_methods_supported", hasItem("none"))
                .body("introspection_endpoint_auth_methods_supported", not(hasItem("none")));
    }

    @Test
    void registrationRefusesInconsistentCodeFlowMetadata() {
        Map<String, Object> implicit = client("code-bad-1", "none", true);
        implicit.put("response_types", List.of("token"));
        AuthzTestClient.register(base(), implicit).then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
        Map<String, Object> noRedirect = client("code-bad-2", "none", true);
        noRedirect.remove("redirect_uris");
        AuthzTestClient.register(base(), noRedirect).then().statusCode(400).body("error", equalTo("invalid_redirect_uri"));
        Map<String, Object> publicIntrospection = client("code-bad-3", "none", true);
        publicIntrospection.put("introspection_allowed", true);
        AuthzTestClient.register(base(), publicIntrospection).then().statusCode(400)
                .body("error", equalTo("invalid_client_metadata"));
        Map<String, Object> refreshOnly = client("code-bad-4", "tls_client_auth", true, "tls_client_auth_subject_dn",
                Values.SUBJECT_DN);
        refreshOnly.put("grant_types", List.of("refresh_token"));
        AuthzTestClient.register(base(), refreshOnly).then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
    }

    @Test
    void userAdminRefusesWeakPasswordsAndNeedsTheAdminToken() {
        main(base()).contentType(ContentType.JSON).body(Map.of("password", "long-enough-password")).put("/admin/users/bob")
                .then().statusCode(401);
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", "short")).put("/admin/users/bob").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }
}
