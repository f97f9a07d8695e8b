package org.mtlssuite.authz.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.grant.AuthorizationGrant;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.authz.grant.RefreshToken;
import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.ClientAuthMethod;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The refresh_token grant (RFC 6749 6) with RFC 8705 4 binding: a certificate-bound refresh token
 * (public client) needs the same certificate again; a confidential client's is bound to the client
 * through its authentication. Public clients' refresh tokens rotate, and presenting a rotated one
 * again revokes the whole grant (OAuth 2.0 Security BCP 4.14.2). The new access token is bound to
 * this request's certificate.
 */
@ApplicationScoped
public class RefreshTokenGrant {

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);

    @Inject
    CertificateBinding binding;

    @Inject
    AccessTokenIssuer issuer;

    @Inject
    GrantFamilies grants;

    @Inject
    EntityManager em;

    /** Committed even when it refuses: a reused token's revocation of its grant must stick. */
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenGrantResult grant(AuthenticatedClient client, MultivaluedMap<String, String> form) {
        OAuthClient c = client.client();
        if (!c.grantTypeList().contains("refresh_token")) {
            throw new OAuthException(400, OAuthError.UNAUTHORIZED_CLIENT, "the client is not registered for the refresh_token grant");
        }
        String presented = FormParameters.single(form, "refresh_token");
        if (presented == null) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        RefreshToken token = em.find(RefreshToken.class, OpaqueToken.hash(presented));
        if (token == null) {
            throw OAuthException.invalidGrant("the refresh token is unknown");
        }
        if (!token.clientId.equals(c.clientId)) {
            LOG.warnf("refresh token presented by another client: client_id=%s, issued to %s", c.clientId, token.clientId);
            throw OAuthException.invalidGrant("the refresh token was issued to another client");
        }
        // Grant first, then token: the same order as revocation, so concurrent refreshes and revocations serialise.
        AuthorizationGrant grant = grants.lock(token.grantId);
        em.refresh(token, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (grant == null || grant.revokedAt != null) {
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
        if (token.x5tS256 != null) {
            if (client.certificate() == null) {
                throw OAuthException.invalidGrant("the refresh token is bound to a certificate: present it over mutual TLS");
            }
            String presentedThumbprint = CertificateThumbprint.x5tS256(client.certificate());
            if (!MessageDigest.isEqual(presentedThumbprint.getBytes(StandardCharsets.US_ASCII),
                    token.x5tS256.getBytes(StandardCharsets.US_ASCII))) {
                throw OAuthException.invalidGrant("the refresh token is bound to another certificate");
            }
        }
        String scope = RequestedScope.grant(FormParameters.single(form, "scope"), OAuthClient.split(grant.scope),
                "part of the original grant");
        Map<String, Object> cnf = binding.confirmation(client);

        AccessTokenIssuer.IssuedToken access = issuer.issue(grant.subject, c.clientId, c.audienceList(), scope, cnf);
        grants.recordAccessToken(grant, access);
        String successor = null;
        if (client.method() == ClientAuthMethod.NONE) {
            token.rotatedAt = now;
            successor = grants.issueRefreshToken(grant, token.x5tS256);
        }
        return new TokenGrantResult(access, successor);
    }
}
