package org.mtlssuite.authz.transport;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.vertx.core.net.TrustOptions;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.cert.ReloadingChainValidator;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;
import org.mtlssuite.clientauth.ClientAuthConfig;

/**
 * The admin API's own HTTPS listener ({@code authz.admin.port}, 8445): the only listener that serves
 * {@code /admin/*}, and it serves nothing else. It is meant to be reachable inside the cluster only
 * (a NetworkPolicy admits the pods allowed to administer; no Ingress or Gateway route points at it),
 * so the admin API has no public route even if its bearer token leaks. On the public listeners
 * (8443 and the mTLS listener 8444) {@code /admin/*} answers 404, exactly like an unknown path.
 * Same router as the other listeners, so the admin resources and their bearer-token check are unchanged.
 */
@Singleton
public class AdminListener {

    private static final Logger LOG = Logger.getLogger(AdminListener.class);
    /** The body of a 404 on every listener of this service (the same as an unknown path's). */
    static final String NOT_FOUND = OAuthErrors.json(OAuthError.INVALID_REQUEST, "no such endpoint");
    private static final String NOT_AN_ADMINISTRATOR = OAuthErrors.json(OAuthError.ACCESS_DENIED,
            "the admin API requires an administrator's client certificate");

    @Inject
    AuthzConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Router router;

    @Inject
    TlsConfigurationRegistry tls;

    @Inject
    ClientAuthConfig clientAuth;

    /** Validates administrators' certificates when authz.admin.client-certificate-dns is set. */
    private volatile ReloadingChainValidator adminCertificates;

    private volatile HttpServer server;
    private volatile HttpServerOptions options;
    private volatile int port = -1;

    /** Decides, before any other route, which listener may serve a path: /admin/* only here, everything else only elsewhere. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 200).handler(this::filter);
    }

    private void filter(RoutingContext rc) {
        if (config.admin().separateListener() && isAdminPath(rc.normalizedPath()) != received(rc.request())) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(NOT_FOUND);
            return;
        }
        if (adminCertificates != null && received(rc.request()) && !administrator(rc.request())) {
            rc.response().setStatusCode(403).putHeader("Content-Type", "application/json").end(NOT_AN_ADMINISTRATOR);
            return;
        }
        rc.next();
    }

    /** The connection presented a certificate valid to the client trust anchors with the configured SAN dNSName. */
    private boolean administrator(HttpServerRequest request) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : request.connection().peerCertificates()) {
                chain.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException | RuntimeException none) {
            return false;
        }
        if (chain.isEmpty()) {
            return false;
        }
        try {
            adminCertificates.current().validate(chain);
        } catch (CertificateRejectedException e) {
            return false;
        }
        return SubjectAlternativeNameMatcher.matches(SubjectAlternativeNameMatcher.SanType.DNS,
                config.admin().clientCertificateDns().orElseThrow(), chain.get(0));
    }

    static boolean isAdminPath(String normalizedPath) {
        return normalizedPath != null && (normalizedPath.equals("/admin") || normalizedPath.startsWith("/admin/"));
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.admin().separateListener()) {
            if (!LaunchMode.current().isDevOrTest()) {
                throw new IllegalStateException("authz.admin.separate-listener=false would serve the admin API on the public "
                        + "listener; it is allowed in the dev and test profiles only");
            }
            LOG.warn("the admin API is served on the main listener (authz.admin.separate-listener=false; dev and test only)");
            return;
        }
        TlsConfiguration tlsConfig = tls.getDefault()
                .orElseThrow(() -> new IllegalStateException("quarkus.tls.key-store.* must name the server certificate"));
        boolean certificates = config.admin().clientCertificateDns().isPresent();
        if (certificates) {
            adminCertificates = new ReloadingChainValidator(clientAuth.trustAnchors().orElseThrow(
                    () -> new IllegalStateException("authz.admin.client-certificate-dns needs suite.client-auth.trust-anchors"))
                    .stream().map(Path::of).toList(), clientAuth.maxChainLength(), Duration.ZERO,
                    Duration.ofSeconds(30));
        }
        HttpServerOptions o = this.options = ListenerTls.httpsOptions(config.admin().host(), config.admin().port(), tlsConfig,
                        config.mtls().protocols())
                // With an administrator certificate required: asked for (any passes the handshake), judged by the filter.
                .setClientAuth(certificates ? ClientAuth.REQUEST : ClientAuth.NONE)
                // Administration is occasional: idle connections need not stay open.
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        if (certificates) {
            o.setTrustOptions(TrustOptions.wrap(new MtlsListener.AcceptAnyClientCertificate()));
        }
        server = vertx.createHttpServer(o).requestHandler(router);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = server.actualPort();
        LOG.infof("admin listener (/admin/* only; keep it in-cluster%s) on https://%s:%d",
                certificates ? "; administrator certificate with SAN " + config.admin().clientCertificateDns().get() + " required" : "",
                config.admin().host(), port);
    }

    /** A renewed server certificate reaches this listener too (the main listener reloads by itself). */
    void reloadCertificate(@Observes CertificateUpdatedEvent event) {
        ListenerTls.reloadCertificate("admin listener", server, options, tls, event);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        HttpServer s = server;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The bound port (-1 when there is no admin listener). */
    public int port() {
        return port;
    }

    /** Whether the request arrived on this listener. */
    public boolean received(HttpServerRequest request) {
        return port > 0 && request.localAddress() != null && request.localAddress().port() == port;
    }
}
