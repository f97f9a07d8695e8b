package org.mtlssuite.authz.revocation;

import java.time.Instant;
import java.util.Set;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.grant.AuthorizationGrant;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.authz.grant.RefreshToken;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.RevokedToken;
import org.mtlssuite.store.TokenVerificationKeys;
import org.mtlssuite.token.JwtAccessTokenValidator;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Map;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.store.AdvisoryLocks;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 7009 revocation of our JWT access tokens (a revoked token's jti is kept until the token
 * would have expired, plus the validators' clock skew) and of refresh tokens (their whole grant). Tokens we did not issue, expired ones and ones already revoked are accepted
 * silently (200); a token of another client is refused and stays valid.
 */
@ApplicationScoped
public class TokenRevocation {

    private static final Logger LOG = Logger.getLogger(TokenRevocation.class);
    private static final long CLEANUP_LOCK = 0x6d746c73_7265766fL; // "mtlsrevo"

    @Inject
    AuthzConfig config;

    @Inject
    TokenVerificationKeys keys;

    @Inject
    GuardedJdbc db;

    @Inject
    GrantFamilies grants;

    @Inject
    AuditTrail audit;

    /** At least the largest clock skew of the validators that check revocation (introspection.clock-skew-seconds). */
    @ConfigProperty(name = "authz.revocation.validator-clock-skew", defaultValue = "PT1M")
    Duration validatorClockSkew;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        validator = new JwtAccessTokenValidator(keys, config.issuer(), 0, Set.of());
    }

    @Transactional
    public void revoke(AuthenticatedClient client, String token) {
        if (OpaqueToken.looksOpaque(token)) {
            revokeRefreshToken(client, token);
            return;
        }
        JwtAccessTokenValidator.ValidToken valid;
        try {
            valid = validator.validate(token);
        } catch (JwtAccessTokenValidator.InvalidAccessTokenException e) {
            return; // RFC 7009 2.2: an invalid token needs no revocation
        }
        if (!client.clientId().equals(valid.clientId())) {
            throw OAuthException.invalidRequest("the token was issued to another client");
        }
        RevokedToken r = new RevokedToken();
        r.jti = valid.jti();
        r.clientId = valid.clientId();
        r.expiresAt = Instant.ofEpochSecond(valid.expiresAt());
        if (!r.insert(db)) {
            return; // revoked already: recorded and audited then
        }
        LOG.infof("access token revoked: jti=%s client_id=%s", r.jti, r.clientId);
        audit.record("token_revoked", AuditEvent.SUCCESS, r.clientId,
                Map.of("token_type", "access_token", "jti", r.jti));
    }

    /** RFC 7009 2.1: revoking a refresh token ends its grant, and with it the access tokens issued under it. */
    private void revokeRefreshToken(AuthenticatedClient client, String token) {
        RefreshToken stored = RefreshToken.find(db, OpaqueToken.hash(token));
        if (stored == null) {
            return;
        }
        if (!client.clientId().equals(stored.clientId)) {
            throw OAuthException.invalidRequest("the token was issued to another client");
        }
        AuthorizationGrant grant = grants.lock(stored.grantId);
        if (grant != null) {
            grants.revoke(grant, "refresh token revoked by its client");
        }
    }

    /**
     * Forgets revocations of tokens that have expired anyway; one replica at a time. A row is kept
     * until the token's {@code exp} PLUS the clock skew that validators allow: during that skew a
     * validator still accepts the token, so forgetting the revocation earlier would bring it back.
     */
    @Scheduled(every = "${authz.revocation.cleanup-interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanUpExpired() {
        removeExpiredRevocations();
    }

    /** The clean-up itself; the number of rows removed (0 when another replica holds the lock). */
    @Transactional
    long removeExpiredRevocations() {
        if (!AdvisoryLocks.tryLockForTransaction(db, CLEANUP_LOCK)) {
            return 0;
        }
        long deleted = RevokedToken.deleteExpiredBefore(db, Instant.now().minus(validatorClockSkew));
        if (deleted > 0) {
            LOG.infof("removed %d revocations of tokens expired for longer than the validators' clock skew", deleted);
        }
        return deleted;
    }
}
