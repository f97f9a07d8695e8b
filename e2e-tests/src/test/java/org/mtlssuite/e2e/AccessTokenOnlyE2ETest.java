package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The RS accepts access tokens only, and only for its audience and the token's own subject:
 * introspection names each token's kind, a refresh token presented as a bearer token is refused
 * even in introspection mode, an RS without an audience does not start, and a client never sees
 * another client's accounts.
 */
class AccessTokenOnlyE2ETest {

    static HttpResponse<String> rsGet(String rs, String path, String fixture, String token) throws Exception {
        return E2eSuite.client(fixture).send(HttpRequest.newBuilder(URI.create(rs + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void introspectionNamesTheTokenKindAndTheRsRefusesARefreshToken() throws Exception {
        AuthorizationCodeE2ETest.Tokens t = AuthorizationCodeE2ETest.codeFlow();
        Map<String, Object> access = IntrospectionAndRevocationE2ETest.introspect(t.access());
        Map<String, Object> refresh = IntrospectionAndRevocationE2ETest.introspect(t.refresh());
        assertEquals(true, access.get("active"));
        assertEquals("Bearer", access.get("token_type"));
        assertEquals(true, refresh.get("active"));
        assertEquals("refresh_token", refresh.get("token_type"));

        String introspectionRs = E2eSuite.get().startResourceServer("sample-resource-token-kind",
                Map.of("suite.binding.validation", "introspection")).url();
        String cert = AuthorizationCodeE2ETest.CERT;
        assertEquals(200, rsGet(introspectionRs, "/accounts", cert, t.access()).statusCode());
        for (String rs : List.of(introspectionRs, E2eSuite.resourceUrl())) {
            HttpResponse<String> r = rsGet(rs, "/accounts", cert, t.refresh());
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("invalid_token", json(r).get("error"));
            assertFalse(r.body().contains("account_id"));
        }
        assertEquals("token is not an access token", json(rsGet(introspectionRs, "/accounts", cert, t.refresh())).get("error_description"));
    }

    @Test
    void anRsWithoutAnAudienceRefusesToStartInOneLine() throws Exception {
        Suite suite = E2eSuite.get();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> suite.startResourceServer("sample-resource-no-audience", Map.of("suite.binding.audience", "")));
        assertTrue(e.getMessage().contains("exited with code 1 before it was ready"), e.getMessage());
        Suite.Service rs = suite.services().stream().filter(s -> s.log().getFileName().toString().equals("sample-resource-no-audience.log"))
                .findFirst().orElseThrow();
        List<String> lines = Files.readAllLines(rs.log());
        assertEquals(List.of("refusing to start: suite.binding.audience: is required when suite.binding.enabled=true (RFC 9068 section 4:"
                + " a resource server checks that a token is meant for it)"), lines);
    }

    @Test
    void aClientNeverSeesAnotherClientsAccounts() throws Exception {
        String sanDns = token("demo-san-dns", Clients.SAN_DNS);
        String sanUri = token("demo-san-uri", Clients.SAN_URI);
        String rs = E2eSuite.resourceUrl();
        List<Map<String, Object>> own = E2eSuite.JSON.readValue(rsGet(rs, "/accounts", Clients.SAN_URI, sanUri).body(),
                new TypeReference<>() { });
        assertEquals(List.of("acc-301"), own.stream().map(a -> a.get("account_id")).toList());
        HttpResponse<String> foreign = rsGet(rs, "/accounts/acc-001", Clients.SAN_URI, sanUri);
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals("not_found", json(foreign).get("error"));
        assertEquals(200, rsGet(rs, "/accounts/acc-001", Clients.SAN_DNS, sanDns).statusCode());
        // The code flow's user has accounts of their own too (the README walk-through shows them).
        HttpResponse<String> user = rsGet(rs, "/accounts", AuthorizationCodeE2ETest.CERT, AuthorizationCodeE2ETest.codeFlow().access());
        assertEquals(200, user.statusCode(), user.body());
        assertTrue(user.body().contains("acc-101") && !user.body().contains("acc-001"), user.body());
    }
}
