package org.mtlssuite.binding;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.io.IOException;

/**
 * Calls the introspection service over mTLS with the resource server's own client certificate.
 * Active answers are cached only when a TTL is configured: in a Caffeine cache bounded in size
 * (Caffeine's frequency-aware eviction) and in age (the TTL, and never past the token's {@code exp}).
 * Tokens are cached under their SHA-256, never in clear.
 */
public final class IntrospectionClient {

    /** The introspection call itself failed (network, status): not the same as an inactive token. */
    public static final class IntrospectionUnavailableException extends Exception {
        public IntrospectionUnavailableException(String message) {
            super(message);
        }
    }

    /** An active answer and when it stops being served from the cache. */
    private record Cached(Map<String, Object> answer, Instant until) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String clientId;
    private final HttpClient http;
    private final Optional<Duration> cacheTtl;
    private final Cache<String, Cached> cache;

    public IntrospectionClient(URI url, String clientId, SSLContext tls, Optional<Duration> cacheTtl) {
        this(url, clientId, tls, cacheTtl, 10_000);
    }

    /** @param cacheMaxEntries most answers cached at once (with a TTL; 0 turns the cache off) */
    public IntrospectionClient(URI url, String clientId, SSLContext tls, Optional<Duration> cacheTtl, int cacheMaxEntries) {
        this.url = url;
        this.clientId = clientId;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.cacheTtl = cacheTtl.filter(ttl -> !ttl.isNegative() && !ttl.isZero());
        this.cache = this.cacheTtl.isPresent() && cacheMaxEntries > 0
                ? Caffeine.newBuilder().maximumSize(cacheMaxEntries)
                        // Each entry lives until its own until (the TTL, capped at the token's exp), also when replaced.
                        .expireAfter(Expiry.writing((String key, Cached value) -> {
                            Duration left = Duration.between(Instant.now(), value.until());
                            return left.isNegative() ? Duration.ZERO : left;
                        }))
                        .build()
                : null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> introspect(String token) throws IntrospectionUnavailableException {
        String key = cache != null ? hash(token) : null;
        if (key != null) {
            Cached c = cache.getIfPresent(key);
            if (c != null && c.until().isAfter(Instant.now())) {
                return c.answer();
            }
        }
        String body = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        Map<String, Object> answer;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IntrospectionUnavailableException("introspection answered HTTP " + r.statusCode());
            }
            answer = JSON.readValue(r.body(), Map.class);
        } catch (IntrospectionUnavailableException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntrospectionUnavailableException("the introspection call was interrupted");
        } catch (HttpTimeoutException e) {
            throw new IntrospectionUnavailableException("the introspection call timed out");
        } catch (JsonProcessingException e) {
            throw new IntrospectionUnavailableException("the introspection answer is not JSON");
        } catch (IOException e) {
            throw new IntrospectionUnavailableException("the introspection service could not be reached (connection or TLS failure)");
        }
        if (key != null && Boolean.TRUE.equals(answer.get("active")) && answer.get("exp") instanceof Number exp) {
            Instant until = Instant.now().plus(cacheTtl.get());
            Instant expiry = Instant.ofEpochSecond(exp.longValue());
            cache.put(key, new Cached(answer, until.isBefore(expiry) ? until : expiry));
        }
        return answer;
    }

    /** Answers held now (after pending evictions), for tests and diagnostics. */
    long cachedAnswers() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
