package org.mtlssuite.store;

import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.token.RefreshingKeyCache;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * AS public keys read from the shared {@code signing_key} table (public JWKs only; private keys are
 * never opened here). The table is re-read every {@code suite.signing-keys.refresh-interval} and
 * replaces what was held, so a key revoked at the AS (deleted) is refused within that interval. An
 * unknown kid re-reads the table at most once per second, so keys created by a rotation are found at
 * once and a flood of random kids costs at most one query a second.
 */
@ApplicationScoped
public class TokenVerificationKeys extends RefreshingKeyCache {

    /** Every key's id and public JWK: one statement, no ORM (introspection has none). */
    static final String PUBLIC_KEYS = "select kid, public_jwk from signing_key";

    @ConfigProperty(name = "suite.signing-keys.refresh-interval", defaultValue = "PT1M")
    Duration refreshInterval;

    @Inject
    GuardedJdbc jdbc;

    public TokenVerificationKeys() {
        super(Duration.ofMinutes(1), Duration.ofSeconds(1));
    }

    @PostConstruct
    void init() {
        intervals(refreshInterval, Duration.ofSeconds(1));
    }

    @Override
    protected Map<String, PublicKey> load() throws KeySourceException {
        try {
            return jdbc.query(PUBLIC_KEYS, ps -> { }, rs -> {
                Map<String, PublicKey> keys = new HashMap<>();
                while (rs.next()) {
                    keys.put(rs.getString(1), parse(rs.getString(1), rs.getString(2)));
                }
                return keys;
            }, "signing key read");
        } catch (IllegalStateException e) {
            throw new KeySourceException(e.getMessage());
        } catch (RuntimeException e) {
            throw new KeySourceException("the signing_key table could not be read");
        }
    }

    @Override
    protected String source() {
        return "the signing_key table";
    }

    private static PublicKey parse(String kid, String publicJwk) {
        try {
            return ((PublicJsonWebKey) JsonWebKey.Factory.newJwk(publicJwk)).getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable public JWK of signing key " + kid);
        }
    }
}
