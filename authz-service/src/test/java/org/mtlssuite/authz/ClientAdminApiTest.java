package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mtlssuite.authz.AuthzTestClient.leaf;
import static org.mtlssuite.authz.AuthzTestClient.main;

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
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jose.jwk.JWK;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The admin API: protected, validating like RFC 7591, and a full create-read-update-disable-delete round trip. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class ClientAdminApiTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    RequestSpecification admin() {
        return main(https.toString()).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    static Map<String, Object> jwk(String fixture) throws Exception {
        return new HashMap<>(JWK.parse(leaf(fixture)).toPublicJWK().toJSONObject());
    }

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    static Stream<Arguments> invalidMetadata() throws Exception {
        Map<String, Object> unparsableX5c = jwk(Clients.SELF_SIGNED);
        unparsableX5c.put("x5c", List.of(Base64.getEncoder().encodeToString("not a certificate".getBytes())));
        Map<String, Object> otherKeysX5c = jwk(Clients.SELF_SIGNED);
        otherKeysX5c.put("x5c", List.of(Base64.getEncoder().encodeToString(leaf(Clients.SELF_SIGNED_UNREGISTERED).getEncoded())));
        Map<String, Object> noX5c = jwk(Clients.SELF_SIGNED);
        noX5c.remove("x5c");
        return Stream.of(
                Arguments.of("no tls_client_auth_* value", m("token_endpoint_auth_method", "tls_client_auth"),
                        "tls_client_auth requires exactly one of"),
                Arguments.of("two tls_client_auth_* values", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS, "tls_client_auth_san_email", Values.SAN_EMAIL),
                        "tls_client_auth requires exactly one of"),
                Arguments.of("subject value on another method", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS), "tls_client_auth_san_dns is only valid with tls_client_auth"),
                Arguments.of("DN that does not parse", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_subject_dn", "no equals sign"), "tls_client_auth_subject_dn is not an RFC 4514"),
                Arguments.of("IP that is not an address", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_ip", "example.com"), "tls_client_auth_san_ip is not an IPv4 or IPv6 address"),
                Arguments.of("URI that is relative", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_uri", "/relative"), "tls_client_auth_san_uri is not an absolute URI"),
                Arguments.of("jwks and jwks_uri together", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks", Map.of("keys", List.of()), "jwks_uri", "https://client.example.com/jwks"),
                        "jwks and jwks_uri must not both be present"),
                Arguments.of("self-signed without keys", m("token_endpoint_auth_method", "self_signed_tls_client_auth"),
                        "self_signed_tls_client_auth requires jwks or jwks_uri"),
                Arguments.of("x5c that does not parse", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks", Map.of("keys", List.of(unparsableX5c))), "jwks:"),
                Arguments.of("x5c with another key than the JWK", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks", Map.of("keys", List.of(otherKeysX5c))), "x5c[0] carries a different public key"),
                Arguments.of("JWK without x5c", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks", Map.of("keys", List.of(noX5c))), "has no x5c certificate"),
                Arguments.of("plain-http jwks_uri", m("token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks_uri", "http://client.example.com/jwks"), "jwks_uri must be an absolute https URI"),
                Arguments.of("unknown method", m("token_endpoint_auth_method", "private_key_jwt"),
                        "token_endpoint_auth_method private_key_jwt is not supported"),
                Arguments.of("missing method", m("client_name", "x"), "token_endpoint_auth_method is required"),
                Arguments.of("implicit grant", m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns",
                        Values.SAN_DNS, "grant_types", List.of("implicit")), "grant_types: implicit is not offered"),
                Arguments.of("scope the AS does not offer", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS, "scope", "accounts:read root"),
                        "scope: root is not offered"),
                Arguments.of("binding flag of the wrong type", m("token_endpoint_auth_method", "tls_client_auth",
                        "tls_client_auth_san_dns", Values.SAN_DNS, "tls_client_certificate_bound_access_tokens", "yes"),
                        "tls_client_certificate_bound_access_tokens must be a boolean"),
                Arguments.of("unknown field", m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns",
                        Values.SAN_DNS, "is_admin", true), "is_admin is not a supported client metadata field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMetadata")
    void refusesInvalidMetadataNamingTheField(String name, Map<String, Object> metadata, String description) {
        admin().body(metadata).post("/admin/clients").then().statusCode(400)
                .body("error", equalTo("invalid_client_metadata"))
                .body("error_description", containsString(description));
    }

    @Test
    void adminApiRequiresTheAdminToken() {
        main(https.toString()).contentType(ContentType.JSON)
                .body(m("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS))
                .post("/admin/clients").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("invalid_token"));
        main(https.toString()).header("Authorization", "Bearer not-the-admin-token").get("/admin/clients")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void createReadReplaceDisableDeleteRoundTrip() throws Exception {
        admin().delete("/admin/clients/admin-round-trip");
        admin().body(m("client_id", "admin-round-trip", "token_endpoint_auth_method", "self_signed_tls_client_auth",
                "jwks", Map.of("keys", List.of(jwk(Clients.SELF_SIGNED))), "scope", "accounts:read",
                "tls_client_certificate_bound_access_tokens", true))
                .post("/admin/clients").then().statusCode(201).body("client_id", equalTo("admin-round-trip"))
                .body("jwks.keys[0].x5c", notNullValue()).body("client_secret", nullValue())
                .body("audience", equalTo(List.of("sample-resource"))).body("enabled", is(true));
        admin().get("/admin/clients/admin-round-trip").then().statusCode(200)
                .body("token_endpoint_auth_method", equalTo("self_signed_tls_client_auth"))
                .body("tls_client_certificate_bound_access_tokens", is(true));
        admin().body(m("client_id", "admin-round-trip", "token_endpoint_auth_method", "client_secret_basic",
                "scope", "accounts:read payments:write"))
                .put("/admin/clients/admin-round-trip").then().statusCode(200)
                .body("token_endpoint_auth_method", equalTo("client_secret_basic")).body("jwks", nullValue())
                .body("client_secret", notNullValue());
        admin().post("/admin/clients/admin-round-trip/disable").then().statusCode(200).body("enabled", is(false));
        admin().delete("/admin/clients/admin-round-trip").then().statusCode(204);
        admin().get("/admin/clients/admin-round-trip").then().statusCode(404).body("error", equalTo("invalid_request"));
    }

    @Test
    void duplicateClientIdIsRefused() {
        admin().delete("/admin/clients/admin-duplicate");
        Map<String, Object> md = m("client_id", "admin-duplicate", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_san_dns", Values.SAN_DNS);
        admin().body(md).post("/admin/clients").then().statusCode(201);
        admin().body(md).post("/admin/clients").then().statusCode(400).body("error", equalTo("invalid_client_metadata"))
                .body("error_description", containsString("already registered"));
    }
}
