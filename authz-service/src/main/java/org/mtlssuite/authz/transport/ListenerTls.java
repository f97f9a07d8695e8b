package org.mtlssuite.authz.transport;

import java.util.HashSet;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SSLOptions;

/**
 * What the authorization server's own HTTPS listeners (the mTLS listener and the admin listener, which
 * Quarkus does not manage) share: the server certificate of the default TLS configuration, the TLS
 * protocol versions, and picking up a renewed certificate.
 */
final class ListenerTls {

    private static final Logger LOG = Logger.getLogger(ListenerTls.class);

    private ListenerTls() {
    }

    /** HTTPS on host:port with the default TLS configuration's server certificate and the given protocol versions. */
    static HttpServerOptions httpsOptions(String host, int port, TlsConfiguration tls, List<String> protocols) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setSsl(true)
                .setKeyCertOptions(tls.getKeyStoreOptions())
                .setEnabledSecureTransportProtocols(new HashSet<>(protocols));
    }

    /**
     * The main listener picks up a renewed server certificate by itself ({@code quarkus.tls.reload-period});
     * a listener of our own must be told, or it would serve the old certificate until restart.
     */
    static void reloadCertificate(String listener, HttpServer server, HttpServerOptions options, TlsConfigurationRegistry tls,
            CertificateUpdatedEvent event) {
        if (server == null || options == null || tls.getDefault().orElse(null) != event.tlsConfiguration()) {
            return;
        }
        SSLOptions ssl = new SSLOptions(options.getSslOptions()).setKeyCertOptions(event.tlsConfiguration().getKeyStoreOptions());
        server.updateSSLOptions(ssl, true).onComplete(r -> {
            if (r.succeeded()) {
                LOG.infof("%s: server certificate reloaded", listener);
            } else {
                LOG.errorf("%s: reloading the server certificate failed, the previous one stays: %s", listener, r.cause().getMessage());
            }
        });
    }
}
