package org.mtlssuite.devsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.pki.DevPkiFiles;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP side of {@code ./suite dev} and of the dev-mode regression check, with the JDK's HTTP client
 * only (the CI machine has Java and Maven, maybe no curl):
 * <ul>
 * <li>{@code ready <url> <seconds> [<pid>]}: waits until {@code url} answers 200 over TLS (trusting the
 * dev CA), at most {@code seconds}; gives up early when process {@code pid} has ended. Exit status 0
 * when ready, 1 otherwise.</li>
 * <li>{@code launched <pid> <seconds>}: waits until Maven process {@code pid} has started its dev-mode
 * JVM (a descendant running {@code -jar <module>-dev.jar}), so that the next {@code -am} build no
 * longer competes for the shared modules' {@code target} folders. Exit status 0 once launched, 1 when
 * the process ended or time ran out.</li>
 * <li>{@code check}: against the services in dev mode on the standard ports, registers a
 * {@code tls_client_auth} client through the admin API (with the admin token of {@code .suite}), gets
 * a client_credentials token over mTLS with its dev certificate, checks the token's {@code cnf}
 * binding, introspects it, calls the resource server with it (with the right certificate, then with
 * another), and checks that a token request without a certificate is refused. Exit status 0 when
 * everything holds, 1 with the failed step otherwise.</li>
 * </ul>
 * The root of the checkout is the system property {@code suite.root}.
 */
public final class DevModeProbe {

    /** The client this check registers (and re-registers on each run). */
    static final String CLIENT_ID = "dev-mode-check";
    static final String CLIENT_CERT = Clients.SUBJECT_DN;
    static final String OTHER_CERT = Clients.SAN_DNS;

    private final Path root;
    private final DevPkiFiles pki;
    private final ObjectMapper json = new ObjectMapper();

    DevModeProbe(Path root) {
        this.root = root;
        this.pki = new DevPkiFiles(root.resolve(".suite").resolve("pki"));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
        DevModeProbe probe = new DevModeProbe(root);
        if (args.length >= 2 && "ready".equals(args[0])) {
            long pid = args.length > 3 ? Long.parseLong(args[3]) : -1;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
            System.exit(probe.awaitReady(URI.create(args[1]), Duration.ofSeconds(seconds), pid) ? 0 : 1);
        }
        if (args.length == 3 && "launched".equals(args[0])) {
            System.exit(awaitDevModeJvm(Long.parseLong(args[1]), Duration.ofSeconds(Integer.parseInt(args[2]))) ? 0 : 1);
        }
        if (args.length == 1 && "check".equals(args[0])) {
            try {
                probe.check();
                System.exit(0);
            } catch (CheckFailed e) {
                System.out.println("dev-mode check FAILED: " + e.getMessage());
                System.exit(1);
            }
        }
        System.err.println("usage: DevModeProbe ready <url> <seconds> [<pid>] | launched <pid> <seconds> | check");
        System.exit(2);
    }

