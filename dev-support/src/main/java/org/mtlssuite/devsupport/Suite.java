package org.mtlssuite.devsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.mtlssuite.pki.DevPkiFiles;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one launcher of the suite: PostgreSQL, the dev PKI, the three services as processes from their
 * built jars, readiness, demo clients and {@code suite.json}. {@code ./suite}, the end-to-end tests and
 * the benchmarks all start the suite through this class.
 */
public final class Suite implements AutoCloseable {

    /**
     * Where and how to start. Port 0 picks a free port. {@code serviceProperties} adds system
     * properties per service name (for instance a short token lifetime in a test).
     */
    public record Options(Path root, Path stateDir, int dbPort, boolean keepData, int authzPort, int authzMtlsPort,
            int introspectionPort, int resourcePort, boolean databaseOnly, Path manifestFile,
            Map<String, Map<String, String>> serviceProperties) {

        /** The ports of the architecture table, state under {@code <root>/.suite}, data kept, {@code suite.json} at the root. */
        public static Options standard(Path root) {
            return new Options(root, root.resolve(".suite"), 5433, true, 8443, 8444, 8543, 8643, false,
                    root.resolve("suite.json"), Map.of());
        }

        /** Free ports, a fresh temporary database, state and manifest in {@code stateDir}: for tests. */
        public static Options ephemeral(Path root, Path stateDir) {
            return new Options(root, stateDir, 0, false, 0, 0, 0, 0, false, stateDir.resolve("suite.json"), Map.of());
        }

        /** The same, with the database's data kept in {@code stateDir/pgdata} (so it can be stopped and started again). */
        public Options withKeptData() {
            return new Options(root, stateDir, dbPort, true, authzPort, authzMtlsPort, introspectionPort, resourcePort,
                    databaseOnly, manifestFile, serviceProperties);
        }

        public Options onlyDatabase() {
            return new Options(root, stateDir, dbPort, keepData, authzPort, authzMtlsPort, introspectionPort,
                    resourcePort, true, manifestFile, serviceProperties);
        }

        public Options withServiceProperties(Map<String, Map<String, String>> props) {
            return new Options(root, stateDir, dbPort, keepData, authzPort, authzMtlsPort, introspectionPort,
                    resourcePort, databaseOnly, manifestFile, props);
        }

        Map<String, String> propertiesOf(String service) {
            return serviceProperties.getOrDefault(service, Map.of());
        }
    }

    /**
     * Management ports (health, metrics, OpenAPI) of the fixed-port layout ({@link Options#standard}); with
     * free ports ({@link Options#ephemeral}) each service gets a free one too.
     */
    static final Map<String, Integer> STANDARD_MANAGEMENT_PORTS = Map.of("authz-service", 9000, "introspection-service", 9001,
            "sample-resource", 9002);
    /** The AS admin listener of the fixed-port layout. */
    static final int STANDARD_ADMIN_PORT = 8445;

    /** A started service process: its API port, its management port and (the AS only, else 0) its admin port. */
    public record Service(String name, int port, int managementPort, int adminPort, Process process, Path log) {
        public String url() {
            return "https://localhost:" + port;
        }

        /** Health ({@code /q/health/*}), metrics and OpenAPI: the management interface. */
        public String managementUrl() {
            return "https://localhost:" + managementPort;
        }

        /** The admin API of an authorization server (its own listener); null for other services. */
        public String adminUrl() {
            return adminPort > 0 ? "https://localhost:" + adminPort : null;
        }
    }

    private final Options options;
    private final ServiceJvm jvm;
    private final PrintStream out;
    private final DevPkiFiles pki;
    private SuiteDatabase database;
    private final List<Service> services = new ArrayList<>();
    private String issuer;
    private String introspectionUrl;
    private final Map<String, Long> launchedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> startupMillis = new ConcurrentHashMap<>();
    private int authzMtlsPort;
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private int authzAdminPort;
    private Map<String, String> authzEnv = Map.of();
    private Map<String, String> authzCommon = Map.of();
    private SuiteManifest manifest;

    private Suite(Options options, PrintStream out) {
        this.options = options;
        this.jvm = ServiceJvm.select(options.root().resolve(".suite").resolve("aot"));
        this.out = out;
        this.pki = new DevPkiFiles(options.stateDir().resolve("pki"));
    }

