package org.mtlssuite.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak run: measures the capacity of a mixed workload (token over mTLS, introspection, bound RS
 * call) for 30 s, then holds a fixed rate at a fraction of it (70% by default) for the given minutes,
 * sampling each service's RSS and open file descriptors every 10 s. Reports errors, RSS growth from
 * the first sample after the first minute to the last, and the file descriptor range.
 * {@code ./bench soak [--minutes 10] [--fraction 0.7] [--concurrency 16]}; JSON in benchmarks/target/soak-results.json.
 */
public final class SoakRun {

    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = 10;
        double fraction = 0.7;
        int concurrency = 16;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--fraction" -> fraction = Double.parseDouble(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
        Path state = root.resolve("benchmarks/target/soak-suite");
        LoadHarness.deleteRecursively(state);
        try (Suite suite = Suite.start(Suite.Options.ephemeral(root, state), System.out)) {
            List<HttpClient> clients = List.of(LoadHarness.client(suite, Clients.SUBJECT_DN),
                    LoadHarness.client(suite, Clients.RESOURCE_SERVER), LoadHarness.client(suite, Clients.SAN_DNS));
            // Access tokens live 5 minutes: the introspected and RS-presented token is renewed every minute.
            AtomicReference<List<HttpRequest>> requests = new AtomicReference<>(
                    requests(suite));
            ScheduledExecutorService renew = Executors.newSingleThreadScheduledExecutor();
            renew.scheduleAtFixedRate(() -> {
                try {
                    requests.set(requests(suite));
                } catch (Exception e) {
                    System.out.println("token renewal failed: " + e);
                }
            }, 60, 60, TimeUnit.SECONDS);

            // warm-up (JIT, pools), then capacity: closed loop, as fast as the services answer
            drive(clients, requests, concurrency, 20_000, null, new AtomicLong(), new AtomicLong());
            AtomicLong capacityCount = new AtomicLong();
            AtomicLong capacityErrors = new AtomicLong();
            drive(clients, requests, concurrency, 30_000, null, capacityCount, capacityErrors);
            double capacity = capacityCount.get() / 30.0;
            double rate = capacity * fraction;
            System.out.printf("capacity %.0f req/s (mixed); soak at %.0f req/s for %d min%n", capacity, rate, minutes);

            Semaphore permits = new Semaphore(0);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            double perTick = rate / 100.0;
            double[] carry = { 0 };
            ticker.scheduleAtFixedRate(() -> {
                carry[0] += perTick;
                int n = (int) carry[0];
                carry[0] -= n;
                if (permits.availablePermits() < rate) {
                    permits.release(n);
                }
            }, 10, 10, TimeUnit.MILLISECONDS);

            List<Map<String, Object>> samples = new ArrayList<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long t0 = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("t_s", (System.nanoTime() - t0) / 1_000_000_000L);
                for (Suite.Service svc : suite.services()) {
                    s.put(svc.name(), Map.of("rss_mib", LoadHarness.rssMib(svc.process().pid()), "fds", fds(svc.process().pid())));
                }
                samples.add(s);
            }, 0, 10, TimeUnit.SECONDS);

            AtomicLong count = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            drive(clients, requests, concurrency, minutes * 60_000L, permits, count, errors);
            ticker.shutdownNow();
            sampler.shutdownNow();
            renew.shutdownNow();
            double achieved = count.get() / (minutes * 60.0);

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("capacity_rps", capacity);
            report.put("target_rps", rate);
            report.put("achieved_rps", achieved);
            report.put("requests", count.get());
            report.put("errors", errors.get());
            report.put("capacity_errors", capacityErrors.get());
            Map<String, Object> growth = new LinkedHashMap<>();
            Map<String, Object> settled = samples.stream().filter(s -> ((Long) s.get("t_s")) >= 60).findFirst()
                    .orElse(samples.get(0));
            Map<String, Object> last = samples.get(samples.size() - 1);
            for (Suite.Service svc : suite.services()) {
                long first = rss(settled, svc.name());
                long end = rss(last, svc.name());
                long fdMin = samples.stream().mapToLong(s -> fd(s, svc.name())).min().orElse(0);
                long fdMax = samples.stream().mapToLong(s -> fd(s, svc.name())).max().orElse(0);
                growth.put(svc.name(), Map.of("rss_after_1min_mib", first, "rss_end_mib", end, "rss_growth_percent",
                        first == 0 ? 0 : (end - first) * 100.0 / first, "fds_min", fdMin, "fds_max", fdMax));
            }
            report.put("services", growth);
            report.put("samples", samples);
            Path out = root.resolve("benchmarks/target/soak-results.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.out.printf("soak: %d requests at %.0f req/s (target %.0f), errors %d%n", count.get(), achieved, rate, errors.get());
            growth.forEach((k, v) -> System.out.println("  " + k + ": " + v));
            System.out.println("results: " + out);
        }
        System.exit(0);
    }

    /** Token over mTLS, introspection of a fresh token, bound RS call with it. */
    static List<HttpRequest> requests(Suite suite) throws Exception {
        var m = suite.manifest();
        String token = LoadHarness.token(suite, "demo-san-dns", Clients.SAN_DNS);
        return List.of(LoadHarness.form(m.authzMtlsUrl() + "/token", "grant_type=client_credentials&client_id=demo-subject-dn"),
                LoadHarness.form(m.introspectionUrl() + "/introspect",
                        "client_id=demo-resource-server&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                HttpRequest.newBuilder(URI.create(m.resourceUrl() + "/accounts")).header("Authorization", "Bearer " + token).build());
    }


    /** Workers cycle through the three requests; with permits, each request waits for one (the fixed rate). */
    static void drive(List<HttpClient> clients, AtomicReference<List<HttpRequest>> requests,
            int concurrency, long millis, Semaphore permits,
            AtomicLong count, AtomicLong errors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long end = System.currentTimeMillis() + millis;
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int offset = w;
            futures.add(pool.submit(() -> {
                int i = offset;
                while (System.currentTimeMillis() < end) {
                    if (permits != null) {
                        try {
                            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    List<HttpRequest> current = requests.get();
                    int k = i++ % current.size();
                    try {
                        HttpResponse<Void> r = clients.get(k).send(current.get(k), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    count.incrementAndGet();
                }
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    static long fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (Exception e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    static long rss(Map<String, Object> sample, String service) {
        Object v = sample.get(service);
        return v == null ? 0 : ((Number) ((Map<String, Object>) v).get("rss_mib")).longValue();
    }

    @SuppressWarnings("unchecked")
    static long fd(Map<String, Object> sample, String service) {
        Object v = sample.get(service);
        return v == null ? 0 : ((Number) ((Map<String, Object>) v).get("fds")).longValue();
    }
}
