package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.CodeFlow;
import org.mtlssuite.devsupport.CodeFlow.Pkce;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.store.TokenVerificationKeys;
import org.mtlssuite.token.JwtAccessTokenValidator;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * OpenID Connect on the authorization code flow, as a relying party and a browser see it: discovery,
 * ID tokens checked by a third-party library (Nimbus), the login session with prompt and max_age,
 * remembered consent, UserInfo as a certificate-bound protected resource, and RP-Initiated Logout.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class OpenIdConnectTest {

    static final String USER = "olivia";
    static final String PASSWORD = "olivia-correct-horse";
    static final String OTHER_USER = "oscar";
    static final String REDIRECT = "https://rp.example.com/callback";
    static final String LOGOUT_RETURN = "https://rp.example.com/signed-out";
    /** Confidential, tls_client_auth, bound tokens, RS256 ID tokens by default. */
    static final String RP = "oidc-rp";
    /** Public client that chose ES256 ID tokens and no binding. */
    static final String RP_ES256 = "oidc-rp-es256";
    static final String SCOPE = "openid profile email accounts:read";
    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    TokenVerificationKeys verificationKeys;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    String issuer() {
        return main(base()).get("/.well-known/openid-configuration").path("issuer");
    }

    static Map<String, Object> client(String id, String method, boolean bound, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", id);
        m.put("client_name", "Relying party " + id);
        m.put("token_endpoint_auth_method", method);
        m.put("tls_client_certificate_bound_access_tokens", bound);
        m.put("grant_types", List.of("authorization_code", "refresh_token"));
        m.put("redirect_uris", List.of(REDIRECT));
        m.put("post_logout_redirect_uris", List.of(LOGOUT_RETURN));
        m.put("scope", SCOPE);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    @BeforeEach
    void registerClientsAndUsers() {
        if (registered) {
            return;
        }
        registerFresh(base(), client(RP, "tls_client_auth", true, "tls_client_auth_subject_dn", Values.SUBJECT_DN));
        registerFresh(base(), client(RP_ES256, "none", false, "id_token_signed_response_alg", "ES256"));
        putUser(USER, Map.of("password", PASSWORD, "name", "Olivia Example", "email", "olivia@example.com", "email_verified",
                true)).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        putUser(OTHER_USER, Map.of("password", "oscar-correct-horse")).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        registered = true;
    }

    Response putUser(String username, Map<String, Object> body) {
        return main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON).body(body)
                .put("/admin/users/" + username);
    }

    Response redeem(String fixture, String clientId, String code, Pkce pkce) {
        return mtls(mtlsListener.port(), fixture).formParam("grant_type", "authorization_code").formParam("client_id", clientId)
                .formParam("code", code).formParam("redirect_uri", REDIRECT).formParam("code_verifier", pkce.verifier())
                .post("/token");
    }

    /** A signed-in browser and the token response of its first authorization. */
    record SignedIn(OidcBrowser browser, Response tokens, String nonce) {
    }

    SignedIn signIn(String clientId, String fixture, String scope) {
        OidcBrowser browser = new OidcBrowser(base());
        Pkce pkce = Pkce.fresh();
        String nonce = "n-" + System.nanoTime();
        Map<String, String> q = browser.signInAndAllow(CodeFlow.authorizationRequest(clientId, REDIRECT, scope, pkce, "nonce", nonce), USER,
                PASSWORD);
        Response tokens = redeem(fixture, clientId, q.get("code"), pkce);
        tokens.then().statusCode(200);
        return new SignedIn(browser, tokens, nonce);
    }

    JWKSet jwks() throws Exception {
        return JWKSet.parse(main(base()).get("/jwks").then().statusCode(200).extract().asString());
    }

    // --- discovery ---------------------------------------------------------------------------------------

    @Test
    void discoveryDocumentHasEveryRequiredFieldAndEqualsTheOAuthMetadata() throws Exception {
        Response r = main(base()).get("/.well-known/openid-configuration");
        r.then().statusCode(200).contentType(containsString("application/json"));
        // Nimbus refuses a document that lacks a field Discovery 1.0 section 3 requires.
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(r.asString());
        assertEquals("https://localhost:8443", m.getIssuer().getValue());
        assertEquals("https://localhost:8443/authorize", m.getAuthorizationEndpointURI().toString());
        assertEquals("https://localhost:8444/token", m.getTokenEndpointURI().toString());
        assertEquals("https://localhost:8444/userinfo", m.getUserInfoEndpointURI().toString());
        assertEquals("https://localhost:8443/jwks", m.getJWKSetURI().toString());
        assertEquals("https://localhost:8443/logout", m.getEndSessionEndpointURI().toString());
        assertTrue(m.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256), "RS256 is required (Core 15.1)");
        assertTrue(m.getIDTokenJWSAlgs().contains(JWSAlgorithm.ES256));
        assertEquals(List.of("public"), m.getSubjectTypes().stream().map(Object::toString).toList());
        assertTrue(m.getScopes().contains("openid"));
        assertTrue(m.supportsTLSClientCertificateBoundAccessTokens());
        assertEquals("https://localhost:8444/userinfo", m.getMtlsEndpointAliases().getUserInfoEndpointURI().toString());
        assertEquals("https://localhost:8444/token", m.getMtlsEndpointAliases().getTokenEndpointURI().toString());
        assertFalse(m.supportsRequestURIParam());
        assertFalse(m.supportsRequestParam());
        // One builder: the RFC 8414 document says exactly the same.
        assertEquals(r.jsonPath().getMap("$"),
                main(base()).get("/.well-known/oauth-authorization-server").then().statusCode(200).extract().jsonPath().getMap("$"));
    }

    @Test
    void jwksPublishesAnRs256AndAnEs256Family() throws Exception {
        JWKSet jwks = jwks();
        assertTrue(jwks.getKeys().stream().anyMatch(k -> JWSAlgorithm.RS256.equals(k.getAlgorithm())));
        assertTrue(jwks.getKeys().stream().anyMatch(k -> JWSAlgorithm.ES256.equals(k.getAlgorithm())));
        List<Map<String, Object>> keys = main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/keys").then()
                .statusCode(200).extract().jsonPath().getList("$");
        for (String alg : List.of("RS256", "ES256")) {
            assertEquals(1, keys.stream().filter(k -> alg.equals(k.get("alg")) && "current".equals(k.get("status"))).count(), alg);
            assertEquals(1, keys.stream().filter(k -> alg.equals(k.get("alg")) && "next".equals(k.get("status"))).count(), alg);
        }
    }

    // --- ID tokens -----------------------------------------------------------------------------------------

    @Test
    void openidScopeGivesAnRs256IdTokenThatNimbusValidates() throws Exception {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        String idToken = s.tokens().path("id_token");
        assertNotNull(idToken, "an openid request gives an ID token");
        SignedJWT jwt = SignedJWT.parse(idToken);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());

        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer()), new ClientID(RP), JWSAlgorithm.RS256, jwks());
        IDTokenClaimsSet claims = validator.validate(jwt, new Nonce(s.nonce()));
        assertEquals(USER, claims.getSubject().getValue());
        assertEquals(List.of(RP), claims.getAudience().stream().map(Object::toString).toList());
        assertNotNull(claims.getAuthenticationTime());
        assertTrue(claims.getExpirationTime().after(claims.getIssueTime()));
        String accessToken = s.tokens().path("access_token");
        assertEquals(AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256, null),
                claims.getAccessTokenHash(), "at_hash of the access token issued with it");
        JWTClaimsSet raw = jwt.getJWTClaimsSet();
        assertEquals(List.of("pwd"), raw.getStringListClaim("amr"));
        assertEquals("Olivia Example", raw.getStringClaim("name"));
        assertEquals(USER, raw.getStringClaim("preferred_username"));
        assertEquals("olivia@example.com", raw.getStringClaim("email"));
        assertEquals(Boolean.TRUE, raw.getBooleanClaim("email_verified"));
        // Never certificate-bound, and without the access-token markers.
        assertNull(raw.getClaim("cnf"));
        assertNull(raw.getJWTID());
        // Exactly this header and claim set: nothing added or left out by the library or by any configuration.
        assertEquals(Set.of("alg", "kid", "typ"), jwt.getHeader().toJSONObject().keySet());
        assertEquals(Set.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "at_hash", "name",
                "preferred_username", "email", "email_verified"), raw.getClaims().keySet());
        assertEquals(RP, jwt.getPayload().toJSONObject().get("aud"), "the audience is the client_id as a string");
        assertNotNull(SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("cnf"), "the access token itself is bound");
    }

    @Test
    void clientThatChoseEs256GetsEs256IdTokensAndTheNonceIsOptional() throws Exception {
        OidcBrowser browser = new OidcBrowser(base());
        Pkce pkce = Pkce.fresh();
        Map<String, String> q = browser.signInAndAllow(CodeFlow.authorizationRequest(RP_ES256, REDIRECT, "openid", pkce), USER, PASSWORD);
        Response t = redeem(null, RP_ES256, q.get("code"), pkce);
        t.then().statusCode(200);
        SignedJWT jwt = SignedJWT.parse(t.path("id_token"));
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        IDTokenClaimsSet claims = new IDTokenValidator(new Issuer(issuer()), new ClientID(RP_ES256), JWSAlgorithm.ES256, jwks())
                .validate(jwt, null);
        assertNull(claims.getNonce());
        // Scope openid alone releases no profile or email claims.
        assertNull(jwt.getJWTClaimsSet().getClaim("name"));
        assertNull(jwt.getJWTClaimsSet().getClaim("email"));
    }

    @Test
    void withoutTheOpenidScopeThereIsNoIdToken() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, "accounts:read");
        s.tokens().then().body("id_token", nullValue()).body("access_token", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void registrationRefusesIdTokenAlgorithmsThatAreNotOffered() {
        for (String alg : List.of("none", "HS256", "PS384")) {
            AuthzTestClient.register(base(), client("oidc-bad-alg", "none", false, "id_token_signed_response_alg", alg)).then()
                    .statusCode(400).body("error", equalTo("invalid_client_metadata"))
                    .body("error_description", containsString("id_token_signed_response_alg"));
        }
        AuthzTestClient.register(base(), client("oidc-bad-logout", "none", false, "post_logout_redirect_uris",
                List.of("http://rp.example.com/out"))).then().statusCode(400).body("error", equalTo("invalid_client_metadata"));
    }

    @Test
    void idTokenIsNeverAcceptedAsAnAccessToken() throws Exception {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        String idToken = s.tokens().path("id_token");
        // The validator the introspection service and the sample RS use, over the same signing_key table.
        JwtAccessTokenValidator validator = new JwtAccessTokenValidator(verificationKeys, issuer(), 30, java.util.Set.of());
        JwtAccessTokenValidator.InvalidAccessTokenException e = assertThrows(JwtAccessTokenValidator.InvalidAccessTokenException.class,
                () -> validator.validate(idToken));
        assertEquals("token typ is not at+jwt", e.getMessage());
        validator.validate(s.tokens().path("access_token"));
        // UserInfo, a protected resource of the AS, refuses it too, even with the certificate.
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + idToken).get("/userinfo").then()
                .statusCode(401).body("error", equalTo("invalid_token"));
    }

    // --- login session, prompt, max_age, consent -----------------------------------------------------------

    @Test
    void sessionCookieIsSecureHostOnlyAndTheSessionSkipsTheLoginPage() throws Exception {
        OidcBrowser browser = new OidcBrowser(base());
        Response page = browser.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh()));
        Response approved = browser.submit(page.asString(), "approve", USER, PASSWORD);
        approved.then().statusCode(303);
        String setCookie = approved.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith(OidcBrowser.SESSION_COOKIE))
                .findFirst().orElseThrow();
        assertTrue(setCookie.contains("; Secure") && setCookie.contains("; HttpOnly") && setCookie.contains("; SameSite=Lax")
                && setCookie.contains("; Path=/") && setCookie.contains("; Max-Age=28800"), setCookie);

        // Same browser, consent remembered: straight back with a code, no page.
        Pkce pkce = Pkce.fresh();
        Map<String, String> params = CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, pkce, "nonce", "second");
        Response silent = browser.authorize(params);
        silent.then().statusCode(303);
        Map<String, String> q = CodeFlow.queryOf(silent.header("Location"));
        assertEquals(params.get("state"), q.get("state"));
        Response t = redeem(Clients.SUBJECT_DN, RP, q.get("code"), pkce);
        t.then().statusCode(200);
        assertEquals("second", SignedJWT.parse((String) t.path("id_token")).getJWTClaimsSet().getClaim("nonce") + "");
    }

    @Test
    void promptNoneAnswersLoginRequiredConsentRequiredOrACode() throws Exception {
        OidcBrowser stranger = new OidcBrowser(base());
        Response r = stranger.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none"));
        r.then().statusCode(303);
        Map<String, String> q = CodeFlow.queryOf(r.header("Location"));
        assertEquals("login_required", q.get("error"));
        assertEquals(issuer(), q.get("iss"));
        assertNull(q.get("code"));

        // Signed in and consented: prompt=none answers with a code.
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, "openid accounts:read");
        Pkce pkce = Pkce.fresh();
        Response ok = s.browser().authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid accounts:read", pkce, "prompt", "none"));
        ok.then().statusCode(303);
        Map<String, String> code = CodeFlow.queryOf(ok.header("Location"));
        assertNotNull(code.get("code"), ok.header("Location"));
        redeem(Clients.SUBJECT_DN, RP, code.get("code"), pkce).then().statusCode(200);

        // A user who never consented to this client: consent_required under prompt=none.
        OidcBrowser oscar = new OidcBrowser(base());
        Response page = oscar.authorize(CodeFlow.authorizationRequest(RP_ES256, REDIRECT, "openid", Pkce.fresh()));
        oscar.submit(page.asString(), "deny", null, null).then().statusCode(303);
        Response login = oscar.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid", Pkce.fresh()));
        oscar.submit(login.asString(), "approve", OTHER_USER, "oscar-correct-horse").then().statusCode(303);
        Response consentNeeded = oscar.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid profile", Pkce.fresh(), "prompt", "none"));
        assertEquals("consent_required", CodeFlow.queryOf(consentNeeded.then().statusCode(303).extract().header("Location"))
                .get("error"));
        // Without prompt=none the same request shows the consent page for the signed-in user (no password field).
        Response consentPage = oscar.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid profile", Pkce.fresh()));
        consentPage.then().statusCode(200).body(containsString("You are signed in as <strong>" + OTHER_USER))
                .body(org.hamcrest.Matchers.not(containsString("type=\"password\"")));
        Response allowed = oscar.submit(consentPage.asString(), "approve", null, null);
        assertNotNull(CodeFlow.queryOf(allowed.then().statusCode(303).extract().header("Location")).get("code"));
    }

    @Test
    void promptLoginAndMaxAgeAskForThePasswordAgain() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        OidcBrowser b = s.browser();
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "login")).then().statusCode(200)
                .body(containsString("type=\"password\""));
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "max_age", "0")).then().statusCode(200)
                .body(containsString("type=\"password\""));
        Response tooOld = b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "max_age", "0", "prompt", "none"));
        assertEquals("login_required", CodeFlow.queryOf(tooOld.then().statusCode(303).extract().header("Location")).get("error"));
        // A generous max_age is satisfied by the session.
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "max_age", "3600")).then().statusCode(303);
        // prompt=consent shows the consent page even though consent is remembered.
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "consent")).then().statusCode(200)
                .body(containsString("You are signed in as"));
        // Another user named by login_hint: prompt=none cannot switch users silently.
        Response hinted = b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none", "login_hint",
                OTHER_USER));
        assertEquals("interaction_required", CodeFlow.queryOf(hinted.then().statusCode(303).extract().header("Location"))
                .get("error"));
    }

    @Test
    void invalidPromptAndRequestObjectsAreRefused() {
        OidcBrowser b = new OidcBrowser(base());
        Map<String, String> q = CodeFlow.queryOf(b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt",
                "none login")).then().statusCode(303).extract().header("Location"));
        assertEquals("invalid_request", q.get("error"));
        q = CodeFlow.queryOf(b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "request", "eyJ.x.y")).then()
                .statusCode(303).extract().header("Location"));
        assertEquals("request_not_supported", q.get("error"));
        q = CodeFlow.queryOf(b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "request_uri",
                "https://rp.example.com/r")).then().statusCode(303).extract().header("Location"));
        assertEquals("request_uri_not_supported", q.get("error"));
        q = CodeFlow.queryOf(b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "max_age", "-1")).then()
                .statusCode(303).extract().header("Location"));
        assertEquals("invalid_request", q.get("error"));
    }

    @Test
    void consentIsListedAndRevocableThroughTheAdminApi() {
        putUser("olga", Map.of("password", "olga-correct-horse")).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200),
                equalTo(201)));
        OidcBrowser b = new OidcBrowser(base());
        Pkce pkce = Pkce.fresh();
        Map<String, String> q = b.signInAndAllow(CodeFlow.authorizationRequest(RP, REDIRECT, "openid accounts:read", pkce), "olga",
                "olga-correct-horse");
        String refreshToken = redeem(Clients.SUBJECT_DN, RP, q.get("code"), pkce).then().statusCode(200).extract()
                .path("refresh_token");
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/users/olga/consents").then().statusCode(200)
                .body("client_id", equalTo(List.of(RP))).body("scope", equalTo(List.of("openid accounts:read")));
        main(base()).get("/admin/users/olga/consents").then().statusCode(401);

        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).delete("/admin/users/olga/consents/" + RP).then()
                .statusCode(204);
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).delete("/admin/users/olga/consents/" + RP).then()
                .statusCode(404).body("error", equalTo("invalid_request"));
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/users/olga/consents").then().statusCode(200)
                .body("size()", equalTo(0));
        // The grant it covered is revoked, and the next request asks again.
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "refresh_token").formParam("client_id", RP)
                .formParam("refresh_token", refreshToken).post("/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid accounts:read", Pkce.fresh())).then().statusCode(200)
                .body(containsString("You are signed in as <strong>olga"));
        // Ending the user's sessions: the password is asked again.
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).delete("/admin/users/olga/sessions").then().statusCode(200)
                .body("sessions_ended", equalTo(1));
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid accounts:read", Pkce.fresh())).then().statusCode(200)
                .body(containsString("type=\"password\""));
    }

    @Test
    void disabledUserLosesTheSession() {
        putUser("otto", Map.of("password", "otto-correct-horse")).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200),
                equalTo(201)));
        OidcBrowser b = new OidcBrowser(base());
        b.signInAndAllow(CodeFlow.authorizationRequest(RP, REDIRECT, "openid", Pkce.fresh()), "otto", "otto-correct-horse");
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid", Pkce.fresh(), "prompt", "none")).then().statusCode(303)
                .header("Location", containsString("code="));
        putUser("otto", Map.of("password", "otto-correct-horse", "enabled", false)).then().statusCode(200);
        Response r = b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, "openid", Pkce.fresh(), "prompt", "none"));
        assertEquals("login_required", CodeFlow.queryOf(r.then().statusCode(303).extract().header("Location")).get("error"));
    }

    // --- UserInfo ------------------------------------------------------------------------------------------

    @Test
    void userInfoAnswersTheGrantedClaimsOnlyWithTheBoundCertificate() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        String at = s.tokens().path("access_token");
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).get("/userinfo").then()
                .statusCode(200).contentType(containsString("application/json")).header("Cache-Control", "no-store")
                .body("sub", equalTo(USER)).body("name", equalTo("Olivia Example")).body("preferred_username", equalTo(USER))
                .body("email", equalTo("olivia@example.com")).body("email_verified", equalTo(true));
        // POST with the token in the header, and in the form body (RFC 6750 2.2).
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).post("/userinfo").then()
                .statusCode(200).body("sub", equalTo(USER));
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).contentType(ContentType.URLENC).formParam("access_token", at)
                .post("/userinfo").then().statusCode(200).body("sub", equalTo(USER));

        Response otherCert = mtls(mtlsListener.port(), Clients.SAN_DNS).header("Authorization", "Bearer " + at).get("/userinfo");
        otherCert.then().statusCode(401).body("error", equalTo("invalid_token"))
                .body("error_description", containsString("does not match"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\"")).body("sub", nullValue());
        mtls(mtlsListener.port(), null).header("Authorization", "Bearer " + at).get("/userinfo").then().statusCode(401)
                .body("error", equalTo("invalid_token")).body("error_description", containsString("certificate"));
        // No token: the bare challenge (RFC 6750 3.1).
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).get("/userinfo").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"userinfo\""));
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).queryParam("access_token", at)
                .get("/userinfo").then().statusCode(400).body("error", equalTo("invalid_request"));
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).contentType(ContentType.URLENC)
                .formParam("access_token", at).post("/userinfo").then().statusCode(400).body("error", equalTo("invalid_request"));
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at.substring(0, at.length() - 4) + "AAAA")
                .get("/userinfo").then().statusCode(401).body("error", equalTo("invalid_token"));
        // Not on the main listener, which never asks for a certificate.
        main(base()).header("Authorization", "Bearer " + at).get("/userinfo").then().statusCode(404)
                .body("error", equalTo("invalid_request")).body("error_description", containsString("https://localhost:8444/userinfo"));
    }

    @Test
    void userInfoNeedsTheOpenidScopeAndAnUnrevokedToken() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, "accounts:read");
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + s.tokens().path("access_token"))
                .get("/userinfo").then().statusCode(403).body("error", equalTo("insufficient_scope"))
                .header("WWW-Authenticate", containsString("scope=\"openid\""));

        SignedIn o = signIn(RP, Clients.SUBJECT_DN, "openid");
        String at = o.tokens().path("access_token");
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).get("/userinfo").then()
                .statusCode(200).body("sub", equalTo(USER)).body("email", nullValue()).body("name", nullValue());
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("client_id", RP).formParam("token", at).post("/revoke").then()
                .statusCode(200);
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("Authorization", "Bearer " + at).get("/userinfo").then()
                .statusCode(401).body("error", equalTo("invalid_token")).body("error_description", containsString("revoked"));
    }

    @Test
    void unboundTokenOfAPublicClientWorksWithoutACertificate() {
        OidcBrowser b = new OidcBrowser(base());
        Pkce pkce = Pkce.fresh();
        Map<String, String> q = b.signInAndAllow(CodeFlow.authorizationRequest(RP_ES256, REDIRECT, "openid email", pkce), USER, PASSWORD);
        String at = redeem(null, RP_ES256, q.get("code"), pkce).then().statusCode(200).extract().path("access_token");
        mtls(mtlsListener.port(), null).header("Authorization", "Bearer " + at).get("/userinfo").then().statusCode(200)
                .body("sub", equalTo(USER)).body("email", equalTo("olivia@example.com")).body("name", nullValue());
    }

    // --- users' claims through the admin API ------------------------------------------------------------------

    @Test
    void userAdminManagesTheClaimsAndValidatesThem() {
        putUser("opal", Map.of("password", "opal-correct-horse", "name", "Opal", "email", "opal@example.com")).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201))).body("name", equalTo("Opal"))
                .body("email_verified", equalTo(false)).body("password", nullValue()).body("password_hash", nullValue());
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/users/opal").then().statusCode(200)
                .body("username", equalTo("opal")).body("email", equalTo("opal@example.com")).body("enabled", equalTo(true));
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/users/nobody-here").then().statusCode(404);
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("password", "opal-correct-horse", "email", "not-an-address"),
                Map.<String, Object>of("password", "opal-correct-horse", "email", "a b@example.com"),
                Map.<String, Object>of("password", "opal-correct-horse", "name", 42),
                Map.<String, Object>of("password", "opal-correct-horse", "name", "x\u0000y"),
                Map.<String, Object>of("password", "opal-correct-horse", "email_verified", true),
                Map.<String, Object>of("password", "opal-correct-horse", "email", "o@example.com", "email_verified", "yes"))) {
            putUser("opal", bad).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        // A refused update changed nothing.
        main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).get("/admin/users/opal").then().body("name", equalTo("Opal"));
    }

    // --- RP-Initiated Logout ---------------------------------------------------------------------------------

    @Test
    void logoutWithIdTokenHintEndsTheSessionAndReturnsToTheRegisteredAddress() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        OidcBrowser b = s.browser();
        String session = b.sessionCookie;
        Response r = b.keep(b.request().queryParam("id_token_hint", (String) s.tokens().path("id_token"))
                .queryParam("post_logout_redirect_uri", LOGOUT_RETURN).queryParam("state", "bye-1").get("/logout"));
        r.then().statusCode(303).header("Location", equalTo(LOGOUT_RETURN + "?state=bye-1"))
                .header("Set-Cookie", containsString(OidcBrowser.SESSION_COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"));
        assertNull(b.sessionCookie);
        // The session really ended at the AS, not just in this browser's cookie jar.
        OidcBrowser stale = new OidcBrowser(base());
        stale.sessionCookie = session;
        Response after = stale.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none"));
        assertEquals("login_required", CodeFlow.queryOf(after.then().statusCode(303).extract().header("Location")).get("error"));
    }

    @Test
    void logoutWithoutProofAsksTheUserAndChecksTheForm() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        OidcBrowser b = s.browser();
        String session = b.sessionCookie;
        Response page = b.request().queryParam("client_id", RP).queryParam("post_logout_redirect_uri", LOGOUT_RETURN)
                .queryParam("state", "bye-2").get("/logout");
        page.then().statusCode(200).header("X-Frame-Options", "DENY").body(containsString("Sign out?"))
                .body(containsString("Sign out</button>")).body(containsString("You are signed in as <strong>" + USER));
        String csrf = CodeFlow.hiddenField(page.asString(), "csrf_token");
        // A forged form (no token, or another browser's) is refused and changes nothing.
        b.request().contentType(ContentType.URLENC).formParam("csrf_token", "forged").formParam("decision", "logout")
                .post("/logout").then().statusCode(403).header("Location", nullValue());
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none")).then().statusCode(303)
                .header("Location", containsString("code="));
        Response confirmed = b.keep(b.request().contentType(ContentType.URLENC).formParam("csrf_token", csrf)
                .formParam("decision", "logout").formParam("client_id", RP).formParam("post_logout_redirect_uri", LOGOUT_RETURN)
                .formParam("state", "bye-2").post("/logout"));
        confirmed.then().statusCode(303).header("Location", equalTo(LOGOUT_RETURN + "?state=bye-2"));
        OidcBrowser stale = new OidcBrowser(base());
        stale.sessionCookie = session;
        Response r = stale.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none"));
        assertEquals("login_required", CodeFlow.queryOf(r.header("Location")).get("error"));
    }

    @Test
    void logoutNeverRedirectsToAnUnregisteredAddress() {
        SignedIn s = signIn(RP, Clients.SUBJECT_DN, SCOPE);
        OidcBrowser b = s.browser();
        String idToken = s.tokens().path("id_token");
        b.request().queryParam("id_token_hint", idToken).queryParam("post_logout_redirect_uri", "https://attacker.example/")
                .get("/logout").then().statusCode(400).header("Location", nullValue())
                .body(containsString("post_logout_redirect_uri is not registered"));
        b.request().queryParam("post_logout_redirect_uri", LOGOUT_RETURN).get("/logout").then().statusCode(400)
                .header("Location", nullValue());
        b.request().queryParam("id_token_hint", idToken).queryParam("client_id", RP_ES256).get("/logout").then().statusCode(400);
        // A hint whose signature does not verify, and an access token, are not ID token hints of ours.
        String[] parts = idToken.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"" + USER + "\"", "\"" + OTHER_USER + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        b.request().queryParam("id_token_hint", parts[0] + "." + forgedPayload + "." + parts[2]).get("/logout").then()
                .statusCode(400).body(containsString("did not issue"));
        b.request().queryParam("id_token_hint", (String) s.tokens().path("access_token")).get("/logout").then().statusCode(400)
                .body(containsString("did not issue"));
        // Still signed in after all of these.
        b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh(), "prompt", "none")).then().statusCode(303)
                .header("Location", containsString("code="));
        // Without a return address: our own page.
        b.keep(b.request().queryParam("id_token_hint", idToken).get("/logout")).then().statusCode(200)
                .body(containsString("You are signed out"));
        assertNull(b.sessionCookie);
    }

    @Test
    void pagesAreAccessibleAndFitAPhone() {
        OidcBrowser b = new OidcBrowser(base());
        String html = b.authorize(CodeFlow.authorizationRequest(RP, REDIRECT, SCOPE, Pkce.fresh())).then().statusCode(200).extract().asString();
        assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assertTrue(html.contains("<label for=\"username\">") && html.contains("id=\"username\""));
        assertTrue(html.contains("<label for=\"password\">") && html.contains("id=\"password\""));
        assertTrue(html.contains("<main>") && html.contains("<html lang=\"en\">"));
        assertFalse(html.matches("(?s).*(src=|href=|@import|url\\().*"), "no external assets");
        assertTrue(html.indexOf("id=\"username\"") < html.indexOf("id=\"password\"")
                && html.indexOf("id=\"password\"") < html.indexOf("value=\"approve\"")
                && html.indexOf("value=\"approve\"") < html.indexOf("value=\"deny\""), "focus order: user, password, allow, deny");
        assertTrue(html.contains("See your email address"), "scopes in words");
        String error = b.submit(html, "approve", USER, "wrong-password").then().statusCode(200).extract().asString();
        assertTrue(error.contains("role=\"alert\"") && error.contains("aria-describedby=\"form-error\"")
                && error.contains("aria-invalid=\"true\"") && error.contains("<title>Error: "), error);
        assertTrue(error.contains("value=\"" + USER + "\""), "the user name is kept after an error");
    }
}
