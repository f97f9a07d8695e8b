package org.mtlssuite.clientauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.cert.JwksCertificates;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Fetches the certificates of a client's {@code jwks_uri}: HTTPS only (unless allowed for
 * development), connect and read timeouts, a size cap, a cache with a TTL, and at most one refetch
 * per URI within the configured interval.
 */
@ApplicationScoped
public class JwksUriClient {

    /** The jwks_uri could not be fetched or parsed. */
    public static final class JwksFetchException extends Exception {
        public JwksFetchException(String message) {
            super(message);
        }
    }

    private record Entry(List<X509Certificate> certificates, Instant fetchedAt) {
    }

    @Inject
    ClientAuthConfig config;

    @Inject
    org.mtlssuite.observability.SuiteMetrics metrics;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private HttpClient http;

    @PostConstruct
    void init() {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.jwksUri().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        config.jwksUri().trustPem().ifPresent(pem -> b.sslContext(sslContextTrusting(Path.of(pem))));
        http = b.build();
    }

    public List<X509Certificate> certificates(String uri) throws JwksFetchException {
        Entry e = cache.get(uri);
        if (e != null && e.fetchedAt().plus(config.jwksUri().cacheTtl()).isAfter(Instant.now())) {
            return e.certificates();
        }
        return fetch(uri);
    }

    /** Refetches unless the cached copy is younger than the minimum refetch interval. */
    public List<X509Certificate> refetch(String uri) throws JwksFetchException {
        Entry e = cache.get(uri);
        if (e != null && e.fetchedAt().plus(config.jwksUri().minRefetchInterval()).isAfter(Instant.now())) {
            return e.certificates();
        }
        return fetch(uri);
    }

    /**
     * SSRF guard: https only (unless allowed for development) and no loopback, link-local,
     * private, wildcard or multicast target unless {@code allow-private-targets}. The host is
     * resolved here; a DNS answer that changes between this check and the fetch is a residual risk
     * that the network policy of the deployment must cover.
     */
    public void check(URI target) throws JwksFetchException {
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        boolean http = "http".equalsIgnoreCase(target.getScheme());
        if (!https && !(http && config.jwksUri().allowHttp())) {
            throw new JwksFetchException("jwks_uri must use https");
        }
        if (target.getHost() == null) {
            throw new JwksFetchException("jwks_uri has no host");
        }
        if (config.jwksUri().allowPrivateTargets()) {
            return;
        }
        java.net.InetAddress[] addresses;
        try {
            addresses = java.net.InetAddress.getAllByName(target.getHost());
        } catch (java.net.UnknownHostException e) {
            throw new JwksFetchException("jwks_uri host does not resolve");
        }
        for (java.net.InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || isUniqueLocalIpv6(a) || isCarrierGradeNat(a)) {
                throw new JwksFetchException("jwks_uri points to a loopback, link-local or private address");
            }
        }
    }

    private static boolean isUniqueLocalIpv6(java.net.InetAddress a) {
        return a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private List<X509Certificate> fetch(String uri) throws JwksFetchException {
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new JwksFetchException("jwks_uri is not a URI");
        }
        check(target);
        boolean ok = false;
        try {
            HttpResponse<InputStream> r = this.http.send(HttpRequest.newBuilder(target)
                    .timeout(config.jwksUri().readTimeout()).header("Accept", "application/jwk-set+json, application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new JwksFetchException("jwks_uri answered HTTP " + r.statusCode());
                }
                String body = readCapped(in, config.jwksUri().maxBytes());
                List<X509Certificate> certs = JwksCertificates.parse(body);
                cache.put(uri, new Entry(certs, Instant.now()));
                ok = true;
                return certs;
            }
        } catch (IOException e) {
            throw new JwksFetchException("jwks_uri could not be fetched: " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new JwksFetchException("jwks_uri content is unusable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JwksFetchException("interrupted");
        } finally {
            if (metrics != null) {
                metrics.jwksFetched("client_jwks_uri", ok);
            }
        }
    }

    private static String readCapped(InputStream in, int max) throws IOException, JwksFetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                throw new JwksFetchException("jwks_uri document is larger than " + max + " bytes");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SSLContext sslContextTrusting(Path pem) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : ClientCertificateChainValidator.readPemCertificates(List.of(pem))) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            TrustManagerFactory extra = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            extra.init(ks);
            X509TrustManager a = (X509TrustManager) defaults.getTrustManagers()[0];
            X509TrustManager b = (X509TrustManager) extra.getTrustManagers()[0];
            X509TrustManager either = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                    throw new java.security.cert.CertificateException("client side only");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                    try {
                        b.checkServerTrusted(chain, authType);
                    } catch (java.security.cert.CertificateException e) {
                        a.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] { either }, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("suite.client-auth.jwks-uri.trust-pem: " + e.getMessage(), e);
        }
    }
}
