package org.mtlssuite.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The RS's introspection cache against a local introspection endpoint (port 0): bounded in size
 * and in age (the TTL, never past the token's exp); inactive answers are never cached.
 */
class IntrospectionClientTest {

    static HttpServer server;
    static final AtomicInteger calls = new AtomicInteger();
    /** token -> seconds until its exp (absent: inactive) */
    static final Map<String, Long> active = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/introspect", exchange -> {
            calls.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = form.replaceAll(".*token=([^&]*).*", "$1");
            Long ttl = active.get(token);
            String body = ttl == null ? "{\"active\":false}"
                    : "{\"active\":true,\"token_type\":\"Bearer\",\"exp\":" + (System.currentTimeMillis() / 1000 + ttl) + "}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        calls.set(0);
        active.clear();
    }

    static IntrospectionClient client(Optional<Duration> ttl, int maxEntries) throws Exception {
        return new IntrospectionClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/introspect"), "rs",
                SSLContext.getDefault(), ttl, maxEntries);
    }

    static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void theCacheHoldsAtMostTheConfiguredNumberOfAnswers() throws Exception {
        IntrospectionClient c = client(Optional.of(Duration.ofMinutes(5)), 10);
        for (int i = 0; i < 200; i++) {
            active.put("t" + i, 300L);
            c.introspect("t" + i);
        }
        assertEquals(200, calls.get());
        assertTrue(c.cachedAnswers() <= 10, "at most 10 answers held, found " + c.cachedAnswers());
        for (int i = 0; i < 200; i++) {
            c.introspect("t" + i);
        }
        assertTrue(calls.get() >= 390, "evicted answers are asked again: " + (calls.get() - 200) + " of 200");
        int before = calls.get();
        active.put("hot", 300L);
        c.introspect("hot");
        c.introspect("hot");
        assertEquals(before + 1, calls.get(), "a held answer is served from the cache");
    }

    @Test
    void anAnswerIsHeldForTheTtlButNeverPastTheTokensExp() throws Exception {
        IntrospectionClient c = client(Optional.of(Duration.ofSeconds(1)), 100);
        active.put("short-ttl", 300L);
        c.introspect("short-ttl");
        c.introspect("short-ttl");
        assertEquals(1, calls.get());
        eventually(() -> {
            try {
                c.introspect("short-ttl");
            } catch (IntrospectionClient.IntrospectionUnavailableException e) {
                throw new IllegalStateException(e);
            }
            return calls.get() > 1;
        });
        assertEquals(2, calls.get(), "asked again once the TTL passed");

        IntrospectionClient longTtl = client(Optional.of(Duration.ofHours(1)), 100);
        active.put("expiring", 1L);
        longTtl.introspect("expiring");
        int before = calls.get();
        eventually(() -> {
            try {
                longTtl.introspect("expiring");
            } catch (IntrospectionClient.IntrospectionUnavailableException e) {
                throw new IllegalStateException(e);
            }
            return calls.get() > before;
        });
        assertTrue(calls.get() > before, "the token's exp (1 s) ends the cached answer long before the 1 h TTL");
    }

    @Test
    void inactiveAnswersAndAbsentTtlAreNeverCached() throws Exception {
        IntrospectionClient c = client(Optional.of(Duration.ofMinutes(5)), 100);
        c.introspect("inactive");
        c.introspect("inactive");
        assertEquals(2, calls.get());
        IntrospectionClient uncached = client(Optional.empty(), 100);
        active.put("a", 300L);
        uncached.introspect("a");
        uncached.introspect("a");
        assertEquals(4, calls.get());
        assertEquals(0, uncached.cachedAnswers());
    }

    @Test
    void anUnreachableServiceIsDescribedInPlainWords() throws Exception {
        IntrospectionClient c = new IntrospectionClient(URI.create("http://127.0.0.1:1/introspect"), "rs", SSLContext.getDefault(),
                Optional.empty(), 10);
        assertEquals("the introspection service could not be reached (connection or TLS failure)",
                assertThrows(IntrospectionClient.IntrospectionUnavailableException.class, () -> c.introspect("x")).getMessage());
    }
}
