package org.mtlssuite.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;

/**
 * For the capacity model (docs/capacity.md): client_credentials tokens/s (tls_client_auth, keep-alive)
 * against one AS replica and against two over the same PostgreSQL, with the CPU each replica used,
 * and the PostgreSQL writes per token and per revocation (pg_stat_database of the authz database).
 * Not a test. Run after {@code ./mvnw package -DskipTests}:
 * {@code java -Dsuite.root=. -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
 * org.mtlssuite.bench.ReplicaScaling [--duration 20] [--warmup 10] [--concurrency 16]}
 */
public final class ReplicaScaling {

    private ReplicaScaling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 20;
        int warmup = 10;
        int concurrency = 16;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve("benchmarks/target/replica-suite");
        LoadHarness.deleteRecursively(state);
        Map<String, Object> report = new LinkedHashMap<>();
        try (Suite suite = Suite.start(Suite.Options.ephemeral(root, state), System.out)) {
            int mtls2 = suite.freePort();
            Suite.Service as2 = suite.launchAuthorizationServer("authz-service-2", mtls2, Map.of());
            suite.awaitServiceReady(as2);
            Suite.Service as1 = suite.service("authz-service");
            HttpRequest token1 = LoadHarness.form(suite.manifest().authzMtlsUrl() + "/token",
                    "grant_type=client_credentials&client_id=demo-subject-dn");
            HttpRequest token2 = LoadHarness.form("https://localhost:" + mtls2 + "/token",
                    "grant_type=client_credentials&client_id=demo-subject-dn");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TestTls.context(suite.pki(), Clients.SUBJECT_DN)).connectTimeout(Duration.ofSeconds(5)).build();

            // Warm both replicas up alike.
            drive(http, List.of(token1, token2), concurrency, warmup * 1000L, new AtomicLong());
            List<Map<String, Object>> runs = new ArrayList<>();
            runs.add(measure(suite, http, List.of(token1), List.of(as1, as2), concurrency, seconds, "1 replica"));
            runs.add(measure(suite, http, List.of(token1, token2), List.of(as1, as2), concurrency, seconds, "2 replicas"));
            report.put("token_client_credentials", runs);
            report.put("revocation", revocations(suite, 200));
            report.put("concurrency", concurrency);
            report.put("seconds", seconds);
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        Path out = root.resolve("benchmarks/target/replica-scaling.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        System.exit(0);
    }

    static Map<String, Object> measure(Suite suite, HttpClient http, List<HttpRequest> targets, List<Suite.Service> replicas,
            int concurrency, int seconds, String name) throws Exception {
        Map<String, Long> cpu0 = new LinkedHashMap<>();
        for (Suite.Service s : replicas) {
            cpu0.put(s.name(), LoadHarness.cpuTicks(s.process().pid()));
        }
        long[] db0 = databaseCounters(suite);
        long gen0 = LoadHarness.processCpuNanos();
        long t0 = System.nanoTime();
        AtomicLong errors = new AtomicLong();
        List<long[]> lat = drive(http, targets, concurrency, seconds * 1000L, errors);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1500); // the audit writer's last batch
        long[] db1 = databaseCounters(suite);
        long n = lat.stream().mapToLong(l -> l[0]).sum();
        long[] all = lat.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", name);
        r.put("requests", n);
        r.put("errors", errors.get());
        r.put("rps", Math.round(n / elapsed));
        r.put("p50_ms", all.length == 0 ? 0 : all[all.length / 2] / 1e6);
        r.put("p99_ms", all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6);
        Map<String, Object> cpu = new LinkedHashMap<>();
        for (Suite.Service s : replicas) {
            double used = (LoadHarness.cpuTicks(s.process().pid()) - cpu0.get(s.name())) / 100.0;
            cpu.put(s.name() + "_cores", Math.round(used / elapsed * 100) / 100.0);
        }
        r.put("as_cpu", cpu);
        r.put("loadgen_cores", Math.round((LoadHarness.processCpuNanos() - gen0) / 1e9 / elapsed * 100) / 100.0);
        r.put("db_commits_per_token", n == 0 ? 0 : Math.round((db1[0] - db0[0]) * 1000.0 / n) / 1000.0);
        r.put("db_rows_inserted_per_token", n == 0 ? 0 : Math.round((db1[1] - db0[1]) * 1000.0 / n) / 1000.0);
        r.put("db_rows_updated_per_token", n == 0 ? 0 : Math.round((db1[2] - db0[2]) * 1000.0 / n) / 1000.0);
        System.out.println(r);
        return r;
    }

    /** Revocations one after another: PostgreSQL writes per revocation (the revoked_token row and its audit rows). */
    static Map<String, Object> revocations(Suite suite, int count) throws Exception {
        HttpClient http = suite.httpClient(Clients.SUBJECT_DN);
        ObjectMapper json = new ObjectMapper();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> t = http.send(LoadHarness.form(suite.manifest().authzMtlsUrl() + "/token",
                    "grant_type=client_credentials&client_id=demo-subject-dn"), HttpResponse.BodyHandlers.ofString());
            tokens.add((String) json.readValue(t.body(), Map.class).get("access_token"));
        }
        Thread.sleep(1500);
        long[] db0 = databaseCounters(suite);
        long t0 = System.nanoTime();
        for (String token : tokens) {
            http.send(LoadHarness.form(suite.manifest().authzMtlsUrl() + "/revoke", "client_id=demo-subject-dn&token=" + token),
                    HttpResponse.BodyHandlers.discarding());
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1500);
        long[] db1 = databaseCounters(suite);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("revocations", count);
        r.put("sequential_per_second", Math.round(count / elapsed));
        r.put("db_commits_per_revocation", Math.round((db1[0] - db0[0]) * 1000.0 / count) / 1000.0);
        r.put("db_rows_inserted_per_revocation", Math.round((db1[1] - db0[1]) * 1000.0 / count) / 1000.0);
        System.out.println(r);
        return r;
    }

    /** xact_commit, tup_inserted, tup_updated of the authz database (PostgreSQL's statistics, updated within a second). */
    static long[] databaseCounters(Suite suite) throws Exception {
        try (Connection c = DriverManager.getConnection(suite.database().jdbcUrl("authz"), suite.database().user(),
                suite.database().password()); Statement st = c.createStatement()) {
            st.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("select xact_commit, tup_inserted, tup_updated from pg_stat_database"
                    + " where datname = 'authz'")) {
                rs.next();
                return new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
            }
        }
    }

    /** Spreads the workers over the targets (round robin), as a Service spreads connections over pods. */
    static List<long[]> drive(HttpClient http, List<HttpRequest> targets, int concurrency, long millis, AtomicLong errors)
            throws Exception {
        List<CompletableFuture<List<long[]>>> parts = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            HttpRequest target = targets.get(i);
            int share = concurrency / targets.size() + (i < concurrency % targets.size() ? 1 : 0);
            parts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadHarness.drive(http, target, share, millis, errors);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Executors.newSingleThreadExecutor()));
        }
        List<long[]> out = new ArrayList<>();
        for (CompletableFuture<List<long[]>> p : parts) {
            out.addAll(p.get());
        }
        return out;
    }
}
