package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.expectedThumbprint;
import static org.mtlssuite.authz.AuthzTestClient.leaf;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * RFC 8705 sections 2 and 3 for the client_credentials grant, over real TLS handshakes with dev PKI
 * certificates, against the real AS and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class ClientCredentialsMtlsTest {

    static final String SCOPES = "accounts:read payments:write";
    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** Health, metrics and OpenAPI: the management interface only (this URL ends in its root path /q). */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    MtlsListener mtlsListener;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    int mtlsPort() {
        return mtlsListener.port();
    }

    static Map<String, Object> client(String id, String method, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", id);
        m.put("token_endpoint_auth_method", method);
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("scope", SCOPES);
        m.put("audience", List.of("sample-resource"));
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return m;
    }

    static Map<String, Object> selfSignedJwks(String fixture) throws Exception {
        return Map.of("keys", List.of(JWK.parse(leaf(fixture)).toPublicJWK().toJSONObject()));
    }

    @BeforeEach
    void registerClients() throws Exception {
        if (registered) {
            return;
        }
        String b = base();
        registerFresh(b, client("cc-subject-dn", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN));
        registerFresh(b, client("cc-san-dns", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS));
        registerFresh(b, client("cc-san-uri", "tls_client_auth", "tls_client_auth_san_uri", Values.SAN_URI));
        // Registered in a non-canonical IPv6 form: compared as addresses.
        registerFresh(b, client("cc-san-ip", "tls_client_auth", "tls_client_auth_san_ip", "2001:0db8:0:0:0:0:0:10"));
        registerFresh(b, client("cc-san-ip4", "tls_client_auth", "tls_client_auth_san_ip", Values.SAN_IP_V4));
        registerFresh(b, client("cc-san-email", "tls_client_auth", "tls_client_auth_san_email", Values.SAN_EMAIL));
        registerFresh(b, client("cc-self-signed", "self_signed_tls_client_auth", "jwks", selfSignedJwks(Clients.SELF_SIGNED)));
        registerFresh(b, client("cc-via-intermediate", "tls_client_auth", "tls_client_auth_subject_dn",
                "CN=via-intermediate-client,O=Demo Bank,C=GB"));
        registerFresh(b, client("cc-intermediate-dn", "tls_client_auth", "tls_client_auth_subject_dn", DevPki.INTERMEDIATE_CA_DN));
        registerFresh(b, client("cc-expired", "tls_client_auth", "tls_client_auth_subject_dn", "CN=expired-client,O=Demo Bank,C=GB"));
        registerFresh(b, client("cc-not-yet-valid", "tls_client_auth", "tls_client_auth_subject_dn",
                "CN=not-yet-valid-client,O=Demo Bank,C=GB"));
        registerFresh(b, client("cc-disabled", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS));
        registerFresh(b, client("cc-rsa-1024", "tls_client_auth", "tls_client_auth_subject_dn", "CN=rsa-1024-client,O=Demo Bank,C=GB"));
        registerFresh(b, client("cc-no-client-auth-eku", "tls_client_auth", "tls_client_auth_subject_dn",
                "CN=no-client-auth-eku-client,O=Demo Bank,C=GB"));
        main(b).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN).post("/admin/clients/cc-disabled/disable")
                .then().statusCode(200).body("enabled", is(false));
        Map<String, Object> unbound = client("cc-unbound", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN);
        unbound.put("tls_client_certificate_bound_access_tokens", false);
        registerFresh(b, unbound);
        registerFresh(b, client("cc-secret-bound", "client_secret_basic", "client_secret", "bound-client-secret-0123456789"));
        Map<String, Object> secretUnbound = client("cc-secret-unbound", "client_secret_basic", "client_secret",
                "unbound-client-secret-0123456789");
        secretUnbound.put("tls_client_certificate_bound_access_tokens", false);
        registerFresh(b, secretUnbound);
        Map<String, Object> publicClient = client("cc-only-code", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS);
        registerFresh(b, publicClient);
        registered = true;
    }

    Response tokenRequest(String fixture, String clientId) {
        return mtls(mtlsPort(), fixture).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .post("/token");
    }

    /** Verifies the JWT against the published JWKS, with Nimbus, and returns its claims. */
    SignedJWT verified(String jwt) throws Exception {
        SignedJWT token = SignedJWT.parse(jwt);
        JWKSet jwks = JWKSet.parse(main(base()).get("/jwks").then().statusCode(200).extract().asString());
        JWK key = jwks.getKeyByKeyId(token.getHeader().getKeyID());
        assertTrue(key != null, "kid " + token.getHeader().getKeyID() + " is published at jwks_uri");
        JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(token.getHeader(),
                key.getKeyType().getValue().equals("EC") ? key.toECKey().toECPublicKey() : key.toRSAKey().toRSAPublicKey());
        assertTrue(token.verify(verifier), "signature verifies");
        assertEquals("at+jwt", token.getHeader().getType().getType());
        return token;
    }

    static Stream<Arguments> successfulAuthentications() {
        return Stream.of(
                Arguments.of("cc-subject-dn", Clients.SUBJECT_DN),
                Arguments.of("cc-san-dns", Clients.SAN_DNS),
                Arguments.of("cc-san-uri", Clients.SAN_URI),
                Arguments.of("cc-san-ip", Clients.SAN_IP),
                Arguments.of("cc-san-ip4", Clients.SAN_IP),
                Arguments.of("cc-san-email", Clients.SAN_EMAIL),
                Arguments.of("cc-self-signed", Clients.SELF_SIGNED),
                Arguments.of("cc-via-intermediate", Clients.VIA_INTERMEDIATE));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("successfulAuthentications")
    void issuesCertificateBoundJwtForEachMethodAndSubjectProperty(String clientId, String fixture) throws Exception {
        Response r = tokenRequest(fixture, clientId);
        r.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300)).body("scope", equalTo(SCOPES));
        SignedJWT jwt = verified(r.path("access_token"));
        var claims = jwt.getJWTClaimsSet();
        assertEquals("https://localhost:8443", claims.getIssuer());
        assertEquals(clientId, claims.getSubject());
        assertEquals(clientId, claims.getStringClaim("client_id"));
        assertEquals(List.of("sample-resource"), claims.getAudience());
        assertEquals(SCOPES, claims.getStringClaim("scope"));
        assertTrue(claims.getJWTID() != null && !claims.getJWTID().isEmpty());
        assertTrue(claims.getExpirationTime().after(new Date()));
        assertEquals(claims.getIssueTime().getTime() + 300_000, claims.getExpirationTime().getTime());
        assertEquals(Map.of("x5t#S256", expectedThumbprint(fixture)), claims.getJSONObjectClaim("cnf"));
        // Exactly this header and claim set, with these JSON types: nothing added or left out by the library
        // or by any configuration (docs/architecture.md, "Why jose4j assembles the tokens").
        assertEquals(Set.of("alg", "kid", "typ"), jwt.getHeader().toJSONObject().keySet());
        assertEquals(Set.of("iss", "sub", "client_id", "aud", "iat", "exp", "jti", "scope", "cnf"), claims.getClaims().keySet());
        Map<String, Object> raw = jwt.getPayload().toJSONObject();
        assertEquals("sample-resource", raw.get("aud"), "a single audience is a string, not an array");
        assertTrue(raw.get("iat") instanceof Number && raw.get("exp") instanceof Number, "iat and exp are NumericDates");
    }

    static Stream<Arguments> failedAuthentications() {
        return Stream.of(
                Arguments.of("no certificate", "cc-subject-dn", null, "no_certificate"),
                Arguments.of("expired", "cc-expired", Clients.EXPIRED, "expired"),
                Arguments.of("not yet valid", "cc-not-yet-valid", Clients.NOT_YET_VALID, "not_yet_valid"),
                Arguments.of("untrusted CA, same DN", "cc-subject-dn", Clients.UNTRUSTED_CA, "untrusted_chain"),
                Arguments.of("wrong DN", "cc-subject-dn", Clients.SAN_DNS, "does not match tls_client_auth_subject_dn"),
                Arguments.of("wrong SAN", "cc-san-dns", Clients.SAN_URI, "does not match tls_client_auth_san_dns"),
                Arguments.of("right value, SAN of the wrong type", "cc-san-ip4", Clients.WRONG_SAN_TYPE,
                        "does not match tls_client_auth_san_ip"),
                Arguments.of("DN of the intermediate", "cc-intermediate-dn", Clients.VIA_INTERMEDIATE,
                        "does not match tls_client_auth_subject_dn"),
                Arguments.of("unregistered self-signed", "cc-self-signed", Clients.SELF_SIGNED_UNREGISTERED,
                        "unregistered_certificate"),
                Arguments.of("self-signed client with a CA-issued certificate", "cc-self-signed", Clients.SUBJECT_DN,
                        "unregistered_certificate"),
                Arguments.of("self-signed client without certificate", "cc-self-signed", null, "no_certificate"),
                Arguments.of("client_id of another client", "cc-san-email", Clients.SAN_DNS,
                        "does not match tls_client_auth_san_email"),
                Arguments.of("disabled client", "cc-disabled", Clients.SAN_DNS, "client is disabled"),
                Arguments.of("unknown client", "no-such-client", Clients.SAN_DNS, "unknown client"),
                Arguments.of("RSA 1024 key", "cc-rsa-1024", Clients.RSA_1024, "(weak_key)"),
                Arguments.of("server-only extended key usage", "cc-no-client-auth-eku", Clients.NO_CLIENT_AUTH_EKU,
                        "(wrong_key_usage)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedAuthentications")
    void refusesWithInvalidClientAndNoToken(String name, String clientId, String fixture, String check) {
        tokenRequest(fixture, clientId).then().statusCode(401).contentType("application/json")
                .body("error", equalTo("invalid_client"))
                .body("error_description", containsString(check))
                .body("access_token", nullValue());
    }

    @Test
    void metricsCountIssuedTokensAndAuthenticationFailuresByReason() {
        tokenRequest(Clients.SUBJECT_DN, "cc-subject-dn").then().statusCode(200);
        tokenRequest(Clients.EXPIRED, "cc-expired").then().statusCode(401);
        tokenRequest(Clients.UNTRUSTED_CA, "cc-subject-dn").then().statusCode(401);
        tokenRequest(Clients.SAN_DNS, "cc-subject-dn").then().statusCode(401);
        tokenRequest(null, "cc-subject-dn").then().statusCode(401);
        tokenRequest(Clients.SAN_DNS, "no-such-client").then().statusCode(401);
        String metrics = main(java.net.URI.create(management.toString()).resolve("/").toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : List.of(
                "mtls_suite_tokens_issued_total{auth_method=\"tls_client_auth\",bound=\"true\",client_id=\"cc-subject-dn\",grant=\"client_credentials\"}",
                "mtls_suite_client_auth_failures_total{reason=\"expired\"}",
                "mtls_suite_client_auth_failures_total{reason=\"untrusted_chain\"}",
                "mtls_suite_client_auth_failures_total{reason=\"subject_mismatch\"}",
                "mtls_suite_client_auth_failures_total{reason=\"no_certificate\"}",
                "mtls_suite_client_auth_failures_total{reason=\"unknown_client\"}")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(line) && !l.endsWith(" 0.0")), "metrics carry " + line);
        }
    }

    @Test
    void forwardedCertificateHeadersAreIgnoredWithoutTrustedProxies() throws Exception {
        String forwarded = ":" + java.util.Base64.getEncoder().encodeToString(leaf(Clients.SUBJECT_DN).getEncoded()) + ":";
        mtls(mtlsPort(), null).header("Client-Cert", forwarded).formParam("grant_type", "client_credentials")
                .formParam("client_id", "cc-subject-dn").post("/token").then().statusCode(401)
                .body("error_description", containsString("no_certificate")).body("access_token", nullValue());
        // Even malformed: an untrusted peer's header is not read at all.
        tokenRequest(Clients.SUBJECT_DN, "cc-subject-dn").then().statusCode(200);
        mtls(mtlsPort(), Clients.SUBJECT_DN).header("Client-Cert", "::").formParam("grant_type", "client_credentials")
                .formParam("client_id", "cc-subject-dn").post("/token").then().statusCode(200);
    }

    @Test
    void unboundClientGetsTokenWithoutCnfEvenOverMtls() throws Exception {
        Response r = tokenRequest(Clients.SUBJECT_DN, "cc-unbound");
        r.then().statusCode(200);
        assertNull(verified(r.path("access_token")).getJWTClaimsSet().getClaim("cnf"));
    }

    @Test
    void secretClientWithBindingGetsBoundTokenWhenItPresentsACertificate() throws Exception {
        Response r = mtls(mtlsPort(), Clients.SAN_URI).auth().preemptive().basic("cc-secret-bound", "bound-client-secret-0123456789")
                .formParam("grant_type", "client_credentials").post("/token");
        r.then().statusCode(200);
        assertEquals(Map.of("x5t#S256", expectedThumbprint(Clients.SAN_URI)),
                verified(r.path("access_token")).getJWTClaimsSet().getJSONObjectClaim("cnf"));
    }

    @Test
    void secretClientWithBindingButNoCertificateGetsInvalidRequest() {
        mtls(mtlsPort(), null).auth().preemptive().basic("cc-secret-bound", "bound-client-secret-0123456789")
                .formParam("grant_type", "client_credentials").post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("certificate-bound")).body("access_token", nullValue());
    }

    @Test
    void secretClientWithoutBindingGetsUnboundToken() throws Exception {
        Response r = mtls(mtlsPort(), null).auth().preemptive().basic("cc-secret-unbound", "unbound-client-secret-0123456789")
                .formParam("grant_type", "client_credentials").post("/token");
        r.then().statusCode(200);
        assertNull(verified(r.path("access_token")).getJWTClaimsSet().getClaim("cnf"));
    }

    @Test
    void wrongSecretAnswers401WithBasicChallenge() {
        mtls(mtlsPort(), null).auth().preemptive().basic("cc-secret-unbound", "wrong-secret-wrong-secret")
                .formParam("grant_type", "client_credentials").post("/token")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Basic realm="))
                .body("error", equalTo("invalid_client")).body("access_token", nullValue());
    }

    @Test
    void missingClientIdIsInvalidRequest() {
        mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials").post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("client_id is required")).body("access_token", nullValue());
    }

    @Test
    void duplicatedClientIdIsInvalidRequest() {
        mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials")
                .formParam("client_id", "cc-subject-dn", "cc-subject-dn").post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("client_id is repeated")).body("access_token", nullValue());
    }

    @Test
    void unsupportedGrantTypeAfterAuthentication() {
        mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("grant_type", "password").formParam("client_id", "cc-subject-dn")
                .post("/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"))
                .body("access_token", nullValue());
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("client_id", "cc-subject-dn").post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("grant_type is required"));
    }

    @Test
    void scopeMustBeASubsetOfTheRegisteredOnes() throws Exception {
        mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials").formParam("client_id", "cc-subject-dn")
                .formParam("scope", "accounts:read admin").post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope")).body("access_token", nullValue());
        Response r = mtls(mtlsPort(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials")
                .formParam("client_id", "cc-subject-dn").formParam("scope", "accounts:read").post("/token");
        r.then().statusCode(200).body("scope", equalTo("accounts:read"));
        assertEquals("accounts:read", verified(r.path("access_token")).getJWTClaimsSet().getStringClaim("scope"));
    }

    @Test
    void errorsAreJsonWhateverTheAcceptHeaderSays() {
        mtls(mtlsPort(), null).header("Accept", "text/html, */*").formParam("grant_type", "client_credentials")
                .formParam("client_id", "cc-subject-dn").post("/token")
                .then().statusCode(401).contentType("application/json").body("error", equalTo("invalid_client"));
    }

    @Test
    void tokenEndpointIsNotServedOnTheListenerThatAsksForNoCertificate() {
        main(base()).formParam("grant_type", "client_credentials").formParam("client_id", "cc-subject-dn").post("/token")
                .then().statusCode(404).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("mtls_endpoint_aliases")).body("access_token", nullValue());
    }

    @Test
    void metadataAdvertisesMtlsAliasesAndBinding() {
        main(base()).get("/.well-known/oauth-authorization-server").then().statusCode(200)
                .body("issuer", equalTo("https://localhost:8443"))
                .body("token_endpoint", equalTo("https://localhost:8444/token"))
                .body("jwks_uri", equalTo("https://localhost:8443/jwks"))
                .body("response_types_supported", equalTo(List.of("code")))
                .body("grant_types_supported", equalTo(List.of("authorization_code", "client_credentials", "refresh_token")))
                // The OpenID Connect scopes are always offered, before the configured API scopes.
                .body("scopes_supported", equalTo(List.of("openid", "profile", "email", "accounts:read", "payments:write")))
                .body("token_endpoint_auth_methods_supported",
                        equalTo(List.of("tls_client_auth", "self_signed_tls_client_auth", "client_secret_basic", "none")))
                .body("tls_client_certificate_bound_access_tokens", is(true))
                .body("mtls_endpoint_aliases.token_endpoint", equalTo("https://localhost:8444/token"));
    }
}
