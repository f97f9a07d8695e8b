package org.mtlssuite.authz.revocation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.store.RevokedToken;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A revoked token stays revoked until its exp PLUS the clock skew validators allow: within that
 * skew the introspection service still accepts the token, so the clean-up job must not forget the
 * revocation before (authz.revocation.validator-clock-skew, 1 minute by default).
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class RevocationRetentionTest {

    @Inject
    TokenRevocation revocation;

    @Inject
    GuardedJdbc db;

    void revoked(String jti, Instant expiresAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            db.update("delete from revoked_token where jti = ?", GuardedJdbc.values(jti), "test revocation reset");
            RevokedToken r = new RevokedToken();
            r.jti = jti;
            r.clientId = "retention-client";
            r.expiresAt = expiresAt;
            r.insert(db);
        });
    }

    boolean kept(String jti) {
        return RevokedToken.isRevoked(db, jti);
    }

    @Test
    void theCleanUpKeepsARevocationUntilExpiryPlusTheValidatorsClockSkew() {
        Instant now = Instant.now();
        revoked("retention-unexpired", now.plus(Duration.ofMinutes(2)));
        // Expired 20 s ago: a validator with the default 30 s skew still accepts the token itself.
        revoked("retention-within-skew", now.minus(Duration.ofSeconds(20)));
        revoked("retention-beyond-skew", now.minus(Duration.ofMinutes(5)));

        long removed = revocation.removeExpiredRevocations();

        assertTrue(removed >= 1, "at least the long-expired revocation was removed");
        assertTrue(kept("retention-unexpired"));
        assertTrue(kept("retention-within-skew"), "expired within the skew: still revoked");
        assertFalse(kept("retention-beyond-skew"), "expired for longer than the skew: forgotten");
        revocation.removeExpiredRevocations();
        assertTrue(kept("retention-within-skew"), "a second run keeps it as well");
    }
}
