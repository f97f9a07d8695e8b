package org.mtlssuite.binding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.token.RefreshingKeyCache;

/**
 * The AS keys from its JWKS over HTTPS: parsed once per kid and kept; an unknown kid refetches the
 * JWKS at most once per interval, so a key rotation is picked up without a restart.
 */
public final class JwksKeyResolver extends RefreshingKeyCache {

    private static final Logger LOG = Logger.getLogger(JwksKeyResolver.class);
    private static final int MAX_BYTES = 256 * 1024;

    private final URI jwksUri;
    private final HttpClient http;

    private final java.util.function.Consumer<Boolean> fetched;

    public JwksKeyResolver(URI jwksUri, SSLContext tls, Duration minRefetchInterval) {
        this(jwksUri, tls, minRefetchInterval, ok -> {
        });
    }

    /** @param fetched told the outcome of every fetch (true: keys read), for metrics */
    public JwksKeyResolver(URI jwksUri, SSLContext tls, Duration minRefetchInterval, java.util.function.Consumer<Boolean> fetched) {
        super(minRefetchInterval);
        this.fetched = fetched;
        this.jwksUri = jwksUri;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    protected void refresh() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || r.body().length() > MAX_BYTES) {
                LOG.warnf("JWKS fetch from %s answered %d", jwksUri, r.statusCode());
                fetched.accept(false);
                return;
            }
            for (JsonWebKey jwk : new JsonWebKeySet(r.body()).getJsonWebKeys()) {
                if (jwk instanceof PublicJsonWebKey p && jwk.getKeyId() != null) {
                    remember(jwk.getKeyId(), p.getPublicKey());
                }
            }
            fetched.accept(true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("JWKS fetch from %s failed: %s", jwksUri, e.toString());
            fetched.accept(false);
        }
    }
}
