package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Strings PostgreSQL cannot store (a NUL character, broken UTF-8, a value longer than its column)
 * are refused by each endpoint with its own error code naming the field, before any query: they
 * used to reach the database and come back as 503 "the database is unavailable". A duplicate
 * client_id, even from concurrent creations, is invalid_client_metadata.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class UnstorableInputTest {

    static final String CC = "grant_type=client_credentials&client_id=";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    /** A raw form body, sent exactly as written (escapes included). */
    Response post(String path, String rawForm, String... headers) {
        RequestSpecification s = mtls(mtlsListener.port(), Clients.SAN_DNS).urlEncodingEnabled(false)
                .contentType("application/x-www-form-urlencoded").body(rawForm);
        for (int i = 0; i < headers.length; i += 2) {
            s = s.header(headers[i], headers[i + 1]);
        }
        return s.post(path);
    }

    RequestSpecification admin() {
        return main(https.toString()).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    Response adminJson(String method, String path, byte[] body) {
        return admin().contentType("application/json").body(body).request(method, path);
    }

    static Response assertError(Response r, int status, String error, String description) {
        r.then().statusCode(status).body("error", equalTo(error)).body("error_description", containsString(description))
                .body("access_token", nullValue()).body("client_id", nullValue());
        return r;
    }

    static String json(String fields) {
        return "{\"client_id\":\"unstorable-probe\",\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_san_dns\":\"a.example\"" + fields + "}";
    }

    // --- forms at the token and revocation endpoints --------------------------------------------------

    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("/token", CC + "%00", 401, "invalid_client", "client_id contains a NUL character"),
                Arguments.of("/token", CC + "demo%00", 401, "invalid_client", "client_id contains a NUL character"),
                Arguments.of("/token", CC + "demo%C3%28", 401, "invalid_client", "client_id is not valid UTF-8"),
                Arguments.of("/token", CC + "demo%ED%A0%80", 401, "invalid_client", "client_id is not valid UTF-8"),
                Arguments.of("/token", CC + "a".repeat(256), 401, "invalid_client", "client_id is longer than 255"),
                Arguments.of("/token", CC + "demo-san-dns&scope=accounts:read%00", 400, "invalid_request", "scope contains a NUL"),
                Arguments.of("/token", "grant_type=client%FF&client_id=demo-san-dns", 400, "invalid_request",
                        "grant_type is not valid UTF-8"),
                Arguments.of("/token", CC + "demo-san-dns&scope=" + "a".repeat(1025), 400, "invalid_request",
                        "scope is longer than 1024"),
                Arguments.of("/token", "grant_type=refresh_token&client_id=demo-san-dns&refresh_token=%00", 400, "invalid_request",
                        "refresh_token contains a NUL"),
                Arguments.of("/token", "grant_type=authorization_code&client_id=demo-san-dns&code=x&redirect_uri=https://a/%00"
                        + "&code_verifier=" + "a".repeat(43), 400, "invalid_request", "redirect_uri contains a NUL"),
                Arguments.of("/token", CC + "demo-san-dns&x%00=1", 400, "invalid_request", "a parameter name contains a NUL"),
                Arguments.of("/token", CC + "demo-san-dns&padding=" + "a".repeat(2049), 400, "invalid_request",
                        "padding is longer than 2048"),
                Arguments.of("/token", CC + "%zz", 400, "invalid_request", "malformed form encoding"),
                Arguments.of("/token", CC + "demo-san-dns&scope=%4", 400, "invalid_request", "malformed form encoding"),
                Arguments.of("/revoke", "client_id=demo-san-dns&token=%00", 400, "invalid_request", "token contains a NUL"),
                Arguments.of("/revoke", "client_id=demo-san-dns&token=" + "a".repeat(32_769), 400, "invalid_request",
                        "token is longer than 32768"),
                Arguments.of("/revoke", "client_id=%00&token=x", 401, "invalid_client", "client_id contains a NUL"));
    }

    @ParameterizedTest(name = "{0} {2} {3}: {4}")
    @MethodSource("forms")
    void unstorableFormParametersAreRefusedNamingTheParameter(String path, String form, int status, String error,
            String description) {
        assertError(post(path, form), status, error, description);
    }

    @Test
    void basicCredentialsWithANulAreMalformed() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("demo%00:secret".getBytes(StandardCharsets.UTF_8));
        assertError(post("/token", "grant_type=client_credentials", "Authorization", basic), 400, "invalid_request",
                "the client identifier contains a NUL");
    }

    @Test
    void wellFormedNeighboursStillWork() {
        AuthzTestClient.registerFresh(https.toString(), java.util.Map.of("client_id", "unstorable-neighbour",
                "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns", org.mtlssuite.pki.DevPki.Values.SAN_DNS,
                "scope", "accounts:read payments:write"));
        // An escaped colon in scope, a space as +, UTF-8 in a parameter the endpoint ignores, an empty pair.
        post("/token", CC + "unstorable-neighbour&scope=accounts%3Aread+payments:write&note=caf%C3%A9+ol%C3%A9&&").then()
                .statusCode(200).body("scope", equalTo("accounts:read payments:write"));
    }

    // --- the authorization endpoint (query and login form) -------------------------------------------

    static Stream<Arguments> authorizeQueries() {
        String ok = "response_type=code&client_id=demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&code_challenge="
                + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        return Stream.of(
                Arguments.of("client_id=%00&redirect_uri=x", "client_id contains a NUL"),
                Arguments.of("client_id=demo%C3%28&redirect_uri=x", "client_id is not valid UTF-8"),
                Arguments.of("client_id=" + "a".repeat(256) + "&redirect_uri=x", "client_id is longer than 255"),
                Arguments.of(ok + "&state=%00", "state contains a NUL"),
                Arguments.of(ok + "&state=" + "s".repeat(2049), "state is longer than 2048"),
                Arguments.of(ok.replace("redirect_uri=", "redirect_uri=%FF"), "redirect_uri is not valid UTF-8"),
                Arguments.of(ok + "&scope=accounts:read%00", "scope contains a NUL"),
                Arguments.of(ok.replace("code_challenge=", "code_challenge=" + "c".repeat(129)), "code_challenge is longer than 128"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("authorizeQueries")
    void unstorableAuthorizationRequestsAreRefusedBeforeAnyLookup(String query, String description) {
        Response r = main(https.toString()).urlEncodingEnabled(false).redirects().follow(false).get("/authorize?" + query);
        assertError(r, 400, "invalid_request", description);
    }

    @Test
    void aLoginFormWithANulIsRefused() {
        Response r = main(https.toString()).urlEncodingEnabled(false).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .body("request_id=%00&csrf_token=x&decision=approve&username=a&password=b").post("/authorize");
        assertError(r, 400, "invalid_request", "request_id contains a NUL");
    }

    // --- JSON at registration and the admin API --------------------------------------------------------

    static Stream<Arguments> metadata() {
        return Stream.of(
                Arguments.of(json(",\"client_name\":\"a\\u0000b\""), "client_name contains a NUL"),
                Arguments.of(json(",\"client_name\":\"a\\ud800b\""), "client_name is not valid UTF-8 (an unpaired surrogate)"),
                Arguments.of(json(",\"client_name\":\"" + "n".repeat(256) + "\""), "client_name is longer than 255"),
                Arguments.of(json(",\"scope\":\"" + "accounts:read ".repeat(80) + "\""), "scope is longer than 1024"),
                Arguments.of(json(",\"grant_types\":[\"client_credentials\",\"x\\u0000\"]"), "grant_types[1] contains a NUL"),
                Arguments.of(json(",\"redirect_uris\":[\"https://a.example/" + "p".repeat(2048) + "\"]"),
                        "redirect_uris[0] is longer than 2048"),
                Arguments.of("{\"client_id\":\"unstorable-probe\",\"token_endpoint_auth_method\":\"tls_client_auth\","
                        + "\"tls_client_auth_subject_dn\":\"CN=" + "x".repeat(1030) + "\"}", "tls_client_auth_subject_dn is longer than 1024"),
                Arguments.of("{\"client_id\":\"unstorable-probe\",\"token_endpoint_auth_method\":\"self_signed_tls_client_auth\","
                        + "\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\\u0000\"}]}}", "jwks.keys[0].crv contains a NUL"),
                Arguments.of(json(",\"bad\\u0000name\":1"), "a field name contains a NUL"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("metadata")
    void unstorableMetadataIsRefusedAtTheAdminApiAndAtRegistration(String body, String description) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertError(adminJson("POST", "/admin/clients", bytes), 400, "invalid_client_metadata", description);
        assertError(main(https.toString()).header("Authorization", "Bearer " + DynamicRegistrationTest.IAT)
                .contentType("application/json").body(bytes).post("/register"), 400, "invalid_client_metadata", description);
        admin().get("/admin/clients/unstorable-probe").then().statusCode(404);
    }

    @Test
    void aBodyThatIsNotUtf8JsonIsInvalidClientMetadata() {
        byte[] broken = "{\"client_name\":\"caf\u00c3(\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertError(adminJson("POST", "/admin/clients", broken), 400, "invalid_client_metadata", "not JSON in UTF-8");
        assertError(adminJson("POST", "/admin/clients", "{\"client_id\":".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_client_metadata", "not JSON in UTF-8");
        assertError(adminJson("POST", "/admin/clients", "{} {}".getBytes(StandardCharsets.UTF_8)), 400, "invalid_client_metadata",
                "more than one JSON value");
    }

    @Test
    void pathSegmentsAreCheckedBeforeTheLookup() {
        assertError(admin().urlEncodingEnabled(false).get("/admin/clients/%00"), 400, "invalid_request",
                "client_id in the path contains a NUL");
        assertError(admin().urlEncodingEnabled(false).post("/admin/clients/%00/disable"), 400, "invalid_request",
                "client_id in the path contains a NUL");
        assertError(admin().urlEncodingEnabled(false).delete("/admin/users/%00"), 400, "invalid_request", "username must be");
        assertError(main(https.toString()).urlEncodingEnabled(false).header("Authorization", "Bearer x").get("/register/%00"), 401,
                "invalid_token", "not valid for this client");
    }

    @Test
    void aPasswordWithANulIsRefused() {
        assertError(adminJson("PUT", "/admin/users/nul-password", "{\"password\":\"long-enough\\u0000x\"}"
                .getBytes(StandardCharsets.UTF_8)), 400, "invalid_request", "password contains a NUL");
        admin().delete("/admin/users/nul-password").then().statusCode(404);
    }

    // --- duplicate client_id ---------------------------------------------------------------------------

    @Test
    void aDuplicateClientIdIsInvalidClientMetadata() {
        byte[] body = json("").replace("unstorable-probe", "duplicate-probe").getBytes(StandardCharsets.UTF_8);
        admin().delete("/admin/clients/duplicate-probe");
        adminJson("POST", "/admin/clients", body).then().statusCode(201);
        assertError(adminJson("POST", "/admin/clients", body), 400, "invalid_client_metadata", "already registered");
    }

    @Test
    void concurrentCreationsOfOneClientIdGiveOneClientAndInvalidClientMetadata() throws Exception {
        for (int round = 0; round < 3; round++) {
            String id = "race-probe-" + round;
            byte[] body = json("").replace("unstorable-probe", id).getBytes(StandardCharsets.UTF_8);
            admin().delete("/admin/clients/" + id);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(() -> adminJson("POST", "/admin/clients", body));
                }
                int created = 0;
                for (Future<Response> f : pool.invokeAll(calls)) {
                    Response r = f.get();
                    if (r.statusCode() == 201) {
                        created++;
                    } else {
                        assertError(r, 400, "invalid_client_metadata", "already registered");
                    }
                }
                assertEquals(1, created, "exactly one creation wins");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