    /** Starts everything and returns once each service is ready; closes what it started on failure. */
    public static Suite start(Options options, PrintStream out) throws Exception {
        Suite suite = new Suite(options, out);
        try {
            suite.startAll();
            return suite;
        } catch (Exception | Error e) {
            suite.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.stateDir());
        int dbPort = options.dbPort();
        if (SuiteDatabase.fromEnvironment() == null && dbPort > 0) {
            requireFree(dbPort, "PostgreSQL");
        }
        int authzPort = 0;
        int introspectionPort = 0;
        int resourcePort = 0;
        if (!options.databaseOnly()) {
            authzPort = portFor(options.authzPort(), "authz-service HTTPS");
            authzMtlsPort = portFor(options.authzMtlsPort(), "authz-service mTLS");
            introspectionPort = portFor(options.introspectionPort(), "introspection-service");
            resourcePort = portFor(options.resourcePort(), "sample-resource");
            boolean fixedPorts = options.authzPort() > 0;
            for (String service : List.of("authz-service", "introspection-service", "sample-resource")) {
                managementPorts.put(service, portFor(fixedPorts ? STANDARD_MANAGEMENT_PORTS.get(service) : 0,
                        service + " management"));
            }
            authzAdminPort = portFor(fixedPorts ? STANDARD_ADMIN_PORT : 0, "authz-service admin");
        }

        if (!options.databaseOnly()) {
            out.println("services run on " + jvm.describe());
        }
        long t0 = System.nanoTime();
        SuiteDatabase external = SuiteDatabase.fromEnvironment();
        database = (external != null ? external
                : SuiteDatabase.startEmbedded(dbPort, options.keepData() ? options.stateDir().resolve("pgdata") : null))
                .createDatabases();
        out.printf("PostgreSQL ready on port %d (%s)%n", database.port(),
                database.isEmbedded() ? "embedded, data in " + (options.keepData() ? options.stateDir().resolve("pgdata") : "a temporary folder") : "external");
        // Dev mode (after ./suite db) and ./suite up share the PKI and the secrets of the state folder.
        SuiteState.prepareForDevMode(options.stateDir());
        out.println("dev PKI in " + options.root().relativize(pki.dir().toAbsolutePath()));
        if (options.databaseOnly()) {
            return;
        }

        String issuer = "https://localhost:" + authzPort;
        String introspectionUrl = "https://localhost:" + introspectionPort;
        this.issuer = issuer;
        this.introspectionUrl = introspectionUrl;
        Map<String, String> common = new LinkedHashMap<>();
        common.put("suite.pki.dir", pki.dir().toAbsolutePath().toString());
        common.put("quarkus.datasource.username", database.user());
        common.put("quarkus.datasource.password", database.password());

        String adminToken = persistentSecret("admin-token");
        authzEnv = Map.of("AUTHZ_ADMIN_TOKEN", adminToken, "AUTHZ_KEY_PROTECTION_SECRET", persistentSecret("key-protection.secret"));
        authzCommon = common;
        Map<String, String> authz = authorizationServerProperties(authzPort, authzMtlsPort, authzAdminPort,
                options.propertiesOf("authz-service"));
        Service as = launch("authz-service", "authz-service", authzPort, managementPorts.get("authz-service"), authzAdminPort,
                authz, authzEnv);
        awaitReady(as);

        Service is = launch("introspection-service", "introspection-service", introspectionPort,
                managementPorts.get("introspection-service"), 0,
                introspectionProperties(introspectionPort, options.propertiesOf("introspection-service")), Map.of());

        Service rs = launch("sample-resource", "sample-resource", resourcePort, managementPorts.get("sample-resource"), 0,
                resourceServerProperties(resourcePort, options.propertiesOf("sample-resource")), Map.of());
        awaitReady(is);
        awaitReady(rs);
        out.printf("services ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        manifest = new SuiteManifest(issuer, as.url(), "https://localhost:" + authzMtlsPort, as.adminUrl(), as.managementUrl(),
                is.url(), is.managementUrl(), rs.url(), rs.managementUrl(),
                options.root().relativize(pki.caCert().toAbsolutePath()).toString(), new ArrayList<>(), new ArrayList<>());
        DemoClients.seed(this, manifest, adminToken);
        persistentSecret(DemoClients.DEMO_USER + "-password");
        DemoClients.seedUser(this, manifest, adminToken, demoUserPasswordFile());
        manifest.write(options.manifestFile());
    }

    /** A random secret kept in the state folder across runs (the signing keys in the kept database are sealed with one). */
    private String persistentSecret(String name) throws IOException {
        return SuiteState.secret(options.stateDir(), name);
    }

    /** Where the demo end user's password is kept. */
    public Path demoUserPasswordFile() {
        return options.stateDir().resolve(DemoClients.DEMO_USER + "-password");
    }