    static boolean awaitDevModeJvm(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (p.isEmpty()) {
                return false;
            }
            // Not just any child: ./mvnw itself runs `mvn -v` first.
            if (p.get().descendants().anyMatch(DevModeProbe::isDevModeJvm)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static boolean isDevModeJvm(ProcessHandle process) {
        List<String> args = List.of(process.info().arguments().orElse(new String[0]));
        int jar = args.indexOf("-jar");
        return jar >= 0 && jar + 1 < args.size() && args.get(jar + 1).endsWith("-dev.jar");
    }

    boolean awaitReady(URI url, Duration timeout, long pid) throws InterruptedException {
        HttpClient http = client(null);
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (pid > 0 && process.map(p -> !p.isAlive()).orElse(true)) {
                System.out.println(url + ": the process (pid " + pid + ") ended before it was ready");
                return false;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException notYet) {
                last = String.valueOf(notYet.getMessage());
            }
            Thread.sleep(500);
        }
        System.out.println(url + ": not ready after " + timeout.toSeconds() + " s (last: " + last + ")");
        return false;
    }

    @SuppressWarnings("unchecked")
    void check() throws Exception {
        String adminToken = Files.readString(root.resolve(".suite").resolve(SuiteState.ADMIN_TOKEN)).trim();
        HttpClient plain = client(null);
        String as = "https://localhost:8443";
        String asMtls = "https://localhost:8444";

        // 1. Register the check's client through the admin API (the admin token of .suite reaches dev mode).
        send(plain, HttpRequest.newBuilder(URI.create(as + "/admin/clients/" + CLIENT_ID)).DELETE()
                .header("Authorization", "Bearer " + adminToken).build());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("client_id", CLIENT_ID);
        metadata.put("client_name", "dev-mode regression check");
        metadata.put("token_endpoint_auth_method", "tls_client_auth");
        metadata.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        metadata.put("tls_client_certificate_bound_access_tokens", true);
        metadata.put("scope", DemoClients.SCOPE);
        metadata.put("audience", List.of(DemoClients.AUDIENCE));
        metadata.put("introspection_allowed", true);
        HttpResponse<String> registered = send(plain, HttpRequest.newBuilder(URI.create(as + "/admin/clients"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(metadata))).build());
        expect("registering " + CLIENT_ID + " through the admin API", registered, 201);
        System.out.println("ok: registered " + CLIENT_ID + " (tls_client_auth, subject DN) through the admin API");

        // 2. client_credentials over mTLS with the client's dev certificate. Dev mode checks for changed
        // files on the first request after 2 s of quiet; this request is made to be that one, because the
        // mTLS listener once lost request bodies during that check.
        Thread.sleep(2_500);
        HttpClient withCert = client(CLIENT_CERT);
        HttpResponse<String> tokenResponse = send(withCert, form(asMtls + "/token",
                Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID)));
        expect("token request over mTLS", tokenResponse, 200);
        Map<String, Object> token = parse(tokenResponse);
        String accessToken = String.valueOf(token.get("access_token"));
        if (!"Bearer".equals(token.get("token_type")) || accessToken.split("\\.").length != 3) {
            throw new CheckFailed("token response is not a Bearer JWT: " + tokenResponse.body());
        }
        Map<String, Object> claims = json.readValue(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), Map.class);
        String thumbprint = thumbprint(pki.clientCert(CLIENT_CERT));
        if (!Map.of("x5t#S256", thumbprint).equals(claims.get("cnf"))) {
            throw new CheckFailed("token cnf " + claims.get("cnf") + " is not the client certificate's x5t#S256 " + thumbprint);
        }
        System.out.println("ok: token over mTLS, bound to the client certificate (cnf.x5t#S256)");

        // 3. No certificate: no client authentication, no token.
        HttpResponse<String> noCert = send(plain, form(asMtls + "/token",
                Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID)));
        expect("token request without a client certificate", noCert, 401);
        if (!"invalid_client".equals(parse(noCert).get("error")) || noCert.body().contains("access_token")) {
            throw new CheckFailed("token request without a certificate: expected invalid_client, got " + noCert.body());
        }
        System.out.println("ok: without a certificate the token endpoint answers 401 invalid_client");

        // 4. Introspection (the check's client may introspect; it authenticates with the same certificate).
        HttpResponse<String> introspection = send(withCert, form("https://localhost:8543/introspect",
                Map.of("token", accessToken, "client_id", CLIENT_ID)));
        expect("introspection", introspection, 200);
        Map<String, Object> active = parse(introspection);
        if (!Boolean.TRUE.equals(active.get("active")) || !Map.of("x5t#S256", thumbprint).equals(active.get("cnf"))) {
            throw new CheckFailed("introspection did not answer active with the cnf: " + introspection.body());
        }
        System.out.println("ok: introspection answers active with the same cnf");

        // 5. The resource server: the bound token works with its certificate only.
        HttpResponse<String> accounts = send(withCert, HttpRequest.newBuilder(URI.create("https://localhost:8643/accounts"))
                .header("Authorization", "Bearer " + accessToken).build());
        expect("GET /accounts on the resource server with the bound certificate", accounts, 200);
        HttpResponse<String> stolen = send(client(OTHER_CERT), HttpRequest.newBuilder(URI.create("https://localhost:8643/accounts"))
                .header("Authorization", "Bearer " + accessToken).build());
        expect("GET /accounts with another client's certificate", stolen, 401);
        if (!"invalid_token".equals(parse(stolen).get("error"))) {
            throw new CheckFailed("another certificate: expected invalid_token, got " + stolen.body());
        }
        System.out.println("ok: the resource server accepts the token with its certificate, 401 invalid_token with another");
        System.out.println("dev-mode check passed");
    }

    private HttpClient client(String fixture) {
        return HttpClient.newBuilder().sslContext(TestTls.context(pki, fixture)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CheckFailed(request.method() + " " + request.uri() + ": " + e);
        }
    }

    private static void expect(String step, HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new CheckFailed(step + ": expected HTTP " + status + ", got " + r.statusCode() + " " + r.body());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(HttpResponse<String> r) {
        try {
            return json.readValue(r.body(), Map.class);
        } catch (IOException e) {
            throw new CheckFailed(r.request().uri() + " did not answer JSON: " + r.body());
        }
    }

    /** RFC 8705 3.1, computed here with the JDK only. */
    private static String thumbprint(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        }
    }

    /** One step of the check did not hold. */
    static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }
}
