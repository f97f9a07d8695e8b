package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.URL;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.store.OAuthClient;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.Column;

/**
 * Client authentication reads a client with one prepared statement, not through Hibernate (introspection
 * has no ORM): every registered client, read that way through {@link ClientLookup}, has exactly the
 * values the ORM reads for every mapped column, including clients whose optional columns are all set.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class ClientRowReadTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    ClientLookup lookup;

    static final List<Field> COLUMNS = Arrays.stream(OAuthClient.class.getDeclaredFields())
            .filter(f -> f.isAnnotationPresent(Column.class)).toList();

    static void registerFresh(String base, Map<String, Object> metadata) {
        AuthzTestClient.main(base).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN)
                .delete("/admin/clients/" + metadata.get("client_id"));
        Response created = AuthzTestClient.register(base, metadata);
        assertEquals(201, created.statusCode(), created.body().asString());
    }

    @Test
    void everyClientReadsAsTheOrmReadsIt() throws Exception {
        String base = https.toString().replaceAll("/$", "");
        registerFresh(base, OpenIdConnectTest.client("row-read-oidc", "tls_client_auth", true,
                "tls_client_auth_subject_dn", Values.SUBJECT_DN, "id_token_signed_response_alg", "ES256",
                "audience", List.of("sample-resource", "other-api"), "introspection_allowed", true));
        registerFresh(base, ClientAdminApiTest.m("client_id", "row-read-secret",
                "token_endpoint_auth_method", "client_secret_basic", "grant_types", List.of("client_credentials"),
                "scope", "accounts:read"));
        registerFresh(base, ClientAdminApiTest.m("client_id", "row-read-self-signed",
                "token_endpoint_auth_method", "self_signed_tls_client_auth",
                "jwks", Map.of("keys", List.of(ClientAdminApiTest.jwk(Clients.SELF_SIGNED)))));
        Map<String, String> sans = Map.of("tls_client_auth_san_dns", Values.SAN_DNS, "tls_client_auth_san_uri", Values.SAN_URI,
                "tls_client_auth_san_ip", Values.SAN_IP_V4, "tls_client_auth_san_email", Values.SAN_EMAIL);
        for (Map.Entry<String, String> san : sans.entrySet()) {
            registerFresh(base, ClientAdminApiTest.m("client_id", "row-read-" + san.getKey(),
                    "token_endpoint_auth_method", "tls_client_auth", san.getKey(), san.getValue()));
        }

        List<OAuthClient> viaOrm = QuarkusTransaction.requiringNew().call(() -> OAuthClient.<OAuthClient>listAll());
        assertTrue(viaOrm.size() >= 7, "registered clients: " + viaOrm.size());
        Set<String> everSet = new HashSet<>();
        for (OAuthClient orm : viaOrm) {
            lookup.invalidate(orm.clientId);
            OAuthClient row = lookup.find(orm.clientId);
            assertNotNull(row, orm.clientId);
            for (Field f : COLUMNS) {
                f.setAccessible(true);
                Object expected = f.get(orm);
                assertEquals(expected, f.get(row), orm.clientId + ": " + f.getName());
                if (expected != null && !Boolean.FALSE.equals(expected)) {
                    everSet.add(f.getName());
                }
            }
        }
        // Every column was compared with a value in it at least once, except those only a dynamically
        // registered client or one with a jwks_uri has (DynamicRegistrationTest and JwksUriRotationTest authenticate those).
        Set<String> unset = new HashSet<>(COLUMNS.stream().map(Field::getName).toList());
        unset.removeAll(everSet);
        assertTrue(Set.of("registrationAccessTokenHash", "registeredDynamically", "jwksUri").containsAll(unset),
                "columns never compared with a value: " + unset);

        lookup.invalidate("row-read-unknown");
        assertNull(lookup.find("row-read-unknown"));
    }
}
