package org.mtlssuite.store;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.token.AccessTokenKeyResolver;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * AS public keys read from the shared {@code signing_key} table (public JWKs only; private keys are
 * never opened here). Parsed keys are kept per kid; an unknown kid re-reads the table at most once
 * per second, so keys created by a rotation are found at once and a flood of random kids costs at
 * most one query a second.
 */
@ApplicationScoped
public class SigningKeyTable implements AccessTokenKeyResolver {

    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile Instant lastReload = Instant.EPOCH;

    @Override
    public PublicKey keyFor(String kid, String algorithm) {
        PublicKey k = keys.get(kid);
        if (k != null) {
            return k;
        }
        // Concurrent misses wait for the one reload in flight instead of reading "unknown" meanwhile.
        synchronized (this) {
            k = keys.get(kid);
            if (k != null) {
                return k;
            }
            Instant now = Instant.now();
            if (lastReload.plus(MIN_RELOAD_INTERVAL).isAfter(now)) {
                return null;
            }
            lastReload = now;
            reload();
            return keys.get(kid);
        }
    }

    private void reload() {
        QuarkusTransaction.joiningExisting().run(() -> {
            for (SigningKey row : SigningKey.<SigningKey>listAll()) {
                keys.computeIfAbsent(row.kid, kid -> parse(row));
            }
        });
    }

    private static PublicKey parse(SigningKey row) {
        try {
            return ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(row.publicJwk)).getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable public JWK of signing key " + row.kid, e);
        }
    }
}
