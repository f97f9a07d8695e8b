package org.mtlssuite.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * The benchmark harness: starts the suite through the launcher (free ports, fresh database), then
 * drives each scenario over mTLS with keep-alive connections and with a new connection (full
 * handshake) per request, and reports requests/s, p50/p99, the server's CPU per request (from
 * /proc) and the load generator's CPU; plus each service's time to ready and RSS.
 * {@code LoadHarness [--duration S] [--warmup S] [--concurrency N] [--modes keepalive,new]}; JSON in
 * {@code benchmarks/target/benchmark-results.json}.
 */
public final class LoadHarness {

    record Scenario(String name, String service, String fixture, HttpRequest request) {
    }

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        // Lets the harness send "Connection: close" for the new-connection-per-request mode.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        int seconds = 10;
        int concurrency = 16;
        int warmup = 10;
        int maxWarmup = 180;
        List<String> modes = List.of("keepalive", "new");
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--modes" -> modes = List.of(args[++i].split(","));
                case "--max-warmup" -> maxWarmup = Integer.parseInt(args[++i]);
                case "--scenarios" -> only = List.of(args[++i].split(","));
                default -> {
                    System.err.println((args[i].equals("--help") || args[i].equals("-h") ? "" : "unknown option " + args[i] + "\n")
                            + "usage: ./bench [--duration S] [--warmup S] [--max-warmup S] [--concurrency N]"
                            + " [--modes keepalive,new] [--scenarios NAME,...]");
                    System.exit(args[i].equals("--help") || args[i].equals("-h") ? 0 : 2);
                }
            }
        }
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve("benchmarks/target/bench-suite");
        deleteRecursively(state);
        boolean trained = false;
        try (Suite suite = Suite.start(Suite.Options.ephemeral(root, state), System.out)) {
            if (suite.recordsAotCache()) {
                // The first run of a build on Java 25 records the AOT cache when its services stop: let them
                // record the work they are measured on (classes, and method profiles for the JIT), then restart.
                train(suite);
                trained = true;
            } else {
                measure(suite, root, modes, only, concurrency, seconds, warmup, maxWarmup, false);
            }
        }
        if (trained) {
            deleteRecursively(state);
            try (Suite suite = Suite.start(Suite.Options.ephemeral(root, state), System.out)) {
                measure(suite, root, modes, only, concurrency, seconds, warmup, maxWarmup, true);
            }
        }
        System.exit(0);
    }

    /** The scenarios; without the JDK-TLS resource server when {@code jdkRs} is null. */
    static List<Scenario> scenarios(Suite suite, Suite.Service jdkRs, String token) {
        var m = suite.manifest();
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario("token tls_client_auth", "authz-service", Clients.SUBJECT_DN, form(m.authzMtlsUrl() + "/token",
                        "grant_type=client_credentials&client_id=demo-subject-dn")),
                new Scenario("token self_signed", "authz-service", Clients.SELF_SIGNED, form(m.authzMtlsUrl() + "/token",
                        "grant_type=client_credentials&client_id=demo-self-signed")),
                new Scenario("introspection", "introspection-service", Clients.RESOURCE_SERVER,
                        form(m.introspectionUrl() + "/introspect", "client_id=demo-resource-server&token="
                                + URLEncoder.encode(token, StandardCharsets.UTF_8))),
                new Scenario("RS bound call", "sample-resource", Clients.SAN_DNS, HttpRequest.newBuilder(
                        URI.create(m.resourceUrl() + "/accounts")).header("Authorization", "Bearer " + token).build()),
                new Scenario("RS static 200 (floor)", "sample-resource", Clients.SAN_DNS,
                        HttpRequest.newBuilder(URI.create(m.resourceUrl() + "/ping")).build())));
        if (jdkRs != null) {
            scenarios.add(new Scenario("RS static 200, JDK TLS", jdkRs.name(), Clients.SAN_DNS,
                    HttpRequest.newBuilder(URI.create(jdkRs.url() + "/ping")).build()));
        }
        return scenarios;
    }

    /**
     * Kept-alive load per scenario in the training run, at the measured concurrency: long enough for the
     * hot paths to reach C2 while the cache records (12 s at 8 connections gave introspection and the RS
     * somewhat less in the first ten seconds after a start: docs/performance.md); {@code -Dbench.training-keepalive-ms}
     * for experiments.
     */
    static final int TRAINING_KEEPALIVE_MS = Integer.getInteger("bench.training-keepalive-ms", 40_000);
    static final int TRAINING_NEW_MS = 3_000;

    /** The AOT cache's training run: each scenario for a while, on both connection modes. */
    static void train(Suite suite) throws Exception {
        System.out.println("AOT cache training run (first run of this build on this JVM): " + (TRAINING_KEEPALIVE_MS + TRAINING_NEW_MS) / 1000
                + " s per scenario, then a restart");
        String token = token(suite, "demo-san-dns", Clients.SAN_DNS);
        for (Scenario sc : scenarios(suite, null, token)) {
            HttpClient http = client(suite, sc.fixture());
            drive(http, sc.request(), 16, TRAINING_KEEPALIVE_MS, new AtomicLong());
            drive(http, newConnectionEach(sc.request()), 4, TRAINING_NEW_MS, new AtomicLong());
        }
    }

    static void measure(Suite suite, Path root, List<String> modes, List<String> only, int concurrency, int seconds, int warmup, int maxWarmup,
            boolean afterTraining) throws Exception {
        Suite.Service jdkRs = suite.startResourceServer("sample-resource-jdk-tls", Map.of("suite.tls.engine", "jdk"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("jvm", suite.jvmDescription());
        report.put("aot_training_run_before", afterTraining);
        Map<String, Object> startup = new LinkedHashMap<>();
        for (Suite.Service s : suite.services()) {
            startup.put(s.name(), Map.of("ready_ms", suite.startupMillis(s.name()), "rss_idle_mib", rssMib(s.process().pid())));
        }
        Map<String, Object> cacheUse = new LinkedHashMap<>();
        for (String module : List.of("authz-service", "introspection-service", "sample-resource")) {
            cacheUse.put(module, suite.aotCacheUse(module).name().toLowerCase(Locale.ROOT));
        }
        report.put("aot_cache", cacheUse);
        System.out.println("AOT cache: " + cacheUse);
        if (cacheUse.containsValue("recording") && afterTraining) {
            System.out.println("WARNING: a service records its AOT cache again after the training run: its figures are without the cache");
        }
        report.put("services", startup);
        // --scenarios token,introspection: only the scenarios whose name starts with one of these words.
        List<String> names = scenarios(suite, jdkRs, "").stream().map(Scenario::name)
                .filter(name -> only.isEmpty() || only.stream().anyMatch(name::startsWith)).toList();
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Long> maxRss = new LinkedHashMap<>();
        Set<String> served = new HashSet<>();
        // The load generator is a JVM too: cold, its own JIT and TLS set-up would take the two cores from the
        // service whose cold phase comes first. Warm it on the JDK-TLS resource server, whose cold phase is
        // then not measured (it is not one of the suite's services).
        warmLoadGenerator(suite, jdkRs);
        served.add(jdkRs.name());
        for (String mode : modes) {
            for (String name : names) {
                // A fresh access token for each scenario: one lives 5 minutes, a pass over the scenarios takes
                // longer, and an expired one measured 401s (RS) or inactive answers (introspection) instead.
                String token = token(suite, "demo-san-dns", Clients.SAN_DNS);
                Scenario sc = scenarios(suite, jdkRs, token).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                Suite.Service target = sc.service().equals(jdkRs.name()) ? jdkRs : suite.service(sc.service());
                // The first scenario a service serves measures its cold phase: the first 10 s of load after ready.
                boolean cold = served.add(target.name());
                Map<String, Object> r = run(suite, sc, target, mode, concurrency, seconds, warmup, maxWarmup, cold);
                results.add(r);
                maxRss.merge(target.name(), rssMib(target.process().pid()), Math::max);
                System.out.printf("%-26s %-9s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  server %4.0f us CPU/req (JIT %.0f%%, VM thread %.0f%%)  loadgen %4.0f%% CPU  db %3.0f%% CPU  errors %d  warm-up %s s%s%n",
                        sc.name(), mode, r.get("rps"), r.get("p50_ms"), r.get("p99_ms"),
                        ((Double) r.get("server_cpu_ms_per_request")) * 1000, r.get("server_cpu_jit_compiler_percent"),
                        r.get("server_cpu_vm_thread_percent"), r.get("loadgen_cpu_percent"),
                        r.get("database_cpu_percent"), r.get("errors"),
                        r.get("warmup_s"), cold ? String.format("  cold: %.0f req/s (%.0f%% of steady), %.0f us CPU/req",
                                r.get("cold_rps"), ((Double) r.get("cold_fraction_of_steady")) * 100,
                                ((Double) r.get("cold_server_cpu_ms_per_request")) * 1000) : "");
                if (cold) {
                    System.out.printf("    cold phase: requests in each second %s; server CPU %.1f s, of it JIT compiler threads %.1f s%n",
                            r.get("cold_requests_per_second"), r.get("cold_server_cpu_s"), r.get("cold_jit_compiler_cpu_s"));
                }
            }
        }
        // What the resident memory is: the process's own (heap, metaspace, code, malloc) and mapped files (the
        // JDK's modules, the AOT cache, shared libraries), read after the load.
        Map<String, Object> rssParts = new LinkedHashMap<>();
        for (Suite.Service s : suite.services()) {
            rssParts.put(s.name(), rssParts(s.process().pid()));
        }
        report.put("rss_parts_after_load_mib", rssParts);
        // Time to ready of each service started alone (the others idle), three times each, one after the other.
        Map<String, Object> alone = readyAlone(suite, 3);
        report.put("ready_ms_started_alone", alone);
        System.out.println("time to ready, started alone (ms, three starts each): " + alone);
        report.put("results", results);
        report.put("rss_after_load_mib", maxRss);
        report.put("concurrency", concurrency);
        report.put("seconds", seconds);
        Path out = root.resolve("benchmarks/target/benchmark-results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println();
        System.out.println("services: " + startup);
        System.out.println("RSS after load (MiB): " + maxRss + ", of it anonymous/file-backed: " + rssParts);
        System.out.println("results: " + out);
    }

    /** Starts each service by itself {@code times} times (stopping it once ready) and lists its times to ready. */
    static Map<String, Object> readyAlone(Suite suite, int times) throws Exception {
        Map<String, Object> alone = new LinkedHashMap<>();
        for (String module : List.of("authz-service", "introspection-service", "sample-resource")) {
            List<Long> ms = new ArrayList<>();
            List<Long> quarkus = new ArrayList<>();
            for (int i = 1; i <= times; i++) {
                String name = module + "-alone-" + i;
                Suite.Service s = switch (module) {
                    case "authz-service" -> suite.launchAuthorizationServer(name, suite.freePort(), Map.of());
                    case "introspection-service" -> suite.launchIntrospectionService(name, Map.of());
                    default -> suite.startResourceServer(name, Map.of());
                };
                suite.awaitServiceReady(s);
                ms.add(suite.startupMillis(name));
                quarkus.add(quarkusStartedMillis(s.log()));
                s.process().destroy();
                s.process().waitFor();
            }
            alone.put(module, Map.of("ready_ms", ms, "quarkus_started_in_ms", quarkus));
        }
        return alone;
    }

    /** Quarkus' own start time from a service's log ("started in 1.263s"), ms; -1 when not found. */
    static long quarkusStartedMillis(Path log) {
        try {
            var m = Pattern.compile("started in (\\d+\\.\\d+)s").matcher(Files.readString(log));
            return m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1000) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The load generator's own warm-up: the same client code (HTTP/1.1 over mTLS, GET and form POST, kept-alive
     * and new connections) against the JDK-TLS resource server, until the load generator's JIT is done.
     */
    static void warmLoadGenerator(Suite suite, Suite.Service jdkRs) throws Exception {
        HttpClient http = client(suite, Clients.SAN_DNS);
        HttpRequest get = HttpRequest.newBuilder(URI.create(jdkRs.url() + "/ping")).build();
        HttpRequest post = form(jdkRs.url() + "/ping", "grant_type=client_credentials&client_id=demo-san-dns");
        for (int round = 0; round < 2; round++) {
            drive(http, get, 8, 4_000, new AtomicLong());
            drive(http, post, 8, 2_000, new AtomicLong());
            drive(http, newConnectionEach(get), 4, 2_000, new AtomicLong());
        }
    }

    /** HTTP/1.1 over mTLS with a client fixture's certificate. */
    static HttpClient client(Suite suite, String fixture) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestTls.context(suite.pki(), fixture))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same request with {@code Connection: close}: a new connection (full TLS handshake) per request. */
    static HttpRequest newConnectionEach(HttpRequest request) {
        return HttpRequest.newBuilder(request, (n, v) -> true).header("Connection", "close").build();
    }

    static HttpRequest form(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String token(Suite suite, String clientId, String fixture) throws Exception {
        HttpResponse<String> r = suite.httpClient(fixture).send(form(suite.manifest().authzMtlsUrl() + "/token",
                "grant_type=client_credentials&client_id=" + clientId), HttpResponse.BodyHandlers.ofString());
        return (String) new ObjectMapper().readValue(r.body(), Map.class).get("access_token");
    }

    /** One measured window: requests/s and server CPU per request. */
    record Window(double rps, double serverCpuMsPerRequest, List<Long> perSecond, double jitCpuSeconds, double serverCpuSeconds) {
        boolean agreesWith(Window other) {
            return within(rps, other.rps) && within(serverCpuMsPerRequest, other.serverCpuMsPerRequest);
        }

        /**
         * The JIT compiler threads took at most 5% of the server's CPU in this window. Two windows can agree
         * while the JIT still compiles at a steady pace (seen: 37% of the CPU for 20 s and more, the "slow
         * scenario" of earlier runs), so agreement alone does not say the JIT is done.
         */
        boolean jitQuiet() {
            return jitCpuSeconds <= 0.05 * serverCpuSeconds;
        }

        static boolean within(double a, double b) {
            return b > 0 && Math.abs(a - b) / b <= 0.05;
        }
    }

    static Window window(HttpClient http, HttpRequest request, long pid, int concurrency, long millis) throws Exception {
        long cpu0 = cpuTicks(pid);
        long jit0 = compilerThreadTicks(pid);
        long t0 = System.nanoTime();
        // Requests completed in each second of the window (the shape of a cold phase).
        AtomicLong completed = new AtomicLong();
        List<Long> perSecond = new ArrayList<>();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        long[] last = {0};
        sampler.scheduleAtFixedRate(() -> {
            long c = completed.get();
            perSecond.add(c - last[0]);
            last[0] = c;
        }, 1, 1, TimeUnit.SECONDS);
        List<long[]> lat = drive(http, request, concurrency, millis, new AtomicLong(), completed);
        sampler.shutdownNow();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long n = lat.stream().mapToLong(l -> l[0]).sum();
        double cpuMs = (cpuTicks(pid) - cpu0) * 10.0;
        double jitSeconds = (compilerThreadTicks(pid) - jit0) / 100.0;
        return new Window(n / elapsed, n == 0 ? 0 : cpuMs / n, List.copyOf(perSecond), jitSeconds, cpuMs / 1000);
    }

    static Map<String, Object> run(Suite suite, Scenario sc, Suite.Service target, String mode, int concurrency, int seconds,
            int warmup, int maxWarmup, boolean cold) throws Exception {
        HttpClient http = client(suite, sc.fixture());
        HttpRequest request = "new".equals(mode) ? newConnectionEach(sc.request()) : sc.request();
        long pid = target.process().pid();
        Window coldWindow = cold ? window(http, request, pid, concurrency, 10_000) : null;
        // Warm-up: at least --warmup s, then 5 s windows until two consecutive ones agree within 5% on
        // requests/s and on server CPU per request and the JIT compiler threads are quiet in both (JIT
        // done), or --max-warmup s have passed.
        long warmStart = System.nanoTime();
        drive(http, request, concurrency, warmup * 1000L, new AtomicLong());
        Window previous = window(http, request, pid, concurrency, 5_000);
        boolean steady = false;
        while ((System.nanoTime() - warmStart) / 1e9 < maxWarmup) {
            Window next = window(http, request, pid, concurrency, 5_000);
            if (next.agreesWith(previous) && next.jitQuiet() && previous.jitQuiet()) {
                steady = true;
                break;
            }
            previous = next;
        }
        double warmedSeconds = (System.nanoTime() - warmStart) / 1e9;
        long cpu0 = cpuTicks(pid);
        long jit0 = compilerThreadTicks(pid);
        long vm0 = vmThreadTicks(pid);
        long gen0 = processCpuNanos();
        long db0 = databaseCpuTicks();
        long t0 = System.nanoTime();
        AtomicLong errors = new AtomicLong();
        List<long[]> lat = drive(http, request, concurrency, seconds * 1000L, errors);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double serverCpuSeconds = (cpuTicks(pid) - cpu0) / 100.0;
        double jitCpuSeconds = (compilerThreadTicks(pid) - jit0) / 100.0;
        double vmThreadCpuSeconds = (vmThreadTicks(pid) - vm0) / 100.0;
        double genCpuSeconds = (processCpuNanos() - gen0) / 1e9;
        double dbCpuSeconds = (databaseCpuTicks() - db0) / 100.0;
        long n = lat.stream().mapToLong(l -> l[0]).sum();
        long[] all = lat.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", sc.name());
        r.put("mode", mode);
        r.put("requests", n);
        r.put("errors", errors.get());
        r.put("rps", n / elapsed);
        r.put("p50_ms", all.length == 0 ? 0 : all[all.length / 2] / 1e6);
        r.put("p99_ms", all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6);
        r.put("server_cpu_ms_per_request", n == 0 ? 0 : serverCpuSeconds * 1000 / n);
        // Where the server's CPU went besides requests: a JIT still compiling, or collections (which run on the VM thread).
        r.put("server_cpu_jit_compiler_percent", serverCpuSeconds == 0 ? 0.0 : jitCpuSeconds / serverCpuSeconds * 100);
        r.put("server_cpu_vm_thread_percent", serverCpuSeconds == 0 ? 0.0 : vmThreadCpuSeconds / serverCpuSeconds * 100);
        r.put("loadgen_cpu_percent", genCpuSeconds / elapsed * 100);
        r.put("database_cpu_percent", dbCpuSeconds / elapsed * 100);
        r.put("warmup_s", Math.round(warmedSeconds));
        r.put("steady_state_reached", steady);
        if (coldWindow != null) {
            r.put("cold_rps", coldWindow.rps());
            r.put("cold_server_cpu_ms_per_request", coldWindow.serverCpuMsPerRequest());
            r.put("cold_fraction_of_steady", n == 0 ? 0.0 : coldWindow.rps() / (n / elapsed));
            r.put("cold_requests_per_second", coldWindow.perSecond());
            r.put("cold_server_cpu_s", coldWindow.serverCpuSeconds());
            r.put("cold_jit_compiler_cpu_s", coldWindow.jitCpuSeconds());
        }
        return r;
    }

    static List<long[]> drive(HttpClient http, HttpRequest request, int concurrency, long millis, AtomicLong errors)
            throws Exception {
        return drive(http, request, concurrency, millis, errors, new AtomicLong());
    }

    static List<long[]> drive(HttpClient http, HttpRequest request, int concurrency, long millis, AtomicLong errors,
            AtomicLong completed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long end = System.currentTimeMillis() + millis;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[2_000_000];
                int n = 0;
                while (System.currentTimeMillis() < end && n < lat.length - 1) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    lat[++n] = System.nanoTime() - t;
                    completed.incrementAndGet();
                }
                lat[0] = n;
                return lat;
            }));
        }
        List<long[]> out = new ArrayList<>();
        for (Future<long[]> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * CPU ticks of every PostgreSQL process on the machine (the suite's embedded server and its backends; the
     * harness starts the only one): it shares the two cores, and a scenario whose database works harder
     * (checkpoints, the audit trail's inserts) is slower for it.
     */
    static long databaseCpuTicks() {
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                            ticks += cpuTicks(Long.parseLong(name));
                        }
                    } catch (IOException gone) {
                        // the process ended meanwhile
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** CPU ticks of the JVM's JIT compiler threads (C1/C2 CompilerThread, from /proc/<pid>/task). */
    static long compilerThreadTicks(long pid) {
        return threadTicks(pid, comm -> comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"));
    }

    /** CPU ticks of the JVM's VM thread: the serial collector's pauses and every other safepoint operation run on it. */
    static long vmThreadTicks(long pid) {
        return threadTicks(pid, comm -> comm.equals("VM Thread"));
    }

    /** CPU ticks of the process's threads whose name (/proc/<pid>/task/<tid>/stat) {@code comm} accepts. */
    static long threadTicks(long pid, java.util.function.Predicate<String> comm) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    if (comm.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (Exception threadGone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return ticks;
    }

    static long rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    /** RssAnon and RssFile (+ RssShmem) of a process, MiB. */
    static Map<String, Long> rssParts(long pid) {
        Map<String, Long> parts = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("RssAnon:") || line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    parts.put(line.substring(3, line.indexOf(':')).toLowerCase(Locale.ROOT),
                            Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return parts;
    }

    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
