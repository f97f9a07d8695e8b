package org.mtlssuite.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.mtlssuite.devsupport.Suite;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One suite per test JVM, started through the same launcher as {@code ./suite up}: PostgreSQL, the
 * dev PKI, the three services as processes from their built jars, demo clients. Free ports.
 */
final class E2eSuite {

    static final ObjectMapper JSON = new ObjectMapper();
    private static Suite suite;

    private E2eSuite() {
    }

    static synchronized Suite get() throws Exception {
        if (suite == null) {
            Path root = Path.of("..").toAbsolutePath().normalize();
            Path state = root.resolve("e2e-tests/target/suite");
            deleteRecursively(state);
            // Deliberate failures from one address are the point of these tests: no failed-authentication limit here.
            Map<String, String> noFailureLimit = Map.of("suite.client-auth.failure-limit.per-client", "0",
                    "suite.client-auth.failure-limit.per-peer", "0");
            Map<String, String> introspection = new java.util.HashMap<>(noFailureLimit);
            introspection.put("introspection.clock-skew-seconds", "0");
            // KeyRotationE2ETest watches a revoked signing key being refused within this refresh interval.
            introspection.put("suite.signing-keys.refresh-interval", "PT2S");
            Suite.Options options = Suite.Options.ephemeral(root, state).withServiceProperties(
                    Map.of("introspection-service", introspection, "authz-service", noFailureLimit));
            suite = Suite.start(options, System.out);
            Suite started = suite;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-suite-stop"));
        }
        return suite;
    }

    static String adminToken() throws Exception {
        return Files.readString(get().adminTokenFile()).trim();
    }

    static String authzUrl() throws Exception {
        return get().manifest().authzUrl();
    }

    static String mtlsUrl() throws Exception {
        return get().manifest().authzMtlsUrl();
    }

    static String introspectionUrl() throws Exception {
        return get().manifest().introspectionUrl();
    }

    static String resourceUrl() throws Exception {
        return get().manifest().resourceUrl();
    }

    /** A form POST presenting {@code fixture}'s certificate (none when null), optionally with Basic credentials. */
    static HttpResponse<String> postForm(String fixture, String url, Map<String, String> form, String basicUser,
            String basicSecret) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicUser != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basicUser + ":" + basicSecret).getBytes(StandardCharsets.UTF_8)));
        }
        return client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String fixture, String url, Map<String, String> form) throws Exception {
        return postForm(fixture, url, form, null, null);
    }

    static HttpClient client(String fixture) throws Exception {
        return get().httpClient(fixture);
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) throws IOException {
        return JSON.readValue(r.body(), Map.class);
    }

    /** A client_credentials token for a demo client. */
    static String token(String clientId, String fixture) throws Exception {
        HttpResponse<String> r = postForm(fixture, mtlsUrl() + "/token",
                form("grant_type", "client_credentials", "client_id", clientId));
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.statusCode() + " " + r.body());
        }
        return (String) json(r).get("access_token");
    }

    static HttpResponse<String> admin(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(authzUrl() + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return client(null).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path dir) throws IOException {
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