    /** Where the admin API token of this suite is kept. */
    public Path adminTokenFile() {
        return options.stateDir().resolve("admin-token");
    }

    private Map<String, String> resourceServerProperties(int port, Map<String, String> extra) {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("suite.pki.dir", pki.dir().toAbsolutePath().toString());
        resource.put("quarkus.datasource.username", database.user());
        resource.put("quarkus.datasource.password", database.password());
        resource.put("quarkus.http.ssl-port", String.valueOf(port));
        resource.put("quarkus.datasource.jdbc.url", database.jdbcUrl("resource"));
        resource.put("suite.binding.issuer", issuer);
        resource.put("suite.binding.jwks-uri", issuer + "/jwks");
        resource.put("suite.binding.introspection.url", introspectionUrl + "/introspect");
        resource.putAll(extra);
        return resource;
    }

    private Map<String, String> introspectionProperties(int port, Map<String, String> extra) {
        Map<String, String> introspection = new LinkedHashMap<>(authzCommon);
        introspection.put("quarkus.http.ssl-port", String.valueOf(port));
        introspection.put("quarkus.datasource.jdbc.url", database.jdbcUrl("authz"));
        introspection.put("introspection.issuer", issuer);
        introspection.putAll(extra);
        return introspection;
    }

    private Map<String, String> authorizationServerProperties(int port, int mtlsPort, int adminPort, Map<String, String> extra) {
        Map<String, String> authz = new LinkedHashMap<>(authzCommon);
        authz.put("authz.issuer", issuer);
        authz.put("authz.mtls-base-url", "https://localhost:" + mtlsPort);
        authz.put("authz.introspection-url", introspectionUrl);
        authz.put("quarkus.http.ssl-port", String.valueOf(port));
        authz.put("authz.mtls.port", String.valueOf(mtlsPort));
        authz.put("authz.admin.port", String.valueOf(adminPort));
        authz.put("quarkus.datasource.jdbc.url", database.jdbcUrl("authz"));
        authz.putAll(extra);
        return authz;
    }

    /**
     * Launches one more authorization server (same database, keys and secrets) on free ports with
     * these property overrides, without waiting for it: a second replica, or tests of start-up refusals
     * and shutdown. Its ports are {@code service.port()} (main), {@code mtlsPort}, and free management and admin ports.
     */
    public Service launchAuthorizationServer(String instanceName, int mtlsPort, Map<String, String> overrides) throws Exception {
        int port = portFor(0, instanceName);
        int adminPort = portFor(0, instanceName + " admin");
        return launch("authz-service", instanceName, port, portFor(0, instanceName + " management"), adminPort,
                authorizationServerProperties(port, mtlsPort, adminPort, overrides), authzEnv);
    }

    /**
     * Launches one more introspection service (a second replica over the same database) on free ports
     * with these property overrides added to the suite's own, without waiting for it.
     */
    public Service launchIntrospectionService(String instanceName, Map<String, String> overrides) throws Exception {
        int port = portFor(0, instanceName);
        Map<String, String> props = new LinkedHashMap<>(options.propertiesOf("introspection-service"));
        props.putAll(overrides);
        return launch("introspection-service", instanceName, port, portFor(0, instanceName + " management"), 0,
                introspectionProperties(port, props), Map.of());
    }

    /** Waits until a launched service answers ready (or fails with the end of its log). */
    public void awaitServiceReady(Service service) throws Exception {
        awaitReady(service);
    }

    /** Stops the embedded PostgreSQL (an outage); its data stays when the options keep data. */
    public void stopDatabase() throws IOException {
        database.close();
    }

    /** Starts the embedded PostgreSQL again on the same port over the same data. */
    public void startDatabaseAgain() throws IOException {
        if (!options.keepData()) {
            throw new IllegalStateException("the database can only be restarted when its data is kept (Options.withKeptData)");
        }
        database = SuiteDatabase.startEmbedded(database.port(), options.stateDir().resolve("pgdata"));
    }

    /** A free local port. */
    public int freePort() throws IOException {
        return portFor(0, "a free port");
    }

    /**
     * Starts one more sample resource server on a free port (for instance in introspection mode,
     * {@code suite.binding.validation=introspection}); it is stopped with the suite.
     */
    public Service startResourceServer(String instanceName, Map<String, String> properties) throws Exception {
        int port = portFor(0, instanceName);
        Service s = launch("sample-resource", instanceName, port, portFor(0, instanceName + " management"), 0,
                resourceServerProperties(port, properties), Map.of());
        awaitReady(s);
        return s;
    }

