package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

/**
 * Signing keys in use: a rotation keeps tokens of both keys valid at introspection and the RS
 * without restart; a revoked (compromised) key is refused everywhere within the refresh interval;
 * tokens living longer than the configured maximum are refused.
 */
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
        assertEquals(1, keys.stream().filter(k -> "current".equals(k.get("status"))).count());
        assertEquals(1, keys.stream().filter(k -> "next".equals(k.get("status"))).count());
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

    /** Polls until {@code condition} holds (or the time is up); true when it held. */
    static boolean eventually(java.util.concurrent.Callable<Boolean> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.call();
    }

    @Test
    void aRevokedKeyIsRefusedEverywhereWithinTheRefreshIntervalAndItsReplacementSigns() throws Exception {
        // An RS refreshing the JWKS every 2 s (the introspection service re-reads the key table every 2 s here).
        String rs = E2eSuite.get().startResourceServer("sample-resource-key-revocation",
                Map.of("suite.binding.jwks-refresh-interval", "PT2S")).url();
        String before = token("demo-san-dns", Clients.SAN_DNS);
        String compromised = SignedJWT.parse(before).getHeader().getKeyID();
        assertEquals(200, rsGet(rs, before).statusCode());
        assertEquals(true, introspectActive(before));

        HttpResponse<String> revoked = admin("POST", "/admin/keys/" + compromised + "/revoke", null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        List<Map<String, Object>> keys = E2eSuite.JSON.readValue(revoked.body(), new TypeReference<>() { });
        assertTrue(keys.stream().noneMatch(k -> compromised.equals(k.get("kid"))), revoked.body());
        HttpResponse<String> jwks = E2eSuite.client(null).send(HttpRequest.newBuilder(
                URI.create(E2eSuite.authzUrl() + "/jwks")).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(jwks.body().contains(compromised), "the JWKS no longer publishes the revoked key");

        assertTrue(eventually(() -> rsGet(rs, before).statusCode() == 401, 15), "the RS refuses the revoked key's token");
        HttpResponse<String> refused = rsGet(rs, before);
        assertEquals("invalid_token", json(refused).get("error"));
        assertEquals("token signing key is unknown", json(refused).get("error_description"));
        assertTrue(eventually(() -> Boolean.FALSE.equals(introspectActive(before)), 15), "introspection reports it inactive");

        String after = token("demo-san-dns", Clients.SAN_DNS);
        assertNotEquals(compromised, SignedJWT.parse(after).getHeader().getKeyID());
        assertEquals(200, rsGet(rs, after).statusCode());
        assertEquals(200, rsGet(E2eSuite.resourceUrl(), after).statusCode());
        assertEquals(true, introspectActive(after));
    }

    @Test
    void tokensLivingLongerThanTheMaximumAreRefused() throws Exception {
        long now = System.currentTimeMillis();
        // Signed with the AS's real current key, but for 2 hours (the maximum is 1 hour by default).
        String longLived = AsKeyForgery.sign(ResourceServerBindingE2ETest.claims().issueTime(new java.util.Date(now))
                .expirationTime(new java.util.Date(now + 2 * 3_600_000L)).build());
        HttpResponse<String> r = rsGet(E2eSuite.resourceUrl(), longLived);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("token lifetime (exp - iat) is longer than the 3600 seconds accepted", json(r).get("error_description"));
        assertEquals(false, introspectActive(longLived));
        // The same claims for 5 minutes pass.
        assertEquals(200, rsGet(E2eSuite.resourceUrl(), AsKeyForgery.sign(ResourceServerBindingE2ETest.claims().build())).statusCode());
    }
}
