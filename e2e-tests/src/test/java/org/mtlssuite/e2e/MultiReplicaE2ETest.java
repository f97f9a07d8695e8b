package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two replicas of the AS and of the introspection service over one PostgreSQL, as a Deployment
 * with two pods runs them: a client disabled or changed through one AS replica is refused or
 * updated at the other within 1 s (LISTEN/NOTIFY invalidates its client cache, whose TTL is 10 s);
 * a revoked token is inactive at both introspection replicas at once; a scheduled key rotation
 * (a 6 s rotation period here) happens exactly once per period although both replicas check it
 * every second. A suite of its own (free ports, its own database), stopped at the end.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MultiReplicaE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration ROTATION_PERIOD = Duration.ofSeconds(6);
    static final long PROPAGATION_LIMIT_MILLIS = 1000;

    static Suite suite;
    static String adminToken;
    /** Per replica: main, mTLS and admin base URLs. */
    static Replica as1;
    static Replica as2;
    static String introspection1;
    static String introspection2;

    record Replica(String url, String mtlsUrl, String adminUrl) {
    }

    @BeforeAll
    static void startTwoReplicasOfEach() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = root.resolve("e2e-tests/target/multi-replica-suite");
        deleteRecursively(state);
        Map<String, String> authz = Map.of("authz.keys.rotation-period", "PT" + ROTATION_PERIOD.toSeconds() + "S",
                "authz.keys.check-interval", "1s",
                "suite.client-auth.failure-limit.per-client", "0", "suite.client-auth.failure-limit.per-peer", "0");
        Map<String, String> introspection = Map.of("introspection.clock-skew-seconds", "0",
                "suite.client-auth.failure-limit.per-client", "0", "suite.client-auth.failure-limit.per-peer", "0");
        suite = Suite.start(Suite.Options.ephemeral(root, state).withKeptData().withServiceProperties(
                Map.of("authz-service", authz, "introspection-service", introspection)), System.out);
        int mtls2 = suite.freePort();
        Suite.Service second = suite.launchAuthorizationServer("authz-service-2", mtls2, authz);
        Suite.Service secondIntrospection = suite.launchIntrospectionService("introspection-service-2", Map.of());
        suite.awaitServiceReady(second);
        suite.awaitServiceReady(secondIntrospection);
        var m = suite.manifest();
        as1 = new Replica(m.authzUrl(), m.authzMtlsUrl(), m.authzAdminUrl());
        as2 = new Replica(second.url(), "https://localhost:" + mtls2, second.adminUrl());
        introspection1 = m.introspectionUrl();
        introspection2 = secondIntrospection.url();
        adminToken = Files.readString(suite.adminTokenFile()).trim();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    // --- client changes -----------------------------------------------------------------------------------

    @Test
    @org.junit.jupiter.api.Order(1)
    void aClientDisabledThroughOneReplicaIsRefusedAtTheOtherWithinOneSecond() throws Exception {
        register("mr-disabled", Values.SUBJECT_DN, DemoClients.SCOPE);
        // Both replicas have the client cached (its TTL, 10 s, would keep it usable that long).
        assertEquals(200, token(as1, "mr-disabled", Clients.SUBJECT_DN, null).statusCode());
        assertEquals(200, token(as2, "mr-disabled", Clients.SUBJECT_DN, null).statusCode());

        assertEquals(200, admin(as1, "POST", "/admin/clients/mr-disabled/disable", null).statusCode());
        long refused = millisUntil(() -> token(as2, "mr-disabled", Clients.SUBJECT_DN, null),
                r -> r.statusCode() == 401 && "invalid_client".equals(error(r)));
        System.out.printf("disabled through replica 1: refused at replica 2 after %d ms%n", refused);
        assertTrue(refused <= PROPAGATION_LIMIT_MILLIS, "refused at the other replica after " + refused + " ms");
        HttpResponse<String> r = token(as2, "mr-disabled", Clients.SUBJECT_DN, null);
        assertEquals(401, r.statusCode());
        assertTrue(!r.body().contains("access_token"), r.body());

        // And back: enabled through the second replica, the first (which cached the disabled client) issues again.
        assertEquals(401, token(as1, "mr-disabled", Clients.SUBJECT_DN, null).statusCode());
        assertEquals(200, admin(as2, "POST", "/admin/clients/mr-disabled/enable", null).statusCode());
        long issued = millisUntil(() -> token(as1, "mr-disabled", Clients.SUBJECT_DN, null), t -> t.statusCode() == 200);
        System.out.printf("enabled through replica 2: issued at replica 1 after %d ms%n", issued);
        assertTrue(issued <= PROPAGATION_LIMIT_MILLIS, "issued at the other replica again after " + issued + " ms");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aClientChangedThroughOneReplicaIsUpdatedAtTheOtherWithinOneSecond() throws Exception {
        register("mr-changed", Values.SUBJECT_DN, DemoClients.SCOPE);
        assertEquals(200, token(as1, "mr-changed", Clients.SUBJECT_DN, "payments:write").statusCode());

        Map<String, Object> narrower = metadata("mr-changed", Values.SUBJECT_DN, "accounts:read");
        HttpResponse<String> replaced = admin(as2, "PUT", "/admin/clients/mr-changed", narrower);
        assertEquals(200, replaced.statusCode(), replaced.body());
        long updated = millisUntil(() -> token(as1, "mr-changed", Clients.SUBJECT_DN, "payments:write"),
                r -> r.statusCode() == 400 && "invalid_scope".equals(error(r)));
        System.out.printf("scope narrowed through replica 2: applied at replica 1 after %d ms%n", updated);
        assertTrue(updated <= PROPAGATION_LIMIT_MILLIS, "the new scope applied at the other replica after " + updated + " ms");
        assertEquals(200, token(as1, "mr-changed", Clients.SUBJECT_DN, "accounts:read").statusCode());

        // Deleted through one replica: unknown at the other.
        assertEquals(204, admin(as1, "DELETE", "/admin/clients/mr-changed", null).statusCode());
        long unknown = millisUntil(() -> token(as2, "mr-changed", Clients.SUBJECT_DN, null),
                r -> r.statusCode() == 401 && "invalid_client".equals(error(r)));
        assertTrue(unknown <= PROPAGATION_LIMIT_MILLIS, "deleted at the other replica after " + unknown + " ms");
    }

    // --- revocation ---------------------------------------------------------------------------------------

    @Test
    @org.junit.jupiter.api.Order(3)
    void aRevokedTokenIsInactiveAtBothIntrospectionReplicasAtOnce() throws Exception {
        HttpResponse<String> t = token(as1, "demo-san-dns", Clients.SAN_DNS, null);
        assertEquals(200, t.statusCode(), t.body());
        String accessToken = (String) json(t).get("access_token");
        assertEquals(true, introspect(introspection1, accessToken).get("active"));
        assertEquals(true, introspect(introspection2, accessToken).get("active"));

        HttpResponse<String> revoked = post(Clients.SAN_DNS, as2.mtlsUrl() + "/revoke",
                Map.of("token", accessToken, "client_id", "demo-san-dns"));
        assertEquals(200, revoked.statusCode(), revoked.body());
        // No waiting: the next introspection at either replica reads the revocation.
        assertEquals(Map.of("active", false), introspect(introspection1, accessToken));
        assertEquals(Map.of("active", false), introspect(introspection2, accessToken));
    }

    // --- scheduled key rotation -----------------------------------------------------------------------------

    @Test
    @org.junit.jupiter.api.Order(4)
    void aScheduledKeyRotationHappensExactlyOncePerPeriod() throws Exception {
        // Both replicas check every second; wait for at least two scheduled rotations.
        Instant deadline = Instant.now().plusSeconds(60);
        List<Map<String, Object>> keys = keys();
        while (activations(keys).size() < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            keys = keys();
        }
        List<Instant> activations = activations(keys);
        System.out.println("key activations (both replicas checking every second): " + activations);
        assertTrue(activations.size() >= 3, "two scheduled rotations within 60 s: " + keys);
        for (int i = 1; i < activations.size(); i++) {
            Duration gap = Duration.between(activations.get(i - 1), activations.get(i));
            assertTrue(gap.compareTo(ROTATION_PERIOD.minusMillis(500)) >= 0,
                    "one rotation per period, not one per replica: keys activated " + gap.toMillis() + " ms apart: " + keys);
        }
        assertEquals(1, keys.stream().filter(k -> "current".equals(k.get("status"))).count(), keys.toString());
        assertEquals(1, keys.stream().filter(k -> "next".equals(k.get("status"))).count(), keys.toString());
        // Both replicas sign with the current key (each reloads within its check interval).
        String current = (String) keys.stream().filter(k -> "current".equals(k.get("status"))).findFirst().orElseThrow().get("kid");
        for (Replica r : List.of(as1, as2)) {
            String kid = null;
            for (int i = 0; i < 40 && !current.equals(kid); i++) {
                String jwt = (String) json(token(r, "demo-san-dns", Clients.SAN_DNS, null)).get("access_token");
                kid = (String) JSON.readValue(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), Map.class).get("kid");
                if (!current.equals(kid)) {
                    Thread.sleep(100);
                }
            }
            // The key may have rotated again meanwhile; then the newest current one signs.
            List<Map<String, Object>> now = keys();
            String kidNow = kid;
            assertTrue(now.stream().anyMatch(k -> kidNow.equals(k.get("kid")) && !"next".equals(k.get("status"))),
                    r.url() + " signs with a published key: " + kid);
        }
    }

    // --- after a database restart ------------------------------------------------------------------------------

    @Test
    @org.junit.jupiter.api.Order(5)
    void theListenersReconnectAfterADatabaseRestartAndChangesPropagateAgain() throws Exception {
        register("mr-restart", Values.SUBJECT_DN, DemoClients.SCOPE);
        Path log2 = suite.services().stream().filter(s -> s.name().equals("authz-service-2")).findFirst().orElseThrow().log();
        suite.stopDatabase();
        Thread.sleep(2000);
        suite.startDatabaseAgain();
        // The second replica's listener is back (it logs it once), and its pool serves again.
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.readString(log2).contains("listening for client changes again") && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertTrue(Files.readString(log2).contains("listening for client changes again"), "the listener reconnected: see " + log2);
        // Both replicas' pools serve again (broken connections are dropped when they fail).
        awaitStatus(() -> admin(as1, "GET", "/admin/clients/mr-restart", null), 200);
        awaitStatus(() -> token(as2, "mr-restart", Clients.SUBJECT_DN, null), 200);
        assertEquals(200, token(as2, "mr-restart", Clients.SUBJECT_DN, null).statusCode());

        assertEquals(200, admin(as1, "POST", "/admin/clients/mr-restart/disable", null).statusCode());
        long refused = millisUntil(() -> token(as2, "mr-restart", Clients.SUBJECT_DN, null),
                r -> r.statusCode() == 401 && "invalid_client".equals(error(r)));
        System.out.printf("after a database restart: disabled through replica 1, refused at replica 2 after %d ms%n", refused);
        assertTrue(refused <= PROPAGATION_LIMIT_MILLIS, "refused at the other replica after " + refused + " ms");
    }

    /**
     * The access tokens' key family (ES256). OpenID Connect adds an RS256 family that rotates together
     * with it, a few milliseconds later in the same rotation: one family shows one activation per rotation.
     */
    static List<Map<String, Object>> keys() throws Exception {
        HttpResponse<String> r = admin(as1, "GET", "/admin/keys", null);
        assertEquals(200, r.statusCode(), r.body());
        List<Map<String, Object>> all = JSON.readValue(r.body(), new TypeReference<>() { });
        return all.stream().filter(k -> "ES256".equals(k.get("alg"))).toList();
    }

    /** When each key became current, in order (retired keys keep the time they were activated). */
    static List<Instant> activations(List<Map<String, Object>> keys) {
        return keys.stream().map(k -> (String) k.get("activated_at")).filter(a -> a != null).map(Instant::parse).sorted().toList();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** Milliseconds until the condition holds, calling again at once (each call is a real TLS request). */
    static long millisUntil(Call call, Predicate<HttpResponse<String>> condition) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            HttpResponse<String> r = call.send();
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            if (condition.test(r)) {
                return elapsed;
            }
            if (elapsed > 15_000) {
                throw new AssertionError("not after 15 s (the cache TTL is 10 s): " + r.statusCode() + " " + r.body());
            }
        }
    }

    static void awaitStatus(Call call, int status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = call.send().statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                // the service is still reconnecting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("still " + last + " instead of " + status + " after 60 s");
    }

    static Map<String, Object> metadata(String clientId, String subjectDn, String scope) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", clientId);
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", subjectDn);
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("scope", scope);
        m.put("audience", List.of(DemoClients.AUDIENCE));
        return m;
    }

    static void register(String clientId, String subjectDn, String scope) throws Exception {
        admin(as1, "DELETE", "/admin/clients/" + clientId, null);
        HttpResponse<String> r = admin(as1, "POST", "/admin/clients", metadata(clientId, subjectDn, scope));
        assertEquals(201, r.statusCode(), r.body());
    }

    static HttpResponse<String> admin(Replica r, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.adminUrl() + path)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return client(null).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> token(Replica r, String clientId, String fixture, String scope) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        if (scope != null) {
            form.put("scope", scope);
        }
        return post(fixture, r.mtlsUrl() + "/token", form);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> introspect(String introspectionUrl, String token) throws Exception {
        HttpResponse<String> r = post(Clients.RESOURCE_SERVER, introspectionUrl + "/introspect",
                Map.of("token", token, "client_id", "demo-resource-server"));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readValue(r.body(), Map.class);
    }

    static final Map<String, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** One client per certificate, so that connections are kept alive between calls. */
    static HttpClient client(String fixture) {
        return CLIENTS.computeIfAbsent(fixture == null ? "" : fixture, f -> suite.httpClient(fixture));
    }

    static HttpResponse<String> post(String fixture, String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return client(fixture).send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) throws IOException {
        return JSON.readValue(r.body(), Map.class);
    }

    static String error(HttpResponse<String> r) {
        try {
            return (String) json(r).get("error");
        } catch (IOException e) {
            return null;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
