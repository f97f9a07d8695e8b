package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * PostgreSQL stops while requests run: the services answer clean errors (503
 * temporarily_unavailable JSON, no stack trace, no 500), never report a revoked token active, and
 * recover without a restart once the database is back. Its own suite, so that the outage touches no other test.
 */
class DatabaseOutageE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Suite suite;
    static final Map<String, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    record Answer(String what, int status, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = root.resolve("e2e-tests/target/outage-suite");
        org.mtlssuite.e2e.E2eSuite.class.getName(); // same module, separate suite
        java.nio.file.Files.createDirectories(state);
        try (var walk = java.nio.file.Files.walk(state)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(state)) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
        suite = Suite.start(Suite.Options.ephemeral(root, state).withKeptData(), System.out);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    static HttpResponse<String> post(String fixture, String url, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpClient http = CLIENTS.computeIfAbsent(String.valueOf(fixture), f -> suite.httpClient(fixture));
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String token(String clientId, String fixture) throws Exception {
        HttpResponse<String> r = post(fixture, suite.manifest().authzMtlsUrl() + "/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    static HttpResponse<String> introspect(String token) throws Exception {
        return post(Clients.RESOURCE_SERVER, suite.manifest().introspectionUrl() + "/introspect",
                Map.of("client_id", "demo-resource-server", "token", token));
    }

    static boolean active(HttpResponse<String> r) throws Exception {
        return r.statusCode() == 200 && JSON.readTree(r.body()).path("active").asBoolean(false);
    }

    @Test
    void cleanErrorsNoRevokedTokenActiveAndRecoveryWithoutRestart() throws Exception {
        String good = token("demo-san-dns", Clients.SAN_DNS);
        String revoked = token("demo-san-dns", Clients.SAN_DNS);
        assertEquals(200, post(Clients.SAN_DNS, suite.manifest().authzMtlsUrl() + "/revoke",
                Map.of("client_id", "demo-san-dns", "token", revoked)).statusCode());
        assertTrue(active(introspect(good)));
        assertFalse(active(introspect(revoked)));
        // The RS's first /accounts is slow (class loading, first query): on a loaded machine it could
        // last the whole short outage, so the load would see none of it. Served once before.
        assertEquals(200, CLIENTS.computeIfAbsent(Clients.SAN_DNS, f -> suite.httpClient(f)).send(HttpRequest.newBuilder(URI.create(
                suite.manifest().resourceUrl() + "/accounts")).header("Authorization", "Bearer " + good).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> t = post(Clients.SAN_DNS, suite.manifest().authzMtlsUrl() + "/token",
                            Map.of("grant_type", "client_credentials", "client_id", "demo-san-dns"));
                    answers.add(new Answer("token", t.statusCode(), t.body()));
                    HttpResponse<String> i = introspect(revoked);
                    answers.add(new Answer("introspect-revoked", i.statusCode(), i.body()));
                    HttpResponse<String> a = CLIENTS.computeIfAbsent(Clients.SAN_DNS, f -> suite.httpClient(f)).send(HttpRequest.newBuilder(URI.create(
                            suite.manifest().resourceUrl() + "/accounts")).header("Authorization", "Bearer " + good).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answers.add(new Answer("resource", a.statusCode(), a.body()));
                } catch (Exception e) {
                    answers.add(new Answer("transport", -1, e.toString()));
                }
            }
        }, "outage-load");
        load.start();
        Thread.sleep(500);

        suite.stopDatabase();
        long outageSeen = waitFor(() -> introspect(good).statusCode() == 503, 20);
        HttpResponse<String> uncached = post(Clients.SAN_EMAIL, suite.manifest().authzMtlsUrl() + "/token",
                Map.of("grant_type", "client_credentials", "client_id", "demo-san-email"));
        Thread.sleep(2000);

        long restarted = System.nanoTime();
        suite.startDatabaseAgain();
        waitFor(() -> active(introspect(good)), 60);
        long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
        waitFor(() -> post(Clients.SAN_EMAIL, suite.manifest().authzMtlsUrl() + "/token",
                Map.of("grant_type", "client_credentials", "client_id", "demo-san-email")).statusCode() == 200, 60);
        running.set(false);
        load.join(20_000);

        System.out.printf("database outage: 503 seen %d ms after the stop; recovered %d ms after the restart; %d answers%n",
                outageSeen, recoveryMillis, answers.size());
        assertTrue(uncached.statusCode() == 503 || uncached.statusCode() == 200, uncached.statusCode() + " " + uncached.body());
        if (uncached.statusCode() == 503) {
            assertEquals("temporarily_unavailable", JSON.readTree(uncached.body()).get("error").asText());
        }
        for (Answer a : answers) {
            assertTrue(a.status() != -1, "no broken connection: " + a.body());
            assertTrue(a.status() < 500 || a.status() == 503, a.what() + " answered " + a.status() + ": " + a.body());
            assertFalse(a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("org.hibernate"),
                    a.what() + " leaked internals: " + a.body());
            if (a.status() == 503) {
                assertEquals("temporarily_unavailable", JSON.readTree(a.body()).get("error").asText(), a.toString());
            }
            if (a.what().equals("introspect-revoked")) {
                assertFalse(a.status() == 200 && JSON.readTree(a.body()).path("active").asBoolean(false),
                        "a revoked token was reported active during the outage");
            }
        }
        assertTrue(answers.stream().anyMatch(a -> a.status() == 503), "the outage was observed by the load");
        assertTrue(recoveryMillis < 30_000, "recovered without a restart within 30 s (took " + recoveryMillis + " ms)");
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for the condition; returns how long it took in ms. */
    static long waitFor(Condition c, int seconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(seconds).toNanos();
        while (true) {
            try {
                if (c.holds()) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
            } catch (java.io.IOException e) {
                // not answering yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
