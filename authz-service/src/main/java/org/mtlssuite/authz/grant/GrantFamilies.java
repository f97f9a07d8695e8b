package org.mtlssuite.authz.grant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.authorize.PendingAuthorization;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Map;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.store.AdvisoryLocks;
import org.mtlssuite.store.RevokedToken;

/**
 * Grants and their token families: starting one at a code redemption, adding refresh and access
 * tokens to it, and revoking it as a whole (RFC 7009 2.1; code and refresh token reuse, RFC 6749
 * 4.1.2 and OAuth 2.0 Security BCP 4.14.2). Callers hold the transaction.
 */
@ApplicationScoped
public class GrantFamilies {

    private static final Logger LOG = Logger.getLogger(GrantFamilies.class);
    private static final long CLEANUP_LOCK = 0x6d746c73_6772616eL; // "mtlsgran"

    @Inject
    AuthzConfig config;

    @Inject
    GuardedJdbc db;

    @Inject
    AuditTrail audit;

    /** Starts a grant for an account that still exists and is enabled; otherwise {@code invalid_grant}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuthorizationGrant start(String clientId, String subject, String scope) {
        // FOR SHARE: a concurrent disable or delete of the account (EndUsers) waits for this
        // transaction and then revokes the new grant, or has committed and is seen here.
        EndUser user = EndUser.findForShare(db, subject);
        if (user == null || !user.enabled) {
            throw OAuthException.invalidGrant("the user who approved this code is disabled or deleted");
        }
        AuthorizationGrant g = new AuthorizationGrant();
        g.grantId = UUID.randomUUID().toString();
        g.clientId = clientId;
        g.subject = subject;
        g.scope = scope;
        g.expiresAt = g.createdAt.plus(config.token().refreshTokenLifetime());
        g.insert(db);
        return g;
    }

    /** The grant, locked against concurrent refreshes and revocations until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuthorizationGrant lock(String grantId) {
        return AuthorizationGrant.findForUpdate(db, grantId);
    }

    /** A new refresh token of the grant; {@code x5tS256} binds it to a certificate (public clients, RFC 8705 4). */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issueRefreshToken(AuthorizationGrant grant, String x5tS256) {
        String token = OpaqueToken.generate();
        RefreshToken r = new RefreshToken();
        r.tokenHash = OpaqueToken.hash(token);
        r.grantId = grant.grantId;
        r.clientId = grant.clientId;
        r.x5tS256 = x5tS256;
        r.expiresAt = grant.expiresAt;
        r.insert(db);
        return token;
    }

    /** Records an access token issued under the grant (its id and lifetime), so that revoking the grant revokes it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAccessToken(AuthorizationGrant grant, String jti, long expiresInSeconds) {
        GrantAccessToken t = new GrantAccessToken();
        t.jti = jti;
        t.grantId = grant.grantId;
        t.expiresAt = Instant.now().plusSeconds(expiresInSeconds);
        t.insert(db);
    }

    /**
     * Whether the grant's user still exists and is enabled (a plain read: a concurrent disable
     * revokes the grant after the caller's lock on it is released).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean subjectActive(AuthorizationGrant grant) {
        EndUser user = EndUser.find(db, grant.subject);
        return user != null && user.enabled;
    }

    /**
     * Revokes every open grant of an end user (disabled or deleted). Locked in grant_id order, the
     * same as any other revocation, so concurrent revocations serialise instead of deadlocking.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAllOf(String subject, String reason) {
        List<AuthorizationGrant> open = AuthorizationGrant.lockOpenOf(db, subject);
        open.forEach(g -> revoke(g, reason));
        return open.size();
    }

    /** Drops an end user's codes that were issued but not yet redeemed (the user is being disabled or deleted). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long forgetUnredeemedCodes(String subject) {
        return AuthorizationCode.deleteUnredeemedOf(db, subject);
    }

    /** Ends the grant: its refresh tokens stop working and its unexpired access tokens are revoked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(AuthorizationGrant grant, String reason) {
        if (grant.revokedAt != null) {
            return;
        }
        grant.revoke(db, Instant.now());
        int accessTokens = RevokedToken.revokeAccessTokensOfGrant(db, grant.grantId, grant.clientId);
        LOG.infof("grant revoked (%s): grant_id=%s client_id=%s access_tokens_revoked=%d", reason, grant.grantId,
                grant.clientId, accessTokens);
        audit.record("grant_revoked", AuditEvent.SUCCESS, grant.clientId, Map.of("grant_id",
                grant.grantId, "reason", reason, "subject", grant.subject, "access_tokens_revoked", accessTokens));
    }

    /** Forgets grants past their end (with their tokens), spent codes and abandoned authorization requests; one replica at a time. */
    @Scheduled(every = "${authz.revocation.cleanup-interval:10m}", delayed = "45s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void cleanUpExpired() {
        if (!AdvisoryLocks.tryLockForTransaction(db, CLEANUP_LOCK)) {
            return;
        }
        // A redeemed code is kept past its expiry so that a late replay still revokes what it issued.
        Instant codesBefore = Instant.now().minus(config.token().accessTokenLifetime()).minus(config.authorization().codeLifetime());
        long codes = AuthorizationCode.deleteCreatedBefore(db, codesBefore);
        long grants = AuthorizationGrant.deleteExpiredBefore(db, Instant.now());
        long accessTokens = GrantAccessToken.deleteExpiredBefore(db, Instant.now());
        long requests = PendingAuthorization.deleteExpired(db, Instant.now());
        if (codes + grants + accessTokens + requests > 0) {
            LOG.infof("removed expired: %d grants, %d codes, %d access token records, %d authorization requests", grants, codes,
                    accessTokens, requests);
        }
    }
}
