package org.mtlssuite.authz.transport;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.crypto.OpenSslEngine;
import org.mtlssuite.crypto.TlsEngineConfig;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthException;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpUtils;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtlssuite.crypto.OpenSslServerCustomizer;
import org.mtlssuite.transport.ConnectionLimits;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The second HTTPS listener (RFC 8705 section 5, {@code mtls_endpoint_aliases}): same router as the
 * main listener, but it requests a client certificate with an EMPTY CA list and lets any certificate
 * through the handshake, so that self-signed clients can present theirs and the application, not
 * the TLS layer, decides (checklist section 1).
 */
@Singleton
public class MtlsListener {

    private static final Logger LOG = Logger.getLogger(MtlsListener.class);
    private static final String SHUTTING_DOWN = OAuthErrors.json(OAuthError.TEMPORARILY_UNAVAILABLE, "the server is shutting down");

    @Inject
    AuthzConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Router router;

    @Inject
    TlsConfigurationRegistry tls;

    @Inject
    TlsEngineConfig tlsEngine;

    private volatile HttpServer server;
    private volatile HttpServerOptions options;
    private volatile boolean draining;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    @Inject
    ConnectionLimits connectionLimits;

    @ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "PT30M")
    Duration idleTimeout;

    @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "PT10S")
    Duration shutdownTimeout;
    private volatile int port = -1;

    void start(@Observes StartupEvent event) throws Exception {
        TlsConfiguration tlsConfig = tls.getDefault()
                .orElseThrow(() -> new IllegalStateException("quarkus.tls.key-store.* must name the server certificate"));
        HttpServerOptions options = this.options = ListenerTls.httpsOptions(config.mtls().host(), config.mtls().port(), tlsConfig,
                        config.mtls().protocols())
                .setTrustOptions(TrustOptions.wrap(new AcceptAnyClientCertificate()))
                .setClientAuth(ClientAuth.REQUEST)
                .setUseAlpn(true)
                // Forwarded certificate chains can exceed Vert.x's 8 KB default; the certificate source caps them itself.
                .setMaxHeaderSize(config.mtls().maxHeaderSize())
                // The main listener's time-outs: a connection idle this long (one that never sent a request
                // included) is closed, and an unfinished TLS handshake is abandoned.
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setSslHandshakeTimeout(tlsConfig.getSSLOptions().getSslHandshakeTimeout())
                .setSslHandshakeTimeoutUnit(tlsConfig.getSSLOptions().getSslHandshakeTimeoutUnit());
        OpenSslServerCustomizer.sameHeaderLimitForHttp2(options);
        String engine = OpenSslEngine.applyTlsEngine(options, "openssl".equalsIgnoreCase(tlsEngine.engine()), "the mTLS listener");
        server = vertx.createHttpServer(options).requestHandler(this::handle).connectionHandler(this::limitConnections);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = server.actualPort();
        LOG.infof("mTLS listener (token endpoint and other mtls_endpoint_aliases) on https://%s:%d, TLS engine %s",
                config.mtls().host(), port, engine);
    }

    void reloadCertificate(@Observes CertificateUpdatedEvent event) {
        ListenerTls.reloadCertificate("mTLS listener", server, options, tls, event);
    }

    /**
     * Graceful shutdown of this listener, which Quarkus' own (main listener only) does not cover:
     * requests in flight finish; new ones get 503 with {@code Connection: close} while they do.
     * Readiness has gone down before (quarkus.shutdown.delay), and until then this listener served as usual.
     */
    private void handle(HttpServerRequest request) {
        if (draining) {
            request.response().setStatusCode(503).putHeader("Connection", "close").putHeader("Retry-After", "1")
                    .putHeader("Content-Type", "application/json")
                    .end(SHUTTING_DOWN);
            return;
        }
        if (isManagementPath(request.path())) {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(AdminListener.NOT_FOUND);
            return;
        }
        // As Quarkus' own listener does: the body waits (paused) until a handler reads it, and the router
        // gets a QuarkusRequestWrapper, which some of its handlers look for. Without them, dev mode broke
        // this listener: its access log (always on there, for the Dev UI) failed on the unwrapped request,
        // and the body of a request arriving while its live-reload check ran was lost.
        if (!request.isEnded()) {
            request.pause();
        }
        QuarkusRequestWrapper wrapped = new QuarkusRequestWrapper(request, (cookie, r) -> {
        });
        // The wrapper takes over the response's end, close and exception handlers; it calls its
        // request-done handlers once, whichever way the exchange ends.
        inFlight.incrementAndGet();
        wrapped.addRequestDoneHandler(v -> inFlight.decrementAndGet());
        router.handle(wrapped);
    }

    /**
     * Health, metrics and OpenAPI (/q/*) are never served on this listener: outside dev mode they live on the
     * management interface only, and in dev mode they share the router this listener serves. The path is
     * normalized as the router does it, so /x/../q/health is refused too.
     */
    static boolean isManagementPath(String path) {
        String p = path == null ? "" : HttpUtils.normalizePath(path);
        return p.equals("/q") || p.startsWith("/q/");
    }

    /**
     * At most authz.mtls.max-connections open connections (quarkus.http.limits.max-connections for the
     * main listener), and at most suite.transport.max-connections-per-address from one address.
     */
    private void limitConnections(HttpConnection connection) {
        if (connections.incrementAndGet() > config.mtls().maxConnections() || !connectionLimits.admit(connection)) {
            connections.decrementAndGet();
            connection.close();
            return;
        }
        connection.closeHandler(v -> connections.decrementAndGet());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        HttpServer s = server;
        if (s == null) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (inFlight.get() > 0) {
            LOG.warnf("mTLS listener: %d requests still in flight after %s; closing", inFlight.get(), shutdownTimeout);
        }
        s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The port this listener bound (useful when configured with 0). */
    public int port() {
        return port;
    }

    /** Whether the request arrived on this listener. */
    public boolean received(HttpServerRequest request) {
        return request.localAddress() != null && request.localAddress().port() == port;
    }

    /**
     * Endpoints that authenticate by certificate exist only on this listener; on the main listener,
     * which never asked for a certificate, they answer 404 and point to the alias.
     */
    public void requireMtlsListener(HttpServerRequest request, String endpointPath) {
        if (!received(request)) {
            throw new OAuthException(404, OAuthError.INVALID_REQUEST,
                    "this endpoint is served only at its mtls_endpoint_aliases location " + config.mtlsBaseUrl() + endpointPath);
        }
    }

    /** Accepts any client certificate and names no CA in the CertificateRequest. */
    static final class AcceptAnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
