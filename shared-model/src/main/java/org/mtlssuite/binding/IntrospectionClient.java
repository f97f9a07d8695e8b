package org.mtlssuite.binding;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls the introspection service over mTLS with the resource server's own client certificate.
 * Active answers are cached only when a TTL is configured, and never past the token's {@code exp}.
 */
public final class IntrospectionClient {

    /** The introspection call itself failed (network, status): not the same as an inactive token. */
    public static final class IntrospectionUnavailableException extends Exception {
        public IntrospectionUnavailableException(String message) {
            super(message);
        }
    }

    private record Cached(Map<String, Object> answer, Instant until) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String clientId;
    private final HttpClient http;
    private final Optional<Duration> cacheTtl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public IntrospectionClient(URI url, String clientId, SSLContext tls, Optional<Duration> cacheTtl) {
        this.url = url;
        this.clientId = clientId;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.cacheTtl = cacheTtl;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> introspect(String token) throws IntrospectionUnavailableException {
        String key = cacheTtl.isPresent() ? hash(token) : null;
        if (key != null) {
            Cached c = cache.get(key);
            if (c != null && c.until().isAfter(Instant.now())) {
                return c.answer();
            }
            cache.remove(key);
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
            throw new IntrospectionUnavailableException("interrupted");
        } catch (Exception e) {
            throw new IntrospectionUnavailableException("introspection call failed: " + e.getClass().getSimpleName());
        }
        if (key != null && Boolean.TRUE.equals(answer.get("active")) && answer.get("exp") instanceof Number exp) {
            Instant until = Instant.now().plus(cacheTtl.get());
            Instant expiry = Instant.ofEpochSecond(exp.longValue());
            cache.put(key, new Cached(answer, until.isBefore(expiry) ? until : expiry));
        }
        return answer;
    }

    private static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
