package org.mtlssuite.authz.token;

/** What a grant produced: the access token, and a refresh token when one is issued (null otherwise). */
public record TokenGrantResult(AccessTokenIssuer.IssuedToken accessToken, String refreshToken) {

    public static TokenGrantResult accessOnly(AccessTokenIssuer.IssuedToken accessToken) {
        return new TokenGrantResult(accessToken, null);
    }
}
