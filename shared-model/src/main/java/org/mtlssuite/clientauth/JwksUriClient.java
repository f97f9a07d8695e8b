package org.mtlssuite.clientauth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.cert.JwksCertificates;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.mtlssuite.observability.SuiteMetrics;

/**
 * Fetches the certificates of a client's {@code jwks_uri} ({@code self_signed_tls_client_auth},
 * RFC 8705 2.2), safely against a hostile or broken server:
 * <ul>
 * <li>SSRF: https only (unless allowed for development); the host is resolved ONCE, every address
 * is checked (no loopback, link-local, private, wildcard or multicast target unless allowed), and
 * the connection goes to the checked address, with the URI's host kept for the {@code Host} header,
 * SNI and certificate verification. A DNS answer that changes after the check (rebinding) is never used.</li>
 * <li>One deadline for the whole fetch (connection, TLS, headers and body), a silence limit between
 * bytes, a size cap: a trickling or stalled server cannot hold a worker thread longer.</li>
 * <li>One fetch in flight per URI: concurrent callers use the cached set when there is one, or wait
 * for that fetch (never longer than its deadline).</li>
 * <li>Failures are remembered per URI with a back-off (min-refetch-interval, doubling up to
 * failure-backoff-max): meanwhile callers get the same plain-words error, or the cached set if it
 * is not older than twice the cache TTL, instead of a new fetch.</li>
 * </ul>
 * Errors say what failed in plain words ({@link JwksFetchException#getMessage()} is shown to the client).
 */
@ApplicationScoped
public class JwksUriClient {

    /** The jwks_uri could not be fetched or parsed; the message is safe to show the client. */
    public static final class JwksFetchException extends Exception {
        public JwksFetchException(String message) {
            super(message, null, false, false);
        }
    }

    /** The settings of {@code suite.client-auth.jwks-uri.*}, read once. */
    public record Settings(Duration connectTimeout, Duration readTimeout, Duration fetchDeadline, int maxBytes, Duration cacheTtl,
            Duration minRefetchInterval, Duration failureBackoffMax, boolean allowHttp, boolean allowPrivateTargets,
            Optional<String> trustPem) {

        static Settings of(ClientAuthConfig.JwksUri c) {
            return new Settings(c.connectTimeout(), c.readTimeout(), c.fetchDeadline(), c.maxBytes(), c.cacheTtl(),
                    c.minRefetchInterval(), c.failureBackoffMax(), c.allowHttp(), c.allowPrivateTargets(), c.trustPem());
        }
    }

    /** Name resolution (the JDK's by default; tests give their own). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Entry(List<X509Certificate> certificates, Instant fetchedAt) {
    }

    private record Failure(String reason, int failures, Instant retryAt) {
    }

    @Inject
    ClientAuthConfig config;

    @Inject
    Vertx vertx;

    @Inject
    SuiteMetrics metrics;

    private Settings settings;
    private Resolver resolver = InetAddress::getAllByName;
    private Clock clock = Clock.systemUTC();
    private HttpClient http;
    private Cache<String, Entry> cache;
    private Cache<String, Failure> failures;
    private final Map<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    /** For CDI (and subclasses in tests that only override {@link #check}). */
    public JwksUriClient() {
    }