    private Service launch(String module, String name, int port, int managementPort, int adminPort,
            Map<String, String> systemProperties, Map<String, String> env) throws IOException {
        Path jar = options.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built (" + jar + " is missing): run ./mvnw package -DskipTests");
        }
        List<String> command = new ArrayList<>(jvm.command(module, jar));
        command.add("-Dquarkus.management.port=" + managementPort);
        for (Map.Entry<String, String> p : systemProperties.entrySet()) {
            command.add("-D" + p.getKey() + "=" + p.getValue());
        }
        command.add("-jar");
        command.add(jar.toString());
        Path logs = options.stateDir().resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(options.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Secrets travel in the environment, not on the command line where ps shows them.
        pb.environment().putAll(jvm.environment());
        pb.environment().putAll(env);
        launchedAt.put(name, System.nanoTime());
        Process process = pb.start();
        Service service = new Service(name, port, managementPort, adminPort, process, log);
        services.add(service);
        Files.writeString(options.stateDir().resolve(name + ".pid"), Long.toString(process.pid()));
        return service;
    }

    private void awaitReady(Service service) throws Exception {
        HttpClient client = httpClient(null);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        URI ready = URI.create(service.managementUrl() + "/q/health/ready");
        while (true) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited with code " + service.process().exitValue()
                        + " before it was ready; last lines of " + service.log() + ":\n" + tail(service.log(), 25));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    Long t0 = launchedAt.get(service.name());
                    if (t0 != null) {
                        startupMillis.put(service.name(), (System.nanoTime() - t0) / 1_000_000);
                    }
                    out.printf("%s ready at %s%n", service.name(), service.url());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.name() + " not ready after 180 s; see " + service.log());
            }
            // Often enough that the time to ready ./bench reports is the service's, not the polling's.
            Thread.sleep(20);
        }
    }

    /** An HTTP client that trusts the dev CA and presents the given client fixture (or nothing). */
    public HttpClient httpClient(String clientFixture) {
        SSLContext ctx = TestTls.context(pki, clientFixture);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }

    /** Every free port handed out in this JVM: services bind theirs only seconds later. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static int portFor(int wanted, String what) throws IOException {
        if (wanted > 0) {
            requireFree(wanted, what);
            return wanted;
        }
        // The kernel may offer a port it just offered again (it is free until the service binds it): two
        // services launched together once got the same management port, and the second one's readiness
        // probe was answered by the first.
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
        throw new IOException("no free port for " + what + " that was not handed out already");
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortInUseException("port " + port + " is already in use (wanted for " + what + ")");
        }
    }

    /** A port the suite needs is taken. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(String message) {
            super(message);
        }
    }

    public DevPkiFiles pki() {
        return pki;
    }

    public SuiteDatabase database() {
        return database;
    }

    public List<Service> services() {
        return List.copyOf(services);
    }

    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** Milliseconds from process start to the first 200 from /q/health/ready (on the management port). */
    public Long startupMillis(String service) {
        return startupMillis.get(service);
    }

    public int authzMtlsPort() {
        return authzMtlsPort;
    }

    /** Whether a service of this suite records the JVM's AOT cache (written when the suite stops). */
    public boolean recordsAotCache() {
        return jvm.records();
    }

    /** What the first started instance of a service module did with the JVM's AOT cache. */
    public ServiceJvm.CacheUse aotCacheUse(String module) {
        return jvm.cacheUse(module);
    }

    /** The JVM the services run on, in words (e.g. "Java 25 with AOT cache, lean memory settings"). */
    public String jvmDescription() {
        return jvm.describe();
    }

    public SuiteManifest manifest() {
        return manifest;
    }

    public Options options() {
        return options;
    }

    /** Stops the services (gracefully, then forcibly) and the embedded database. */
    @Override
    public void close() {
        for (Service s : services) {
            s.process().destroy();
        }
        for (Service s : services) {
            try {
                // A JVM that records its AOT cache writes it on the way out: give it the time to.
                if (!s.process().waitFor(jvm.records() ? 60 : 15, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(options.stateDir().resolve(s.name() + ".pid"));
            } catch (IOException ignored) {
                // best effort
            }
        }
        services.clear();
        try {
            for (String module : jvm.recordingsNotWritten()) {
                out.println("the AOT cache of " + module + " was not recorded: its JVM could not write it (the end of its log"
                        + " says why); its next start records again");
            }
        } catch (IOException e) {
            out.println("could not check the AOT cache recordings: " + e.getMessage());
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                out.println("could not stop PostgreSQL cleanly: " + e.getMessage());
            }
            database = null;
        }
    }
}
