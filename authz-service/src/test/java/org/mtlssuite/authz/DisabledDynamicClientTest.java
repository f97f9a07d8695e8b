package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * RFC 7592 and the administrator's decisions: a client's own update keeps every administrator-only
 * field as stored, and a disabled client can neither manage its registration (403, RFC 7592 2) nor
 * authenticate, until an administrator enables it again and its registration access token works again.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class DisabledDynamicClientTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    record Registered(String clientId, String registrationAccessToken) {
        String path() {
            return "/register/" + clientId;
        }
    }

    Registered registerDynamically() {
        Response created = main(https.toString()).header("Authorization", "Bearer " + DynamicRegistrationTest.IAT)
                .contentType(ContentType.JSON).body(ownMetadata(null, "accounts:read")).post("/register");
        created.then().statusCode(201);
        return new Registered(created.path("client_id"), created.path("registration_access_token"));
    }

    /** What the client itself registers: no administrator-only field. */
    static Map<String, Object> ownMetadata(String clientId, String scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (clientId != null) {
            m.put("client_id", clientId);
        }
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_san_ip", Values.SAN_IP_V4);
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("scope", scope);
        return m;
    }

    RequestSpecification admin() {
        return main(https.toString()).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    RequestSpecification asClient(Registered c) {
        return main(https.toString()).header("Authorization", "Bearer " + c.registrationAccessToken());
    }

    Response token(String clientId) {
        return mtls(mtlsListener.port(), Clients.SAN_IP).formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .post("/token");
    }

    static void assertRefused(Response r, int status, String error) {
        r.then().statusCode(status).body("error", equalTo(error)).body("access_token", nullValue())
                .body("registration_access_token", nullValue()).body("client_secret", nullValue());
    }

    @Test
    void aDisabledClientCannotReEnableItselfThroughItsRegistrationEndpoint() {
        Registered c = registerDynamically();
        token(c.clientId()).then().statusCode(200);
        admin().post("/admin/clients/" + c.clientId() + "/disable").then().statusCode(200).body("enabled", equalTo(false));

        Map<String, Object> update = ownMetadata(c.clientId(), "accounts:read");
        update.put("enabled", true);
        Response put = asClient(c).contentType(ContentType.JSON).body(update).put(c.path());
        assertRefused(put, 403, "access_denied");
        put.then().body("error_description", containsString("disabled"));

        admin().get("/admin/clients/" + c.clientId()).then().statusCode(200).body("enabled", equalTo(false));
        assertRefused(token(c.clientId()), 401, "invalid_client");
    }

    @Test
    void aDisabledClientsRegistrationCallsAreForbiddenAndItsTokenIsKeptForTheAdministrator() {
        Registered c = registerDynamically();
        admin().post("/admin/clients/" + c.clientId() + "/disable").then().statusCode(200);

        assertRefused(asClient(c).get(c.path()), 403, "access_denied");
        assertRefused(asClient(c).delete(c.path()), 403, "access_denied");
        assertRefused(asClient(c).contentType(ContentType.JSON).body(ownMetadata(c.clientId(), "accounts:read")).put(c.path()), 403,
                "access_denied");
        // A wrong token learns nothing about the client's state.
        main(https.toString()).header("Authorization", "Bearer not-the-token").get(c.path()).then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        // Nor can it authenticate anywhere: the token endpoint, and the revocation endpoint.
        assertRefused(token(c.clientId()), 401, "invalid_client");
        assertRefused(mtls(mtlsListener.port(), Clients.SAN_IP).formParam("client_id", c.clientId()).formParam("token", "x")
                .post("/revoke"), 401, "invalid_client");
        admin().get("/admin/clients/" + c.clientId()).then().statusCode(200).body("client_id", equalTo(c.clientId()));

        admin().post("/admin/clients/" + c.clientId() + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        asClient(c).get(c.path()).then().statusCode(200).body("client_id", equalTo(c.clientId()));
        token(c.clientId()).then().statusCode(200);
        asClient(c).delete(c.path()).then().statusCode(204);
    }

    @Test
    void aClientsOwnUpdateKeepsEveryAdministratorOnlyField() {
        Registered c = registerDynamically();
        // The administrator grants introspection and a second audience.
        Map<String, Object> adminView = ownMetadata(c.clientId(), "accounts:read");
        adminView.put("introspection_allowed", true);
        adminView.put("audience", List.of("sample-resource", "ledger-api"));
        admin().contentType(ContentType.JSON).body(adminView).put("/admin/clients/" + c.clientId()).then().statusCode(200)
                .body("introspection_allowed", equalTo(true));

        // The client changes its scope and tries to set the administrator's fields itself: they are ignored.
        Map<String, Object> own = ownMetadata(c.clientId(), "accounts:read payments:write");
        own.put("introspection_allowed", false);
        own.put("audience", List.of("attacker-api"));
        own.put("enabled", false);
        asClient(c).contentType(ContentType.JSON).body(own).put(c.path()).then().statusCode(200)
                .body("scope", equalTo("accounts:read payments:write")).body("introspection_allowed", nullValue())
                .body("enabled", nullValue());
        admin().get("/admin/clients/" + c.clientId()).then().statusCode(200).body("scope", equalTo("accounts:read payments:write"))
                .body("introspection_allowed", equalTo(true)).body("enabled", equalTo(true))
                .body("audience", equalTo(List.of("sample-resource", "ledger-api")));

        // An update without those fields keeps them too.
        asClient(c).contentType(ContentType.JSON).body(ownMetadata(c.clientId(), "accounts:read")).put(c.path()).then()
                .statusCode(200);
        admin().get("/admin/clients/" + c.clientId()).then().statusCode(200).body("introspection_allowed", equalTo(true))
                .body("audience", equalTo(List.of("sample-resource", "ledger-api")));
        token(c.clientId()).then().statusCode(200);
    }

    @Test
    void aClientCannotBecomePublicWhileTheAdministratorLetsItIntrospect() {
        Registered c = registerDynamically();
        Map<String, Object> adminView = ownMetadata(c.clientId(), "accounts:read");
        adminView.put("introspection_allowed", true);
        admin().contentType(ContentType.JSON).body(adminView).put("/admin/clients/" + c.clientId()).then().statusCode(200);
        Map<String, Object> asPublic = new LinkedHashMap<>();
        asPublic.put("client_id", c.clientId());
        asPublic.put("token_endpoint_auth_method", "none");
        asPublic.put("grant_types", List.of("authorization_code"));
        asPublic.put("redirect_uris", List.of("https://app.example.com/cb"));
        Response r = asClient(c).contentType(ContentType.JSON).body(asPublic).put(c.path());
        assertRefused(r, 400, "invalid_client_metadata");
        r.then().body("error_description", containsString("introspection_allowed"));
    }
}
