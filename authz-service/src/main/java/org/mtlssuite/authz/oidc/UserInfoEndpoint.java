package org.mtlssuite.authz.oidc;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.store.RevokedToken;
import org.mtlssuite.store.TokenVerificationKeys;
import org.mtlssuite.token.JwtAccessTokenValidator;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * OpenID Connect UserInfo (Core 5.3) as a protected resource: the access token is checked by the
 * same validator the introspection service uses (RFC 9068 {@code at+jwt} only, so an ID token is
 * refused), then revocation, the client's status, the {@code openid} scope and, for a
 * certificate-bound token, the certificate of this request (RFC 8705 3). The answer releases the
 * claims the token's scopes allow.
 */
@ApplicationScoped
public class UserInfoEndpoint {

    static final String REALM = "userinfo";

    @Inject
    AuthzConfig config;

    @Inject
    TokenVerificationKeys keys;

    @Inject
    ClientLookup clients;

    @Inject
    GuardedJdbc db;

    private JwtAccessTokenValidator validator;

    @PostConstruct
    void init() {
        // No clock skew: the tokens are this AS's own, checked against its own clock.
        validator = new JwtAccessTokenValidator(keys, config.issuer(), 0, Set.of());
    }

    /**
     * @param leaf the certificate of this request (connection or trusted proxy), null when none
     * @throws OAuthException 401 invalid_token or 403 insufficient_scope, with their RFC 6750 challenge
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> claims(String accessToken, X509Certificate leaf) {
        JwtAccessTokenValidator.ValidToken token;
        try {
            token = validator.validate(accessToken);
        } catch (JwtAccessTokenValidator.InvalidAccessTokenException e) {
            throw invalidToken(e.getMessage());
        }
        if (RevokedToken.isRevoked(db, token.jti())) {
            throw invalidToken("token has been revoked");
        }
        OAuthClient client = token.clientId() == null ? null : clients.find(token.clientId());
        if (client == null || !client.enabled) {
            throw invalidToken("the token's client is not registered or is disabled");
        }
        if (!OidcScopes.isOpenId(token.scope())) {
            throw new OAuthException(403, OAuthError.INSUFFICIENT_SCOPE, "UserInfo needs a token with the openid scope",
                    Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"openid\""));
        }
        String x5t = token.x5tS256();
        if (x5t != null) {
            if (leaf == null) {
                throw invalidToken("a certificate-bound token needs the client certificate on this connection");
            }
            if (!CertificateThumbprint.matches(x5t, leaf)) {
                throw invalidToken("the client certificate does not match the token's cnf.x5t#S256");
            }
        }
        String subject = token.claims().getClaimValue("sub") instanceof String s ? s : null;
        EndUser user = subject == null ? null : EndUser.find(db, subject);
        if (user == null || !user.enabled) {
            // A client_credentials token (sub is the client) or a user who is gone: no user to describe.
            throw invalidToken("the token does not stand for an active user");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sub", user.username);
        out.putAll(StandardClaims.of(user, token.scope()));
        return out;
    }

    static OAuthException invalidToken(String description) {
        // Quotes become apostrophes in the header, as they always did here (the body keeps the description as it is).
        return new OAuthException(401, OAuthError.INVALID_TOKEN, description, Map.of("WWW-Authenticate", OAuthErrors.bearerChallenge(REALM,
                OAuthErrors.BearerError.of(OAuthError.INVALID_TOKEN, description.replace("\"", "'")), Optional.empty())));
    }
}
