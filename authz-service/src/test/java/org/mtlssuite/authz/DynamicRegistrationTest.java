package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.leaf;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;

import java.net.URL;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jose.jwk.JWK;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** RFC 7591 registration with the RFC 8705 metadata, RFC 7592 management, and the jwks_uri SSRF guard. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class DynamicRegistrationTest {

    static final String IAT = "test-initial-access-token";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    RequestSpecification registration() {
        return main(https.toString()).header("Authorization", "Bearer " + IAT).contentType(ContentType.JSON);
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    static Stream<Arguments> registrationErrors() throws Exception {
        Map<String, Object> mismatched = new HashMap<>(JWK.parse(leaf(Clients.SELF_SIGNED)).toPublicJWK().toJSONObject());
        mismatched.put("x5c", List.of(Base64.getEncoder().encodeToString(leaf(Clients.SELF_SIGNED_UNREGISTERED).getEncoded())));
        return Stream.of(
                Arguments.of("no method", m("client_name", "x"), "invalid_client_metadata", "token_endpoint_auth_method is required"),
                Arguments.of("no subject property", m("token_endpoint_auth_method", "tls_client_auth"), "invalid_client_metadata",
                        "exactly one of"),
                Arguments.of("two subject properties", m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns",
                        Values.SAN_DNS, "tls_client_auth_san_uri", Values.SAN_URI), "invalid_client_metadata", "exactly one of"),
                Arguments.of("jwks and jwks_uri", m("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks",
                        Map.of("keys", List.of()), "jwks_uri", "https://client.example.com/jwks"), "invalid_client_metadata",
                        "jwks and jwks_uri"),
                Arguments.of("x5c key differs from JWK", m("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks",
                        Map.of("keys", List.of(mismatched))), "invalid_client_metadata", "different public key"),
                Arguments.of("implicit grant", m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns",
                        Values.SAN_DNS, "grant_types", List.of("implicit")), "invalid_client_metadata", "implicit"),
                Arguments.of("redirect_uri with a fragment", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS, "redirect_uris", List.of("https://client.example.com/cb#x")),
                        "invalid_redirect_uri", "redirect_uris"),
                Arguments.of("plain-http redirect_uri", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS, "redirect_uris", List.of("http://client.example.com/cb")),
                        "invalid_redirect_uri", "redirect_uris"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registrationErrors")
    void registrationErrorsNameTheField(String name, Map<String, Object> metadata, String error, String description) {
        registration().body(metadata).post("/register").then().statusCode(400).body("error", equalTo(error))
                .body("error_description", containsString(description)).body("client_id", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1/jwks", "https://localhost/jwks", "https://[::1]/jwks", "https://10.1.2.3/jwks",
            "https://192.168.1.1/jwks", "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/jwks" })
    void jwksUriPointingInsideIsRefused(String uri) {
        registration().body(m("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks_uri", uri))
                .post("/register").then().statusCode(400).body("error", equalTo("invalid_client_metadata"))
                .body("error_description", containsString("loopback, link-local or private"));
    }

    @Test
    void registrationNeedsTheInitialAccessToken() {
        Map<String, Object> md = m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS);
        main(https.toString()).contentType(ContentType.JSON).body(md).post("/register").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        main(https.toString()).header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(md).post("/register")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void rfc7592RoundTripAndTheRegisteredClientWorks() {
        Response created = registration().body(m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_ip",
                Values.SAN_IP_V4, "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read",
                "introspection_allowed", true, "software_statement_unknown", "ignored")).post("/register");
        created.then().statusCode(201).body("client_id", notNullValue()).body("registration_access_token", notNullValue())
                .body("client_id_issued_at", notNullValue()).body("introspection_allowed", nullValue())
                .body("tls_client_auth_san_ip", equalTo(Values.SAN_IP_V4)).body("client_secret", nullValue());
        String clientId = created.path("client_id");
        String rat = created.path("registration_access_token");
        String uri = created.path("registration_client_uri");
        assertEquals("https://localhost:8443/register/" + clientId, uri);
        String path = "/register/" + clientId;
        RequestSpecification manage = main(https.toString()).header("Authorization", "Bearer " + rat);

        manage.get(path).then().statusCode(200).body("client_id", equalTo(clientId)).body("scope", equalTo("accounts:read"))
                .body("registration_access_token", nullValue());
        mtls(mtlsListener.port(), Clients.SAN_IP).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .post("/token").then().statusCode(200).body("scope", equalTo("accounts:read"));

        main(https.toString()).header("Authorization", "Bearer " + rat).contentType(ContentType.JSON)
                .body(m("client_id", clientId, "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_ip",
                        Values.SAN_IP_V4, "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read payments:write"))
                .put(path).then().statusCode(200).body("scope", equalTo("accounts:read payments:write"));
        main(https.toString()).header("Authorization", "Bearer " + rat).get(path).then().statusCode(200)
                .body("scope", equalTo("accounts:read payments:write"));
        main(https.toString()).header("Authorization", "Bearer not-the-token").get(path).then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        main(https.toString()).header("Authorization", "Bearer " + rat).contentType(ContentType.JSON)
                .body(m("client_id", "someone-else", "token_endpoint_auth_method", "tls_client_auth")).put(path)
                .then().statusCode(400).body("error", equalTo("invalid_request"));

        main(https.toString()).header("Authorization", "Bearer " + rat).delete(path).then().statusCode(204);
        main(https.toString()).header("Authorization", "Bearer " + rat).get(path).then().statusCode(401);
        mtls(mtlsListener.port(), Clients.SAN_IP).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void secretClientGetsItsSecretOnceAndRegistrationWorksOnTheMtlsAliasToo() {
        Response created = mtls(mtlsListener.port(), null).header("Authorization", "Bearer " + IAT).contentType(ContentType.JSON)
                .body(m("token_endpoint_auth_method", "client_secret_basic", "scope", "accounts:read")).post("/register");
        created.then().statusCode(201).body("client_secret", notNullValue()).body("client_secret_expires_at", equalTo(0));
        String id = created.path("client_id");
        String secret = created.path("client_secret");
        mtls(mtlsListener.port(), null).auth().preemptive().basic(id, secret).formParam("grant_type", "client_credentials")
                .post("/token").then().statusCode(200);
        main(https.toString()).header("Authorization", "Bearer " + created.path("registration_access_token"))
                .get("/register/" + id).then().statusCode(200).body("client_secret", nullValue());
    }

    @Test
    void metadataAdvertisesTheRegistrationEndpointAndItsAlias() {
        Response r = main(https.toString()).get("/.well-known/oauth-authorization-server");
        r.then().statusCode(200).body("registration_endpoint", equalTo("https://localhost:8443/register"))
                .body("mtls_endpoint_aliases.registration_endpoint", equalTo("https://localhost:8444/register"));
        assertTrue(r.asString().contains("revocation_endpoint"));
    }
}
