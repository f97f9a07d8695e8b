package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.store.OAuthClient;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * A client reads back, through client authentication's one prepared statement ({@link ClientLookup},
 * {@link OAuthClient#SELECT_BY_ID}), with exactly the values that were written, for every field: what
 * {@link OAuthClient#insert} and {@link OAuthClient#update} write to PostgreSQL (every optional column
 * set, and every one null), and what the registry writes when a client is registered, replaced,
 * disabled or updated through RFC 7592, with no ORM to flush a changed field behind its back.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class ClientRowReadTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    ClientLookup lookup;

    @Inject
    GuardedJdbc db;

    static final List<Field> FIELDS = Arrays.stream(OAuthClient.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()).toList();

    static final Instant CREATED = Instant.parse("2024-05-01T10:15:30.123456Z");

    /** Every field holds a value (no null, no false), each converter a list or name of its own. */
    static OAuthClient everyFieldSet(String clientId) {
        OAuthClient c = new OAuthClient();
        c.clientId = clientId;
        c.clientName = "Row read " + clientId;
        c.tokenEndpointAuthMethod = ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
        c.tlsClientAuthSubjectDn = Values.SUBJECT_DN;
        c.tlsClientAuthSanDns = Values.SAN_DNS;
        c.tlsClientAuthSanUri = Values.SAN_URI;
        c.tlsClientAuthSanIp = Values.SAN_IP_V4;
        c.tlsClientAuthSanEmail = Values.SAN_EMAIL;
        c.jwks = "{\"keys\":[]}";
        c.jwksUri = "https://client.example.com/jwks";
        c.certificateBoundAccessTokens = true;
        c.grantTypes = List.of(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS);
        c.scope = "openid accounts:read payments:write";
        c.audience = "sample-resource other-api";
        c.introspectionAllowed = true;
        c.clientSecretHash = "$2a$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234";
        c.redirectUris = "https://client.example.com/cb https://client.example.com/cb2";
        c.registrationAccessTokenHash = "registration-access-token-hash-" + clientId;
        c.registeredDynamically = true;
        c.enabled = true;
        c.idTokenSignedResponseAlg = "ES256";
        c.postLogoutRedirectUris = "https://client.example.com/bye";
        c.createdAt = CREATED;
        c.updatedAt = CREATED.plusSeconds(90).plusNanos(654_321_000);
        return c;
    }

    /** Every nullable column null, every flag false. */
    static OAuthClient everyOptionalFieldEmpty(String clientId, ClientAuthMethod method) {
        OAuthClient c = new OAuthClient();
        c.clientId = clientId;
        c.tokenEndpointAuthMethod = method;
        c.grantTypes = List.of(GrantType.CLIENT_CREDENTIALS);
        c.scope = "";
        c.enabled = false;
        return c;
    }

    /** Inserts {@code client} in place of any earlier one of that client_id. */
    void insertFresh(OAuthClient client) {
        OAuthClient earlier = OAuthClient.find(db, client.clientId);
        if (earlier != null) {
            assertTrue(earlier.delete(db));
        }
        client.insert(db);
    }

    /** What client authentication reads now, past its cache. */
    OAuthClient readBack(String clientId) {
        lookup.invalidate(clientId);
        OAuthClient row = lookup.find(clientId);
        assertNotNull(row, clientId);
        return row;
    }

    static void assertSameFields(OAuthClient written, OAuthClient read, Set<String> except) throws Exception {
        for (Field f : FIELDS) {
            if (!except.contains(f.getName())) {
                f.setAccessible(true);
                assertEquals(f.get(written), f.get(read), written.clientId + ": " + f.getName());
            }
        }
    }

    @Test
    void everyFieldReadsBackAsInserted() throws Exception {
        assertEquals(OAuthClient.COLUMNS.size(), FIELDS.size(), "fields of OAuthClient");
        OAuthClient full = everyFieldSet("row-read-full");
        // Every field is compared with a value in it, not only with a default of the class.
        Set<String> unset = new HashSet<>();
        for (Field f : FIELDS) {
            f.setAccessible(true);
            Object v = f.get(full);
            if (v == null || Boolean.FALSE.equals(v)) {
                unset.add(f.getName());
            }
        }
        assertEquals(Set.of(), unset, "fields written without a value");
        List<OAuthClient> written = new ArrayList<>(List.of(full));
        for (ClientAuthMethod method : ClientAuthMethod.values()) {
            written.add(everyOptionalFieldEmpty("row-read-empty-" + method.value, method));
        }
        try {
            for (OAuthClient client : written) {
                insertFresh(client);
                assertSameFields(client, readBack(client.clientId), Set.of());
            }
            OAuthClient empty = readBack("row-read-empty-none");
            assertNull(empty.audience);
            assertFalse(empty.enabled);
        } finally {
            for (OAuthClient client : written) {
                client.delete(db);
            }
        }

        lookup.invalidate("row-read-unknown");
        assertNull(lookup.find("row-read-unknown"));
        assertNull(OAuthClient.find(db, "row-read-unknown"));
    }

    @Test
    void everyMutableFieldReadsBackAsUpdated() throws Exception {
        OAuthClient client = everyOptionalFieldEmpty("row-read-updated", ClientAuthMethod.NONE);
        client.createdAt = CREATED;
        client.updatedAt = CREATED;
        insertFresh(client);

        OAuthClient changed = everyFieldSet(client.clientId);
        changed.createdAt = CREATED.plusSeconds(3600);
        assertTrue(changed.update(db));
        OAuthClient row = readBack(client.clientId);
        assertSameFields(changed, row, Set.of("createdAt"));
        assertEquals(CREATED, row.createdAt, "created_at is kept");
        for (Field f : FIELDS) {
            f.setAccessible(true);
            if (!Set.of("clientId", "createdAt").contains(f.getName())) {
                assertNotEquals(f.get(client), f.get(row), "the update left " + f.getName() + " as inserted");
            }
        }

        // A copy of its own: the lookup's copies are cached and not to be changed.
        OAuthClient loaded = OAuthClient.find(db, client.clientId);
        Instant disabledAt = CREATED.plusSeconds(7200);
        assertTrue(loaded.setEnabled(db, false, disabledAt));
        OAuthClient disabled = readBack(client.clientId);
        assertFalse(disabled.enabled);
        assertEquals(disabledAt, disabled.updatedAt);
        assertSameFields(loaded, disabled, Set.of());

        assertTrue(loaded.delete(db));
        lookup.invalidate(client.clientId);
        assertNull(lookup.find(client.clientId));
        assertFalse(loaded.delete(db), "a second delete finds no client");
        assertFalse(loaded.update(db), "an update of a deleted client changes nothing");
        assertFalse(loaded.setEnabled(db, true, disabledAt), "enabling a deleted client changes nothing");
        assertNull(OAuthClient.find(db, client.clientId));
    }

    RequestSpecification admin(String base) {
        return AuthzTestClient.main(base).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN);
    }

    Map<String, Object> registerFresh(String base, Map<String, Object> metadata) {
        admin(base).delete("/admin/clients/" + metadata.get("client_id"));
        Response created = AuthzTestClient.register(base, metadata);
        assertEquals(201, created.statusCode(), created.body().asString());
        return created.as(Map.class);
    }

    /** The client as the registry reads it from the database now. */
    Map<String, Object> stored(String base, String clientId) {
        Response r = admin(base).get("/admin/clients/" + clientId);
        assertEquals(200, r.statusCode(), r.body().asString());
        return r.as(Map.class);
    }

    static Map<String, Object> without(Map<String, Object> response, String... keys) {
        Map<String, Object> out = new HashMap<>(response);
        for (String k : keys) {
            out.remove(k);
        }
        return out;
    }

    @Test
    void everyClientTheRegistryWritesReadsBackAsItAnswered() throws Exception {
        String base = https.toString().replaceAll("/$", "");
        List<Map<String, Object>> registrations = new ArrayList<>(List.of(
                OpenIdConnectTest.client("row-read-oidc", "tls_client_auth", true, "tls_client_auth_subject_dn", Values.SUBJECT_DN,
                        "id_token_signed_response_alg", "ES256", "audience", List.of("sample-resource", "other-api"),
                        "introspection_allowed", true),
                ClientAdminApiTest.m("client_id", "row-read-secret", "token_endpoint_auth_method", "client_secret_basic",
                        "grant_types", List.of("client_credentials"), "scope", "accounts:read"),
                ClientAdminApiTest.m("client_id", "row-read-self-signed", "token_endpoint_auth_method", "self_signed_tls_client_auth",
                        "jwks", Map.of("keys", List.of(ClientAdminApiTest.jwk(Clients.SELF_SIGNED))))));
        Map<String, String> sans = Map.of("tls_client_auth_san_dns", Values.SAN_DNS, "tls_client_auth_san_uri", Values.SAN_URI,
                "tls_client_auth_san_ip", Values.SAN_IP_V4, "tls_client_auth_san_email", Values.SAN_EMAIL);
        for (Map.Entry<String, String> san : sans.entrySet()) {
            registrations.add(ClientAdminApiTest.m("client_id", "row-read-" + san.getKey(), "token_endpoint_auth_method",
                    "tls_client_auth", san.getKey(), san.getValue()));
        }
        for (Map<String, Object> metadata : registrations) {
            String id = (String) metadata.get("client_id");
            Map<String, Object> created = registerFresh(base, metadata);
            assertEquals(without(created, "client_secret"), stored(base, id), id);
        }

        // A replacement is written as a whole: every field the registry changed reads back changed.
        OAuthClient before = readBack("row-read-secret");
        Map<String, Object> replacement = OpenIdConnectTest.client("row-read-secret", "tls_client_auth", true,
                "tls_client_auth_san_dns", Values.SAN_DNS, "id_token_signed_response_alg", "ES256",
                "audience", List.of("other-api"), "introspection_allowed", true);
        Response replaced = admin(base).contentType(ContentType.JSON).body(replacement).put("/admin/clients/row-read-secret");
        assertEquals(200, replaced.statusCode(), replaced.body().asString());
        Map<String, Object> answered = replaced.as(Map.class);
        assertEquals(answered, stored(base, "row-read-secret"));
        OAuthClient after = readBack("row-read-secret");
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, after.tokenEndpointAuthMethod);
        assertNull(after.clientSecretHash, "the secret of a client that no longer uses one");
        assertEquals(before.createdAt, after.createdAt);
        assertTrue(after.updatedAt.isAfter(before.updatedAt), "updated_at of a replaced client");

        Map<String, Object> disabled = admin(base).post("/admin/clients/row-read-secret/disable").as(Map.class);
        assertEquals(false, disabled.get("enabled"));
        assertEquals(disabled, stored(base, "row-read-secret"));
        OAuthClient disabledRow = readBack("row-read-secret");
        assertFalse(disabledRow.enabled);
        assertTrue(disabledRow.updatedAt.isAfter(after.updatedAt), "updated_at of a disabled client");
        admin(base).post("/admin/clients/row-read-secret/enable").then().statusCode(200);
        assertTrue(readBack("row-read-secret").enabled);

        // RFC 7591 registration and an RFC 7592 update by the client itself.
        RequestSpecification registration = AuthzTestClient.main(base)
                .header("Authorization", "Bearer " + DynamicRegistrationTest.IAT).contentType(ContentType.JSON);
        Response registered = registration.body(ClientAdminApiTest.m("token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_san_ip", Values.SAN_IP_V4, "scope", "accounts:read")).post("/register");
        assertEquals(201, registered.statusCode(), registered.body().asString());
        String dynamicId = registered.path("client_id");
        String rat = registered.path("registration_access_token");
        RequestSpecification manage = AuthzTestClient.main(base).header("Authorization", "Bearer " + rat);
        assertEquals(without(registered.as(Map.class), "registration_access_token"), manage.get("/register/" + dynamicId).as(Map.class));
        OAuthClient dynamic = readBack(dynamicId);
        assertTrue(dynamic.registeredDynamically);
        assertNotNull(dynamic.registrationAccessTokenHash);

        Response updated = AuthzTestClient.main(base).header("Authorization", "Bearer " + rat).contentType(ContentType.JSON)
                .body(ClientAdminApiTest.m("client_id", dynamicId, "token_endpoint_auth_method", "client_secret_basic",
                        "scope", "accounts:read payments:write", "client_name", "Renamed by itself"))
                .put("/register/" + dynamicId);
        assertEquals(200, updated.statusCode(), updated.body().asString());
        assertNotNull(updated.path("client_secret"), "a client that now uses a secret gets one");
        assertEquals(without(updated.as(Map.class), "client_secret", "client_secret_expires_at"),
                AuthzTestClient.main(base).header("Authorization", "Bearer " + rat).get("/register/" + dynamicId).as(Map.class));
        OAuthClient dynamicAfter = readBack(dynamicId);
        assertNotNull(dynamicAfter.clientSecretHash);
        assertNull(dynamicAfter.tlsClientAuthSanIp);
        assertEquals(dynamic.registrationAccessTokenHash, dynamicAfter.registrationAccessTokenHash);
        assertTrue(dynamicAfter.updatedAt.isAfter(dynamic.updatedAt), "updated_at of a client updated through RFC 7592");
        AuthzTestClient.main(base).header("Authorization", "Bearer " + rat).delete("/register/" + dynamicId).then().statusCode(204);
        lookup.invalidate(dynamicId);
        assertNull(lookup.find(dynamicId));
    }
}
