package org.mtlssuite.store;

import java.security.PublicKey;
import java.time.Duration;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.token.RefreshingKeyCache;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * AS public keys read from the shared {@code signing_key} table (public JWKs only; private keys are
 * never opened here). An unknown kid re-reads the table at most once per second, so keys created by
 * a rotation are found at once and a flood of random kids costs at most one query a second.
 */
@ApplicationScoped
public class SigningKeyTable extends RefreshingKeyCache {

    public SigningKeyTable() {
        super(Duration.ofSeconds(1));
    }

    @Override
    protected void refresh() {
        QuarkusTransaction.joiningExisting().run(() -> {
            for (SigningKey row : SigningKey.<SigningKey>listAll()) {
                remember(row.kid, parse(row));
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
