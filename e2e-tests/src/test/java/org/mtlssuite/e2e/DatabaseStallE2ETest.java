package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;

/**
 * PostgreSQL stalls (issue 22): every PostgreSQL process is paused with SIGSTOP for 20 s while a
 * small load runs, so nothing is refused or closed, the database just stops answering. Expected,
 * and measured (the figures are printed):
 * <ul>
 * <li>a token for a client whose registration is cached: 200 at once; JWKS and metadata: 200 at once;</li>
 * <li>what needs the database (a token for a client not in the cache, introspection, the RS's
 * {@code GET /accounts} in both validation modes): 503 {@code temporarily_unavailable} with
 * {@code Retry-After} (the RS also with its RFC 6750 challenge) within the socket time-out, and at
 * once as soon as the probe has seen the stall; introspection never says "active" meanwhile;</li>
 * <li>readiness answers within 2 s, stays UP and names the database state; liveness stays UP;</li>
 * <li>after SIGCONT everything answers again within 5 s without a restart, and the audit events of
 * the tokens issued during the stall are in {@code audit_event}.</li>
 * </ul>
 * Its own suite (its database is paused), with its data directory known so that the PostgreSQL
 * processes can be found.
 */
class DatabaseStallE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration STALL = Duration.ofSeconds(20);
    /** suite.client-auth.client-cache-ttl of the AS (its default). */
    static final long CLIENT_CACHE_TTL_MS = 10_000;
    /** The driver's socketTimeout of the services (5 s) and a margin for a loaded 2-core machine. */
    static final long SLOW_PATH_BOUND_MS = 8_000;
    /** What "at once" means on a loaded 2-core machine (typically a few ms to a few tens of ms). */
    static final long FAST_BOUND_MS = 2_000;
    static final long READINESS_BOUND_MS = 2_000;
    static final long RECOVERY_BOUND_MS = 5_000;

    static Suite suite;
    static PostgresProcesses postgres;
    static String introspectionModeRs;
    static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    static final long T0 = System.nanoTime();

    /** One answer: when it was asked (ms since the test class loaded) and how long it took. */
    record Answer(String what, long start, long millis, int status, String body, Map<String, List<String>> headers) {
        long end() {
            return start + millis;
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }

        @Override
        public String toString() {
            return what + " at " + start + " ms: " + status + " in " + millis + " ms " + body;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = root.resolve("e2e-tests/target/stall-suite");
        Files.createDirectories(state);
        try (var walk = Files.walk(state)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(state)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Map<String, String> noFailureLimit = Map.of("suite.client-auth.failure-limit.per-client", "0",
                "suite.client-auth.failure-limit.per-peer", "0");
        suite = Suite.start(Suite.Options.ephemeral(root, state).withKeptData().withServiceProperties(
                Map.of("authz-service", noFailureLimit, "introspection-service", noFailureLimit)), System.out);
        postgres = new PostgresProcesses(state.resolve("pgdata"));
        // Whatever happens to this JVM, PostgreSQL is not left paused.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.continueAll();
            } catch (Exception ignored) {
                // best effort
            }
        }, "stall-test-sigcont"));
        introspectionModeRs = suite.startResourceServer("sample-resource-introspection",
                Map.of("suite.binding.validation", "introspection")).url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.continueAll();
        }
        if (suite != null) {
            suite.close();
        }
    }

    static long now() {
        return (System.nanoTime() - T0) / 1_000_000;
    }

    static Answer call(String what, String fixture, HttpRequest request) {
        HttpClient http = CLIENTS.computeIfAbsent(String.valueOf(fixture), f -> suite.httpClient(fixture));
        long start = now();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(what, start, now() - start, r.statusCode(), r.body(), r.headers().map());
        } catch (Exception e) {
            return new Answer(what, start, now() - start, -1, e.toString(), Map.of());
        }
    }

    static CompletableFuture<Answer> async(String what, String fixture, HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> call(what, fixture, request));
    }

    static HttpRequest form(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpRequest get(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b.build();
    }

    static Answer token(String what, String clientId, String fixture) {
        return call(what, fixture, tokenRequest(clientId));
    }

    static HttpRequest tokenRequest(String clientId) {
        return form(suite.manifest().authzMtlsUrl() + "/token", Map.of("grant_type", "client_credentials", "client_id", clientId));
    }

    static HttpRequest introspectRequest(String token) {
        return form(suite.manifest().introspectionUrl() + "/introspect", Map.of("client_id", "demo-resource-server", "token", token));
    }

    static Answer introspect(String what, String token) {
        return call(what, Clients.RESOURCE_SERVER, introspectRequest(token));
    }

    static Answer accounts(String what, String rsUrl, String token) {
        return call(what, Clients.SAN_DNS, get(rsUrl + "/accounts", token));
    }

    static Answer ready(String service) {
        return call("ready " + service, null, get(suite.service(service).managementUrl() + "/q/health/ready", null));
    }

    static Answer live(String service) {
        return call("live " + service, null, get(suite.service(service).managementUrl() + "/q/health/live", null));
    }

    /** The state the database readiness check names ("available", "unavailable"), or null. */
    static String databaseState(Answer ready) {
        for (JsonNode check : ready.json().path("checks")) {
            if ("database".equals(check.path("name").asText())) {
                return check.path("data").path("state").asText(null);
            }
        }
        return null;
    }

    static boolean active(Answer a) {
        return a.status() == 200 && a.json().path("active").asBoolean(false);
    }

    static String accessToken(Answer a) {
        assertEquals(200, a.status(), a.toString());
        return a.json().get("access_token").asText();
    }

    static final List<String> SERVICES = List.of("authz-service", "introspection-service", "sample-resource");

    @Test
    void stalledDatabaseAnswersFastInTheRightShapesAndRecoversWithinFiveSeconds() throws Exception {
        String good = accessToken(token("prime", "demo-san-dns", Clients.SAN_DNS));
        String revoked = accessToken(token("prime", "demo-san-dns", Clients.SAN_DNS));
        assertEquals(200, call("revoke", Clients.SAN_DNS, form(suite.manifest().authzMtlsUrl() + "/revoke",
                Map.of("client_id", "demo-san-dns", "token", revoked))).status());
        assertTrue(active(introspect("prime", good)));
        assertFalse(active(introspect("prime", revoked)));
        assertEquals(200, accounts("prime", suite.manifest().resourceUrl(), good).status());
        assertEquals(200, accounts("prime", introspectionModeRs, good).status());
        for (String s : SERVICES) {
            assertEquals("available", databaseState(ready(s)), s);
        }

        // demo-san-uri's registration is read now, for the first time: cached for the TTL from here.
        Answer firstRead = token("prime", "demo-san-uri", Clients.SAN_URI);
        accessToken(firstRead);
        // The cache entry ends client-cache-ttl after the read, which happened within this answer.
        long cacheEndsEarliest = firstRead.start() + CLIENT_CACHE_TTL_MS;
        long cacheEndsLatest = firstRead.end() + CLIENT_CACHE_TTL_MS;

        List<Answer> load = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread loadThread = new Thread(() -> {
            while (running.get()) {
                load.add(token("load token cached", "demo-san-uri", Clients.SAN_URI));
                load.add(introspect("load introspect good", good));
                load.add(introspect("load introspect revoked", revoked));
                load.add(accounts("load rs jwt", suite.manifest().resourceUrl(), good));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stall-load");
        loadThread.start();
        Thread.sleep(1000);

        List<Answer> stall = new ArrayList<>();
        List<Answer> readiness = new ArrayList<>();
        Map<String, Long> detectedAfter = new LinkedHashMap<>();
        Answer uncachedSlow;
        Answer introspectSlow;
        Answer rsSlow;
        Answer rsIntrospectionSlow;
        long stalled;
        long resumed;
        List<Long> paused;
        try {
            paused = postgres.stopAll();
            stalled = now();
            CompletableFuture<Answer> uncachedSlowF = async("uncached token (slow path)", Clients.SAN_EMAIL, tokenRequest("demo-san-email"));
            CompletableFuture<Answer> introspectSlowF = async("introspect (slow path)", Clients.RESOURCE_SERVER, introspectRequest(good));
            CompletableFuture<Answer> rsSlowF = async("rs jwt (slow path)", Clients.SAN_DNS, get(suite.manifest().resourceUrl() + "/accounts", good));
            CompletableFuture<Answer> rsIntrospectionSlowF = async("rs introspection (slow path)", Clients.SAN_DNS,
                    get(introspectionModeRs + "/accounts", good));

            // What needs no database answers at once.
            stall.add(token("cached token", "demo-san-uri", Clients.SAN_URI));
            stall.add(call("jwks", null, get(suite.manifest().authzUrl() + "/jwks", null)));
            stall.add(call("metadata", null, get(suite.manifest().authzUrl() + "/.well-known/oauth-authorization-server", null)));

            // Readiness answers within 2 s all along and names the state as soon as the probe has seen the stall.
            long deadline = stalled + 15_000;
            while (detectedAfter.size() < SERVICES.size() && now() < deadline) {
                for (String s : SERVICES) {
                    if (!detectedAfter.containsKey(s)) {
                        Answer r = ready(s);
                        readiness.add(r);
                        if ("unavailable".equals(databaseState(r))) {
                            detectedAfter.put(s, r.end() - stalled);
                        }
                    }
                }
                Thread.sleep(100);
            }
            for (String s : SERVICES) {
                stall.add(live(s));
                readiness.add(ready(s));
            }

            // Known stalled: what needs the database fails at once.
            stall.add(token("uncached token (fast)", "demo-san-email", Clients.SAN_EMAIL));
            stall.add(introspect("introspect (fast)", good));
            stall.add(accounts("rs jwt (fast)", suite.manifest().resourceUrl(), good));
            stall.add(accounts("rs introspection (fast)", introspectionModeRs, good));
            stall.add(call("jwks", null, get(suite.manifest().authzUrl() + "/jwks", null)));

            uncachedSlow = uncachedSlowF.get(60, TimeUnit.SECONDS);
            introspectSlow = introspectSlowF.get(60, TimeUnit.SECONDS);
            rsSlow = rsSlowF.get(60, TimeUnit.SECONDS);
            rsIntrospectionSlow = rsIntrospectionSlowF.get(60, TimeUnit.SECONDS);
            long left = stalled + STALL.toMillis() - now();
            if (left > 0) {
                Thread.sleep(left);
            }
        } finally {
            postgres.continueAll();
            resumed = now();
        }

        // Recovery: each check polled until it holds, timed from SIGCONT.
        Map<String, Long> recoveredAfter = new LinkedHashMap<>();
        Map<String, java.util.function.Supplier<Boolean>> checks = new LinkedHashMap<>();
        checks.put("uncached token", () -> token("recovery", "demo-san-email", Clients.SAN_EMAIL).status() == 200);
        checks.put("introspection active", () -> active(introspect("recovery", good)));
        checks.put("revoked stays inactive", () -> {
            Answer a = introspect("recovery", revoked);
            return a.status() == 200 && !active(a);
        });
        checks.put("rs jwt", () -> accounts("recovery", suite.manifest().resourceUrl(), good).status() == 200);
        checks.put("rs introspection", () -> accounts("recovery", introspectionModeRs, good).status() == 200);
        for (String s : SERVICES) {
            checks.put("ready " + s, () -> "available".equals(databaseState(ready(s))));
        }
        while (recoveredAfter.size() < checks.size() && now() < resumed + 30_000) {
            for (Map.Entry<String, java.util.function.Supplier<Boolean>> c : checks.entrySet()) {
                if (!recoveredAfter.containsKey(c.getKey()) && c.getValue().get()) {
                    recoveredAfter.put(c.getKey(), now() - resumed);
                }
            }
            Thread.sleep(50);
        }
        Thread.sleep(500);
        running.set(false);
        loadThread.join(30_000);

        // Audit events of the tokens issued during the stall are written after it.
        List<String> stallJtis = new ArrayList<>();
        for (Answer a : load) {
            if (a.what().equals("load token cached") && a.status() == 200 && a.start() >= stalled && a.end() <= resumed) {
                stallJtis.add(SignedJWT.parse(a.json().get("access_token").asText()).getJWTClaimsSet().getJWTID());
            }
        }
        long auditWrittenAfter = -1;
        int auditStored = 0;
        try (Connection c = DriverManager.getConnection(suite.database().jdbcUrl("authz"), suite.database().user(),
                suite.database().password())) {
            while (now() < resumed + 30_000) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select count(distinct details->>'jti') from audit_event where event_type = 'token_issued' and details->>'jti' = any(?)")) {
                    Array jtis = c.createArrayOf("text", stallJtis.toArray());
                    ps.setArray(1, jtis);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        auditStored = rs.getInt(1);
                    }
                }
                if (auditStored == stallJtis.size()) {
                    auditWrittenAfter = now() - resumed;
                    break;
                }
                Thread.sleep(100);
            }
        }

        long stallEnd = resumed;
        Predicate<Answer> inStall = a -> a.start() >= stalled && a.end() <= stallEnd;
        long detection = detectedAfter.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        List<Answer> afterDetection = new ArrayList<>(stall.stream().filter(a -> a.what().endsWith("(fast)")).toList());
        load.stream().filter(inStall).filter(a -> a.start() >= stalled + detection)
                .filter(a -> !a.what().equals("load token cached") || a.start() > cacheEndsLatest + 500)
                .forEach(afterDetection::add);
        List<Answer> cachedTokens = new ArrayList<>(stall.stream().filter(a -> a.what().equals("cached token")).toList());
        load.stream().filter(inStall).filter(a -> a.what().equals("load token cached") && a.end() < cacheEndsEarliest - 500)
                .forEach(cachedTokens::add);

        System.out.printf("""
                database stall (%d PostgreSQL processes paused %d ms; %d load answers):
                  cached-client token during the stall: %d answers, max %d ms
                  jwks/metadata: max %d ms
                  readiness: %d answers, max %d ms; stall seen by readiness after %s ms
                  slow path (before the stall is known): uncached token %d ms, introspection %d ms, rs jwt %d ms, rs introspection %d ms
                  fail fast once known: %d answers, max %d ms
                  recovery after SIGCONT (ms): %s
                  audit: %d token_issued events of the stall stored %d ms after SIGCONT
                %n""", paused.size(), resumed - stalled, load.size(), cachedTokens.size(),
                max(cachedTokens), max(stall.stream().filter(a -> a.what().equals("jwks") || a.what().equals("metadata")).toList()),
                readiness.size(), max(readiness), detectedAfter, uncachedSlow.millis(), introspectSlow.millis(), rsSlow.millis(),
                rsIntrospectionSlow.millis(), afterDetection.size(), max(afterDetection), recoveredAfter, stallJtis.size(),
                auditWrittenAfter);

        // Cached client, JWKS, metadata: 200 at once.
        for (Answer a : cachedTokens) {
            assertEquals(200, a.status(), a.toString());
            assertTrue(a.millis() < FAST_BOUND_MS, a.toString());
        }
        for (Answer a : stall.stream().filter(a -> a.what().equals("jwks") || a.what().equals("metadata")).toList()) {
            assertEquals(200, a.status(), a.toString());
            assertTrue(a.millis() < FAST_BOUND_MS, a.toString());
        }
        // Readiness: within 2 s, UP, naming the state; liveness UP.
        for (Answer a : readiness) {
            assertEquals(200, a.status(), a.toString());
            assertEquals("UP", a.json().path("status").asText(), a.toString());
            assertTrue(a.millis() < READINESS_BOUND_MS, a.toString());
            assertTrue(List.of("available", "unavailable").contains(databaseState(a)), a.toString());
        }
        assertEquals(SERVICES.size(), detectedAfter.size(), "every service's readiness named the stall: " + detectedAfter);
        for (Answer a : stall.stream().filter(a -> a.what().startsWith("live")).toList()) {
            assertEquals(200, a.status(), a.toString());
            assertEquals("UP", a.json().path("status").asText(), a.toString());
        }
        // What needs the database: 503 in its protocol's shape, within the socket time-out, then at once.
        for (Answer a : List.of(uncachedSlow, introspectSlow, rsSlow, rsIntrospectionSlow)) {
            assertUnavailable(a);
            assertTrue(a.millis() < SLOW_PATH_BOUND_MS, "answered within the bound: " + a);
        }
        assertFalse(afterDetection.isEmpty());
        for (Answer a : afterDetection) {
            assertUnavailable(a);
            assertTrue(a.millis() < FAST_BOUND_MS, "failed fast once the stall was known: " + a);
        }
        // The whole load: 200 or 503, never a broken connection, never a revoked or unchecked token "active".
        for (Answer a : load) {
            assertNotEquals(-1, a.status(), "no broken connection: " + a);
            assertTrue(a.status() == 200 || a.status() == 503, a.toString());
            if (a.status() == 503) {
                assertUnavailable(a);
            }
            if (a.what().equals("load introspect revoked")) {
                assertFalse(active(a), "a revoked token reported active: " + a);
            }
            if (a.what().equals("load introspect good") && inStall.test(a)) {
                assertFalse(active(a), "active without the revocation check during the stall: " + a);
            }
        }
        assertTrue(load.stream().filter(inStall).anyMatch(a -> a.status() == 503), "the load saw the stall");
        // Recovery within 5 s, without a restart; nothing recorded is lost.
        assertEquals(checks.keySet(), recoveredAfter.keySet(), "recovered: " + recoveredAfter);
        recoveredAfter.forEach((what, ms) -> assertTrue(ms < RECOVERY_BOUND_MS, what + " recovered after " + ms + " ms"));
        assertFalse(stallJtis.isEmpty(), "tokens were issued during the stall");
        assertEquals(stallJtis.size(), auditStored, "every token_issued event of the stall is in audit_event");
        for (Suite.Service s : suite.services()) {
            assertTrue(s.process().isAlive(), s.name() + " still runs (no restart)");
        }
    }

    static long max(List<Answer> answers) {
        return answers.stream().mapToLong(Answer::millis).max().orElse(-1);
    }

    /** 503 temporarily_unavailable, Retry-After; at a resource server also the RFC 6750 challenge. */
    static void assertUnavailable(Answer a) {
        assertEquals(503, a.status(), a.toString());
        assertEquals("temporarily_unavailable", a.json().path("error").asText(), a.toString());
        assertTrue(a.header("Retry-After") != null && a.header("Retry-After").matches("[0-9]+"), "Retry-After: " + a);
        assertFalse(a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("org.hibernate"),
                "no internals: " + a);
        if (a.what().contains("rs")) {
            String challenge = a.header("WWW-Authenticate");
            assertTrue(challenge != null && challenge.startsWith("Bearer realm=\"sample-resource\"")
                    && challenge.contains("error=\"temporarily_unavailable\""), "RFC 6750 challenge: " + a + " " + challenge);
        }
    }
}
