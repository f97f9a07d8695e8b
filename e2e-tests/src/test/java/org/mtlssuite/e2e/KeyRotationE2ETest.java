package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jwt.SignedJWT;

/** A signing-key rotation while tokens of both keys are in use: introspection and the RS accept both, without restart. */
class KeyRotationE2ETest {

    static HttpResponse<String> rsGet(String url, String token) throws Exception {
        return E2eSuite.client(Clients.SAN_DNS).send(HttpRequest.newBuilder(URI.create(url + "/accounts"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Object introspectActive(String token) throws Exception {
        return json(postForm(Clients.RESOURCE_SERVER, E2eSuite.introspectionUrl() + "/introspect",
                form("token", token, "client_id", "demo-resource-server"))).get("active");
    }

    @Test
    void tokensFromTheOldAndTheNewKeyVerifyAtIntrospectionAndTheResourceServer() throws Exception {
        String introspectionModeRs = E2eSuite.get().startResourceServer("sample-resource-rotation",
                Map.of("suite.binding.validation", "introspection")).url();
        String jwtModeRs = E2eSuite.resourceUrl();
        String before = token("demo-san-dns", Clients.SAN_DNS);
        // The RS caches the old key before the rotation.
        assertEquals(200, rsGet(jwtModeRs, before).statusCode());

        HttpResponse<String> rotated = admin("POST", "/admin/keys/rotate", null);
        assertEquals(200, rotated.statusCode(), rotated.body());
        List<Map<String, Object>> keys = E2eSuite.JSON.readValue(rotated.body(), new TypeReference<>() { });
        // One family per algorithm (ES256 access tokens; RS256 and ES256 ID tokens): one current and one next key each.
        for (String alg : List.of("ES256", "RS256")) {
            assertEquals(1, keys.stream().filter(k -> alg.equals(k.get("alg")) && "current".equals(k.get("status"))).count(), alg);
            assertEquals(1, keys.stream().filter(k -> alg.equals(k.get("alg")) && "next".equals(k.get("status"))).count(), alg);
        }
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        assertEquals("retired", keys.stream().filter(k -> oldKid.equals(k.get("kid"))).findFirst().orElseThrow().get("status"));

        String after = token("demo-san-dns", Clients.SAN_DNS);
        assertNotEquals(oldKid, SignedJWT.parse(after).getHeader().getKeyID());
        for (String token : List.of(before, after)) {
            assertEquals(true, introspectActive(token));
            assertEquals(200, rsGet(jwtModeRs, token).statusCode());
            assertEquals(200, rsGet(introspectionModeRs, token).statusCode());
        }
        // The JWKS publishes the retired, current and next keys.
        HttpResponse<String> jwks = E2eSuite.client(null).send(HttpRequest.newBuilder(
                URI.create(E2eSuite.authzUrl() + "/jwks")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(keys.size(), ((List<?>) json(jwks).get("keys")).size());
    }
}
