package org.mtlssuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.binding.PemTls;
import org.mtlssuite.devsupport.SuiteDatabase;
import org.mtlssuite.pki.DevPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Deployability: the three built services started as processes with exactly the environment the
 * dev overlay's Deployments declare, a PKI issued to match its Certificate specs, and the demo
 * clients registered as its Job does; they must become ready, and a token from the AS must be
 * accepted by the RS. What differs from a cluster, and only that: Service host names become
 * localhost, container ports become free local ports, mounted volumes become local folders, and
 * server certificates also name localhost.
 */
class DevOverlaySmokeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path WORK = Manifests.K8S.resolve("target/smoke");
    static final List<Process> PROCESSES = new ArrayList<>();
    static SuiteDatabase database;

    @AfterAll
    static void stop() throws Exception {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    /** A started service: its local port for each container port name. */
    record Started(String name, Map<String, Integer> ports, Path log) {
        int port(String name) {
            return ports.get(name);
        }
    }

    @Test
    void servicesStartFromTheDevOverlayEnvironmentAndTheirTokensWork() throws Exception {
        List<HasMetadata> objects = Manifests.overlay("dev");
        ManifestChecks manifests = new ManifestChecks(objects, Set.of());
        deleteRecursively(WORK);
        Files.createDirectories(WORK);

        database = SuiteDatabase.startEmbedded(0, null);
        initializeLikeThePostgresImage(manifests);
        Map<String, Map<String, Integer>> localPorts = new LinkedHashMap<>();
        for (String service : ManifestChecks.SERVICES) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (ContainerPort p : container(manifests, service).getPorts()) {
                ports.put(p.getName(), freePort());
            }
            localPorts.put(service, ports);
        }
        Map<String, String> hostRewrites = hostRewrites(manifests, localPorts);

        DevPki.SecretIssuer ca = new DevPki.SecretIssuer("CN=mTLS Suite Smoke Test CA,O=mTLS Suite Dev");
        for (Certificate c : manifests.all(Certificate.class)) {
            if (Boolean.TRUE.equals(c.getSpec().getIsCA())) {
                continue;
            }
            List<String> usages = c.getSpec().getUsages();
            List<String> dns = new ArrayList<>(c.getSpec().getDnsNames() == null ? List.of() : c.getSpec().getDnsNames());
            if (usages.contains("server auth") && !dns.contains("localhost")) {
                dns.add("localhost");
            }
            ca.writeSecret(secretDir(c.getSpec().getSecretName()), subjectDn(c), dns, usages);
        }

        Started as = start(manifests, "authz-service", localPorts, hostRewrites);
        awaitReady(as);
        Started is = start(manifests, "introspection-service", localPorts, hostRewrites);
        Started rs = start(manifests, "sample-resource", localPorts, hostRewrites);
        awaitReady(is);
        awaitReady(rs);

        // The public listener does not serve the admin API, health or metrics: they have their own ports.
        HttpClient anyone = client(secretDir("authz-service-tls").resolve("ca.crt"), null);
        for (String path : List.of("/admin/clients", "/q/health/ready", "/q/metrics")) {
            assertEquals(404, anyone.send(HttpRequest.newBuilder(URI.create("https://localhost:" + as.port("https") + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), path);
        }

        // What the register-demo-clients Job does, with its own payloads and the overlay's admin token, on the admin port.
        ConfigMap registrations = manifests.find(ConfigMap.class, "demo-client-registrations");
        String adminToken = ManifestChecks.secretValues(manifests.find(io.fabric8.kubernetes.api.model.Secret.class,
                "authz-service-secrets")).get("AUTHZ_ADMIN_TOKEN");
        HttpClient admin = client(secretDir("authz-service-tls").resolve("ca.crt"), null);
        for (Map.Entry<String, String> e : registrations.getData().entrySet()) {
            if (!e.getKey().endsWith(".json")) {
                continue;
            }
            HttpResponse<String> r = admin.send(HttpRequest.newBuilder(URI.create("https://localhost:" + as.port("https-admin")
                    + "/admin/clients")).header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(e.getValue())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), e.getKey() + ": " + r.body());
        }

        Path demo = secretDir("demo-client-tls");
        HttpClient demoClient = client(demo.resolve("ca.crt"), demo);
        HttpResponse<String> token = demoClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + as.port("https-mtls")
                + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials", "client_id", "demo-client"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body() + "\n" + tail(as.log()));
        JsonNode t = JSON.readTree(token.body());
        String accessToken = t.get("access_token").asText();

        HttpResponse<String> accounts = demoClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + rs.port("https")
                + "/accounts")).header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accounts.statusCode(), accounts.body() + "\n" + tail(rs.log()));
        HttpResponse<String> withoutCertificate = client(demo.resolve("ca.crt"), null).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + rs.port("https") + "/accounts")).header("Authorization", "Bearer " + accessToken)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, withoutCertificate.statusCode(), "the token is bound to demo-client's certificate");

        // The RS's own client certificate (cert-manager Certificate sample-resource-client) at the introspection service.
        Path rsClient = secretDir("sample-resource-client-tls");
        HttpResponse<String> introspection = client(rsClient.resolve("ca.crt"), rsClient).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + is.port("https") + "/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("client_id", "sample-resource", "token", accessToken))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, introspection.statusCode(), introspection.body() + "\n" + tail(is.log()));
        JsonNode active = JSON.readTree(introspection.body());
        assertTrue(active.get("active").asBoolean(), introspection.body());
        assertEquals(t.has("access_token") ? JSON.readTree(decodePayload(accessToken)).get("cnf") : null, active.get("cnf"));
    }

    // --- the overlay's environment, mapped onto this machine ------------------------------------------

    static Container container(ManifestChecks manifests, String deployment) {
        return manifests.find(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** "service[.mtls-suite[.svc[.cluster.local]]]:port" of every Service, to "localhost:local port". */
    static Map<String, String> hostRewrites(ManifestChecks manifests, Map<String, Map<String, Integer>> localPorts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Service s : manifests.all(Service.class)) {
            String name = s.getMetadata().getName();
            String app = ManifestChecks.selectedApp(s);
            for (ServicePort p : s.getSpec().getPorts()) {
                Integer local;
                if ("postgres".equals(app)) {
                    local = database.port();
                } else {
                    String target = p.getTargetPort().getStrVal() != null ? p.getTargetPort().getStrVal() : p.getName();
                    local = localPorts.get(app).get(target);
                }
                out.put("\\b" + Pattern.quote(name) + "(\\." + Manifests.NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?)?:"
                        + p.getPort() + "\\b", "localhost:" + local);
            }
        }
        return out;
    }

    Started start(ManifestChecks manifests, String service, Map<String, Map<String, Integer>> localPorts,
            Map<String, String> hostRewrites) throws IOException {
        Deployment d = manifests.find(Deployment.class, service);
        PodTemplateSpec pod = d.getSpec().getTemplate();
        Container c = pod.getSpec().getContainers().get(0);
        Path home = WORK.resolve(service);
        Files.createDirectories(home);

        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = ManifestChecks.volume(pod, m.getName()).orElseThrow();
            Path local;
            if (v.getSecret() != null) {
                local = secretDir(v.getSecret().getSecretName());
            } else if (v.getConfigMap() != null) {
                local = home.resolve("configmap-" + v.getConfigMap().getName());
                Files.createDirectories(local);
                for (Map.Entry<String, String> e : manifests.find(ConfigMap.class, v.getConfigMap().getName()).getData().entrySet()) {
                    Files.writeString(local.resolve(e.getKey()), e.getValue());
                }
            } else {
                local = home.resolve("volume-" + v.getName());
                Files.createDirectories(local);
            }
            mounts.put(m.getMountPath(), local);
        }

        Map<String, Integer> ports = localPorts.get(service);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : manifests.environment(c).entrySet()) {
            String value = e.getValue();
            for (Map.Entry<String, String> r : hostRewrites.entrySet()) {
                value = value.replaceAll(r.getKey(), Matcher.quoteReplacement(r.getValue()));
            }
            for (ContainerPort p : c.getPorts()) {
                if (e.getKey().endsWith("_PORT") && value.equals(String.valueOf(p.getContainerPort()))) {
                    value = String.valueOf(ports.get(p.getName()));
                }
            }
            for (Map.Entry<String, Path> m : mounts.entrySet()) {
                if (value.startsWith(m.getKey() + "/")) {
                    value = m.getValue() + value.substring(m.getKey().length());
                }
            }
            env.put(e.getKey(), value);
        }

        Path jar = Manifests.K8S.getParent().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()).directory(home.toFile());
        Map<String, String> processEnv = pb.environment();
        processEnv.keySet().removeIf(k -> !Set.of("PATH", "HOME", "LANG", "TMPDIR").contains(k));
        processEnv.putAll(env);
        Path log = WORK.resolve(service + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        PROCESSES.add(pb.start());
        return new Started(service, ports, log);
    }

    static void awaitReady(Started s) throws Exception {
        HttpClient http = client(secretDir(s.name() + "-tls").resolve("ca.crt"), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        URI ready = URI.create("https://localhost:" + s.port("management") + "/q/health/ready");
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || PROCESSES.stream().anyMatch(p -> !p.isAlive())) {
                throw new AssertionError(s.name() + " did not become ready with the dev overlay's environment:\n" + tail(s.log()));
            }
            Thread.sleep(250);
        }
    }

    /**
     * What the postgres image does on its first start: creates POSTGRES_DB, then runs the postgres-init
     * scripts (*.sql, with psql) as the superuser. Here over JDBC, with psql's {@code \getenv name VAR}
     * and {@code :'name'} taken from the postgres container's environment: the same roles, databases
     * and ownership as in the cluster, so the services run with their own roles' privileges.
     */
    static void initializeLikeThePostgresImage(ManifestChecks manifests) throws Exception {
        var postgres = manifests.find(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "postgres");
        Container c = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = manifests.environment(c);
        String db = env.get("POSTGRES_DB");
        try (java.sql.Connection conn = java.sql.DriverManager.getConnection(database.jdbcUrl("postgres"), database.user(),
                database.password()); java.sql.Statement st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        ConfigMap init = manifests.find(ConfigMap.class, "postgres-init");
        Map<String, String> variables = new LinkedHashMap<>();
        try (java.sql.Connection conn = java.sql.DriverManager.getConnection(database.jdbcUrl(db), database.user(),
                database.password()); java.sql.Statement st = conn.createStatement()) {
            for (String script : new java.util.TreeSet<>(init.getData().keySet())) {
                StringBuilder sql = new StringBuilder();
                for (String line : init.getData().get(script).split("\n")) {
                    Matcher getenv = Pattern.compile("^\\\\getenv (\\w+) (\\w+)$").matcher(line.trim());
                    if (getenv.matches()) {
                        variables.put(getenv.group(1), java.util.Objects.requireNonNull(env.get(getenv.group(2)),
                                "the postgres container has no " + getenv.group(2)));
                        continue;
                    }
                    sql.append(line).append('\n');
                }
                String text = sql.toString();
                for (Map.Entry<String, String> v : variables.entrySet()) {
                    text = text.replace(":'" + v.getKey() + "'", "'" + v.getValue().replace("'", "''") + "'");
                }
                for (String statement : text.split(";")) {
                    if (!statement.isBlank()) {
                        st.execute(statement);
                    }
                }
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static Path secretDir(String secretName) {
        return WORK.resolve("secrets").resolve(secretName);
    }

    /** cert-manager's subject: CN from commonName, O from subject.organizations (RFC 4514 order, most specific first). */
    static String subjectDn(Certificate c) {
        StringBuilder dn = new StringBuilder("CN=" + c.getSpec().getCommonName());
        if (c.getSpec().getSubject() != null && c.getSpec().getSubject().getOrganizations() != null) {
            for (String o : c.getSpec().getSubject().getOrganizations()) {
                dn.append(",O=").append(o);
            }
        }
        return dn.toString();
    }

    static HttpClient client(Path trust, Path clientSecret) {
        SSLContext ctx = PemTls.context(trust, clientSecret == null ? null : clientSecret.resolve("tls.crt"),
                clientSecret == null ? null : clientSecret.resolve("tls.key"));
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String decodePayload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
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
