package org.mtlssuite.authz.token;

import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.grant.AuthorizationGrant;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.authz.grant.RefreshToken;
import org.mtlssuite.authz.grant.RequestedScope;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The refresh_token grant (RFC 6749 6) with RFC 8705 4 binding: a certificate-bound refresh token
 * (public client) needs the same certificate again; a confidential client's is bound to the client
 * through its authentication. Public clients' refresh tokens rotate, and presenting a rotated one
 * again revokes the whole grant (OAuth 2.0 Security BCP 4.14.2). The new access token is bound to
 * this request's certificate.
 */
@ApplicationScoped
public class RefreshTokenGrant implements TokenGrant {

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);

    @Inject
    CertificateBinding binding;

    @Inject
    AccessTokenIssuer issuer;

    @Inject
    GrantFamilies grants;

    @Inject
    GuardedJdbc db;

    @Override
    public GrantType grantType() {
        return GrantType.REFRESH_TOKEN;
    }

    /** Committed even when it refuses: a reused token's revocation of its grant must stick. */
    @Override
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenGrantResult handle(TokenRequest request) {
        AuthenticatedClient client = request.client();
        OAuthClient c = request.registration();
        String presented = request.parameter("refresh_token");
        if (presented == null) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        RefreshToken token = RefreshToken.find(db, OpaqueToken.hash(presented));
        if (token == null) {
            throw OAuthException.invalidGrant("the refresh token is unknown");
        }
        if (!token.clientId.equals(c.clientId)) {
            LOG.warnf("refresh token presented by another client: client_id=%s, issued to %s", c.clientId, token.clientId);
            throw OAuthException.invalidGrant("the refresh token was issued to another client");
        }
        // Grant first, then token: the same order as revocation, so concurrent refreshes and revocations serialise.
        AuthorizationGrant grant = grants.lock(token.grantId);
        // Read again under the lock: a concurrent refresh may have rotated it meanwhile. Gone only
        // with its grant (on delete cascade).
        token = RefreshToken.findForUpdate(db, token.tokenHash);
        Instant now = Instant.now();
        if (grant == null || grant.revokedAt != null || token == null) {
            throw OAuthException.invalidGrant("the refresh token's grant has been revoked");
        }
        if (token.rotatedAt != null) {
            grants.revoke(grant, "rotated refresh token reused");
            throw OAuthException.invalidGrant("the refresh token was already used; its grant is revoked");
        }
        if (!grants.subjectActive(grant)) {
            // Disabling or deleting through the admin API revokes at once; this catches any other way.
            grants.revoke(grant, "user disabled or deleted");
            throw OAuthException.invalidGrant("the user of this grant is disabled or deleted; the grant is revoked");
        }
        if (!now.isBefore(token.expiresAt) || !grant.usable(now)) {
            throw OAuthException.invalidGrant("the refresh token has expired");
        }
        binding.requireRefreshTokenCertificate(token.x5tS256, client);
        String scope = RequestedScope.grant(request.parameter("scope"), OAuthClient.split(grant.scope),
                "part of the original grant");
        Map<String, Object> cnf = binding.confirmation(client);

        AccessTokenIssuer.IssuedToken access = issuer.issue(grant.subject, c.clientId, c.audienceList(), scope, cnf);
        grants.recordAccessToken(grant, access.jti(), access.expiresIn());
        String successor = null;
        if (client.method() == ClientAuthMethod.NONE) {
            token.markRotated(db, now);
            successor = grants.issueRefreshToken(grant, token.x5tS256);
        }
        return new TokenGrantResult(access, successor);
    }
}
