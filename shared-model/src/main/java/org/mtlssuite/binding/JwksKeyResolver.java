package org.mtlssuite.binding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.mtlssuite.token.RefreshingKeyCache;
import java.io.IOException;

/**
 * The AS keys from its JWKS over HTTPS. The JWKS is read again every refresh interval and replaces
 * the keys held (a key the AS stopped publishing, such as a revoked one, is forgotten); an unknown
 * kid refetches it at most once per minimum interval, so a key rotation is picked up without a restart.
 */
public final class JwksKeyResolver extends RefreshingKeyCache {

    private static final int MAX_BYTES = 256 * 1024;

    private final URI jwksUri;
    private final HttpClient http;
    private final Consumer<Boolean> fetched;

    public JwksKeyResolver(URI jwksUri, SSLContext tls, Duration refreshInterval, Duration minRefetchInterval) {
        this(jwksUri, tls, refreshInterval, minRefetchInterval, ok -> {
        });
    }

    /** @param fetched told the outcome of every fetch (true: keys read), for metrics */
    public JwksKeyResolver(URI jwksUri, SSLContext tls, Duration refreshInterval, Duration minRefetchInterval,
            Consumer<Boolean> fetched) {
        super(refreshInterval, minRefetchInterval);
        this.fetched = fetched;
        this.jwksUri = jwksUri;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    protected Map<String, PublicKey> load() throws KeySourceException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new KeySourceException("the JWKS request timed out");
        } catch (IOException e) {
            throw new KeySourceException("the JWKS could not be fetched (connection or TLS failure)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("the JWKS fetch was interrupted");
        }
        if (r.statusCode() != 200) {
            throw new KeySourceException("the JWKS answered HTTP " + r.statusCode());
        }
        if (r.body().length() > MAX_BYTES) {
            throw new KeySourceException("the JWKS is larger than " + MAX_BYTES + " bytes");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        try {
            for (JsonWebKey jwk : new JsonWebKeySet(r.body()).getJsonWebKeys()) {
                if (jwk instanceof PublicJsonWebKey p && jwk.getKeyId() != null) {
                    keys.put(jwk.getKeyId(), p.getPublicKey());
                }
            }
        } catch (JoseException e) {
            throw new KeySourceException("the JWKS is not a JWK Set");
        }
        return keys;
    }

    @Override
    protected void loaded(boolean ok) {
        fetched.accept(ok);
    }

    @Override
    protected String source() {
        return jwksUri.toString();
    }
}
