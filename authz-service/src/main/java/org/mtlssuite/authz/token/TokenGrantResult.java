package org.mtlssuite.authz.token;

/**
 * What a grant produced: the access token, a refresh token when one is issued (null otherwise) and,
 * for an OpenID Connect authorization code, the ID token (null otherwise).
 */
public record TokenGrantResult(AccessTokenIssuer.IssuedToken accessToken, String refreshToken, String idToken) {

    public TokenGrantResult(AccessTokenIssuer.IssuedToken accessToken, String refreshToken) {
        this(accessToken, refreshToken, null);
    }

    public static TokenGrantResult accessOnly(AccessTokenIssuer.IssuedToken accessToken) {
        return new TokenGrantResult(accessToken, null);
    }
}
