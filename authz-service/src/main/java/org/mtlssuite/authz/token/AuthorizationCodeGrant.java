package org.mtlssuite.authz.token;

import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.authorize.Pkce;
import org.mtlssuite.authz.grant.AuthorizationCode;
import org.mtlssuite.authz.grant.AuthorizationGrant;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.authz.oidc.IdTokenIssuer;
import org.mtlssuite.authz.oidc.OidcScopes;
import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.protocol.SpaceDelimited;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.token.OpaqueToken;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The authorization_code grant (RFC 6749 4.1.3) with PKCE verification (RFC 7636 4.6). The code is
 * single use: a second redemption revokes everything the first one issued (RFC 6749 4.1.2). The
 * access token is bound to the request's certificate by {@link CertificateBinding}; a public client
 * that presented a certificate gets a refresh token bound to it (RFC 8705 4).
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements TokenGrant {

    private static final Logger LOG = Logger.getLogger(AuthorizationCodeGrant.class);

    @Inject
    CertificateBinding binding;

    @Inject
    AccessTokenIssuer issuer;

    @Inject
    GrantFamilies grants;

    @Inject
    GuardedJdbc db;

    @Inject
    IdTokenIssuer idTokens;

    @Override
    public GrantType grantType() {
        return GrantType.AUTHORIZATION_CODE;
    }

    /** Committed even when it refuses: a replayed code's revocation must stick. */
    @Override
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenGrantResult handle(TokenRequest request) {
        AuthenticatedClient client = request.client();
        OAuthClient c = request.registration();
        String code = request.parameter("code");
        String redirectUri = request.parameter("redirect_uri");
        String verifier = request.parameter("code_verifier");
        if (code == null) {
            throw OAuthException.invalidRequest("code is required");
        }
        if (redirectUri == null) {
            throw OAuthException.invalidRequest("redirect_uri is required");
        }
        if (verifier == null) {
            throw OAuthException.invalidRequest("code_verifier is required (PKCE, RFC 7636)");
        }
        if (!Pkce.isValidVerifier(verifier)) {
            throw OAuthException.invalidRequest("code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~");
        }
        // Decided before the code is spent: a request that cannot get a token leaves the code usable.
        Map<String, Object> cnf = binding.confirmation(client);

        AuthorizationCode stored = AuthorizationCode.findForUpdate(db, OpaqueToken.hash(code));
        if (stored == null) {
            throw OAuthException.invalidGrant("the authorization code is unknown");
        }
        if (!stored.clientId.equals(c.clientId)) {
            LOG.warnf("authorization code presented by another client: client_id=%s, issued to %s", c.clientId, stored.clientId);
            throw OAuthException.invalidGrant("the authorization code was issued to another client");
        }
        if (stored.redeemedAt != null) {
            if (stored.grantId != null) {
                AuthorizationGrant replayed = grants.lock(stored.grantId);
                if (replayed != null) {
                    grants.revoke(replayed, "authorization code reused");
                }
            }
            throw OAuthException.invalidGrant("the authorization code was already used; the tokens issued with it are revoked");
        }
        if (!Instant.now().isBefore(stored.expiresAt)) {
            throw OAuthException.invalidGrant("the authorization code has expired");
        }
        if (!stored.redirectUri.equals(redirectUri)) {
            throw OAuthException.invalidGrant("redirect_uri differs from the one of the authorization request");
        }
        if (!Pkce.verifierMatches(verifier, stored.codeChallenge)) {
            throw OAuthException.invalidGrant("code_verifier does not match the code_challenge (PKCE)");
        }

        // Checked before the code is spent: an ID token needs the user's current claims.
        EndUser idTokenUser = null;
        if (OidcScopes.isOpenId(stored.scope)) {
            idTokenUser = EndUser.find(db, stored.subject);
            if (idTokenUser == null || !idTokenUser.enabled) {
                throw OAuthException.invalidGrant("the user of this authorization code is no longer active");
            }
        }

        AuthorizationGrant grant = grants.start(c.clientId, stored.subject, stored.scope);
        stored.markRedeemed(db, Instant.now(), grant.grantId);
        AccessTokenIssuer.IssuedToken access = issuer.issue(stored.subject, c.clientId, c.audienceList(), stored.scope, cnf);
        grants.recordAccessToken(grant, access.jti(), access.expiresIn());
        String refresh = null;
        if (c.mayUse(GrantType.REFRESH_TOKEN)) {
            refresh = grants.issueRefreshToken(grant, binding.refreshTokenThumbprint(client));
        }
        return new TokenGrantResult(access, refresh, idTokenUser == null ? null : idToken(c, idTokenUser, stored, access));
    }

    /**
     * OpenID Connect Core 3.1.3.3: a code whose request had the openid scope also gives an ID token,
     * with the nonce and the authentication facts the code carried. Never certificate-bound.
     */
    private String idToken(OAuthClient c, EndUser user, AuthorizationCode code, AccessTokenIssuer.IssuedToken access) {
        Instant authTime = code.authTime != null ? code.authTime : code.createdAt;
        return idTokens.issue(c, user, new IdTokenIssuer.Authentication(authTime, SpaceDelimited.split(code.amr), code.nonce),
                access.jwt(), code.scope);
    }
}
