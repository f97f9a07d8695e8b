package org.mtlssuite.devsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.mtlssuite.pki.DevPkiFiles;

/**
 * A simple load run against the running suite's token endpoint (keep-alive mTLS connections):
 * {@code TokenLoad [client_id fixture concurrency seconds]}. Prints tokens/s and latency percentiles.
 * The benchmark harness of the performance work supersedes it; it exists for quick figures.
 */
public final class TokenLoad {

    private TokenLoad() {
    }

    public static void main(String[] args) throws Exception {
        String clientId = args.length > 0 ? args[0] : "demo-subject-dn";
        String fixture = args.length > 1 ? args[1] : "subject-dn";
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath();
        DevPkiFiles pki = new DevPkiFiles(root.resolve(".suite/pki"));
        String url = System.getProperty("token.url", "https://localhost:8444/token");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestTls.context(pki, fixture)).executor(Executors.newFixedThreadPool(4)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId)).build();
        // Warm up: JIT, connection pool.
        runFor(http, request, concurrency, 5_000, null);
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = runFor(http, request, concurrency, seconds * 1000L, errors);
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
        System.out.printf("token endpoint, %s (%s), %d concurrent, %d s: %.0f tokens/s, p50 %.1f ms, p99 %.1f ms, errors %d%n",
                clientId, fixture, concurrency, seconds, total / (double) seconds, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6, errors.get());
        System.exit(0);
    }

    private static List<long[]> runFor(HttpClient http, HttpRequest request, int concurrency, long millis, AtomicLong errors)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long end = System.currentTimeMillis() + millis;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1_000_000];
                int n = 0;
                while (System.currentTimeMillis() < end && n < lat.length - 1) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 && errors != null) {
                        errors.incrementAndGet();
                    }
                    lat[++n] = System.nanoTime() - t;
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
}