    /** Without a container: tests. */
    public JwksUriClient(Settings settings, Vertx vertx, Resolver resolver, Clock clock) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.clock = clock;
        start(settings);
    }

    @PostConstruct
    void init() {
        start(Settings.of(config.jwksUri()));
    }

    private void start(Settings s) {
        this.settings = s;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).build();
        this.failures = Caffeine.newBuilder().maximumSize(10_000).build();
        if (vertx == null) {
            return; // a test subclass that only uses check()
        }
        HttpClientOptions o = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) Math.max(1, s.connectTimeout().toMillis()))
                .setReadIdleTimeout((int) Math.max(1, s.readTimeout().toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(false).setVerifyHost(true).setTryUseCompression(false)
                .setTrustOptions(TrustOptions.wrap(trustManager(s.trustPem().map(Path::of).orElse(null))));
        http = vertx.createHttpClient(o);
    }

    @PreDestroy
    void close() {
        if (http != null) {
            http.close();
        }
    }

    /** The client's certificates, from the cache while it is younger than the cache TTL. */
    public List<X509Certificate> certificates(String uri) throws JwksFetchException {
        Entry e = cache.getIfPresent(uri);
        if (e != null && e.fetchedAt().plus(settings.cacheTtl()).isAfter(clock.instant())) {
            return e.certificates();
        }
        return obtain(uri, e);
    }

    /** Refetches (a presented certificate is not in the set) unless the cached copy is younger than the minimum refetch interval. */
    public List<X509Certificate> refetch(String uri) throws JwksFetchException {
        Entry e = cache.getIfPresent(uri);
        if (e != null && e.fetchedAt().plus(settings.minRefetchInterval()).isAfter(clock.instant())) {
            return e.certificates();
        }
        return obtain(uri, e);
    }

    /**
     * SSRF guard used at registration: https only (unless allowed for development) and no
     * loopback, link-local, private, wildcard or multicast target unless {@code allow-private-targets}.
     */
    public void check(URI target) throws JwksFetchException {
        checkedAddress(target);
    }

    /** The check, returning the address the fetch must connect to (the first one the host resolved to). */
    private InetAddress checkedAddress(URI target) throws JwksFetchException {
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        boolean plain = "http".equalsIgnoreCase(target.getScheme());
        if (!https && !(plain && settings.allowHttp())) {
            throw new JwksFetchException("jwks_uri must use https");
        }
        if (target.getHost() == null) {
            throw new JwksFetchException("jwks_uri has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(target.getHost());
        } catch (UnknownHostException e) {
            throw new JwksFetchException("jwks_uri host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new JwksFetchException("jwks_uri host does not resolve");
        }
        if (!settings.allowPrivateTargets()) {
            for (InetAddress a : addresses) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                        || a.isMulticastAddress() || isUniqueLocalIpv6(a) || isCarrierGradeNat(a)) {
                    throw new JwksFetchException("jwks_uri points to a loopback, link-local or private address");
                }
            }
        }
        return addresses[0];
    }

    private static boolean isUniqueLocalIpv6(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    /** A fetch, unless one is in flight or the URI is in back-off; {@code stale} is the cached set past its freshness. */
    private List<X509Certificate> obtain(String uri, Entry stale) throws JwksFetchException {
        Instant now = clock.instant();
        Entry usable = stale != null && stale.fetchedAt().plus(settings.cacheTtl().multipliedBy(2)).isAfter(now) ? stale : null;
        Failure failed = failures.getIfPresent(uri);
        if (failed != null && failed.retryAt().isAfter(now)) {
            if (usable != null) {
                return usable.certificates();
            }
            throw new JwksFetchException(failed.reason() + "; next attempt in "
                    + Math.max(1, Duration.between(now, failed.retryAt()).toSeconds()) + " s");
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(uri, mine);
        if (running != null) {
            return usable != null ? usable.certificates() : await(running);
        }
        try {
            Entry fresh = new Entry(fetch(uri), clock.instant());
            cache.put(uri, fresh);
            failures.invalidate(uri);
            mine.complete(fresh);
            return fresh.certificates();
        } catch (JwksFetchException e) {
            int count = failed == null ? 1 : failed.failures() + 1;
            failures.put(uri, new Failure(e.getMessage(), count, clock.instant().plus(backoff(count))));
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(uri, mine);
        }
    }

    /** min-refetch-interval (at least a second), doubled per consecutive failure, at most failure-backoff-max. */
    Duration backoff(int failures) {
        Duration base = settings.minRefetchInterval().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : settings.minRefetchInterval();
        Duration d = base.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(settings.failureBackoffMax()) > 0 ? settings.failureBackoffMax() : d;
    }

    private List<X509Certificate> await(CompletableFuture<Entry> running) throws JwksFetchException {
        try {
            // The fetch in flight ends at its deadline (its timer); the margin only guards against a lost callback.
            return running.get(settings.fetchDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS).certificates();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JwksFetchException f) {
                throw new JwksFetchException(f.getMessage());
            }
            throw new JwksFetchException("jwks_uri could not be fetched");
        } catch (TimeoutException e) {
            throw new JwksFetchException("jwks_uri did not answer completely within " + settings.fetchDeadline().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksFetchException("the jwks_uri fetch was interrupted");
        }
    }

    private List<X509Certificate> fetch(String uri) throws JwksFetchException {
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new JwksFetchException("jwks_uri is not a URI");
        }
        InetAddress address = checkedAddress(target);
        boolean ok = false;
        try {
            String body = get(target, address);
            List<X509Certificate> certs;
            try {
                certs = JwksCertificates.parse(body);
            } catch (IllegalArgumentException e) {
                throw new JwksFetchException("jwks_uri content is unusable: " + e.getMessage());
            }
            ok = true;
            return certs;
        } finally {
            if (metrics != null) {
                metrics.jwksFetched("client_jwks_uri", ok);
            }
        }
    }

    /** GET to the checked address with the URI's host as Host, SNI and verified name; the body within the deadline. */
    private String get(URI target, InetAddress address) throws JwksFetchException {
        if (Context.isOnEventLoopThread()) {
            throw new JwksFetchException("jwks_uri cannot be fetched from an event-loop thread");
        }
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        if (target.getRawQuery() != null) {
            path += "?" + target.getRawQuery();
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setSsl(https).setHost(target.getHost())
                .setPort(port).setURI(path).setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setFollowRedirects(false).addHeader("Accept", "application/jwk-set+json, application/json");
        long deadlineMillis = settings.fetchDeadline().toMillis();
        int max = settings.maxBytes();
        CompletableFuture<String> result = new CompletableFuture<>();
        AtomicBoolean finished = new AtomicBoolean();
        HttpClientRequest[] request = new HttpClientRequest[1];
        long timer = vertx.setTimer(Math.max(1, deadlineMillis), id -> {
            if (finished.compareAndSet(false, true)) {
                result.completeExceptionally(new JwksFetchException("jwks_uri did not answer completely within " + deadlineMillis + " ms"));
                if (request[0] != null) {
                    request[0].reset(0, new JwksFetchException("deadline"));
                }
            }
        });
        http.request(options).onFailure(e -> fail(finished, result, describe(e))).onSuccess(req -> {
            request[0] = req;
            if (finished.get()) {
                req.reset();
                return;
            }
            req.exceptionHandler(e -> fail(finished, result, describe(e)));
            req.send().onFailure(e -> fail(finished, result, describe(e))).onSuccess(resp -> {
                if (resp.statusCode() != 200) {
                    fail(finished, result, "jwks_uri answered HTTP " + resp.statusCode());
                    req.reset();
                    return;
                }
                Buffer body = Buffer.buffer();
                resp.exceptionHandler(e -> fail(finished, result, describe(e)));
                resp.handler(chunk -> {
                    if (finished.get()) {
                        return;
                    }
                    body.appendBuffer(chunk);
                    if (body.length() > max) {
                        fail(finished, result, "jwks_uri document is larger than " + max + " bytes");
                        req.reset();
                    }
                });
                resp.endHandler(v -> {
                    if (finished.compareAndSet(false, true)) {
                        result.complete(body.toString(StandardCharsets.UTF_8));
                    }
                });
            });
        });
        try {
            // The timer ends the fetch at the deadline; this wait only guards against a lost callback.
            return result.get(deadlineMillis + 4_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof JwksFetchException f ? f : new JwksFetchException("jwks_uri could not be fetched");
        } catch (TimeoutException e) {
            throw new JwksFetchException("jwks_uri did not answer completely within " + deadlineMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksFetchException("the jwks_uri fetch was interrupted");
        } finally {
            vertx.cancelTimer(timer);
            if (request[0] != null && !result.isDone()) {
                request[0].reset();
            }
        }
    }

    private static void fail(AtomicBoolean finished, CompletableFuture<String> result, String reason) {
        if (finished.compareAndSet(false, true)) {
            result.completeExceptionally(new JwksFetchException(reason));
        }
    }

    /** A transport failure in plain words: what failed, never an exception class name. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
                return "jwks_uri host refused or did not accept the connection";
            }
            if (t instanceof SSLException) {
                return "jwks_uri TLS handshake failed (the server certificate is not trusted or does not name the host)";
            }
            if (t instanceof TimeoutException) {
                return "jwks_uri went silent for longer than the read timeout";
            }
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("timeout") || m.contains("timed out")) {
            return "jwks_uri went silent for longer than the read timeout";
        }
        if (m.contains("closed") || m.contains("reset")) {
            return "jwks_uri closed the connection before a complete answer";
        }
        return "jwks_uri could not be fetched (connection failure)";
    }

    private static X509TrustManager trustManager(Path pem) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            X509TrustManager jvm = (X509TrustManager) defaults.getTrustManagers()[0];
            if (pem == null) {
                return jvm;
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : ClientCertificateChainValidator.readPemCertificates(List.of(pem))) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
            TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            extra.init(ks);
            X509TrustManager added = (X509TrustManager) extra.getTrustManagers()[0];
            return new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    throw new CertificateException("client side only");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        added.checkServerTrusted(chain, authType);
                    } catch (CertificateException e) {
                        jvm.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    X509Certificate[] a = added.getAcceptedIssuers();
                    X509Certificate[] b = jvm.getAcceptedIssuers();
                    X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, all, a.length, b.length);
                    return all;
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException("suite.client-auth.jwks-uri.trust-pem: " + e.getMessage(), e);
        }
    }
}
