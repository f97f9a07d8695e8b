package org.mtlssuite.authz.token;

import org.mtlssuite.protocol.GrantType;

/**
 * One grant type of the token endpoint (RFC 6749 4 and 6). Implementations are CDI beans, found by
 * {@link TokenGrants}, which has already checked that the client may use {@link #grantType()}
 * ({@code unauthorized_client}) before {@link #handle} runs. Every grant binds its tokens through
 * {@link CertificateBinding}.
 */
public interface TokenGrant {

    /** The {@code grant_type} this grant serves. */
    GrantType grantType();

    /**
     * Issues the tokens of an authenticated client's request, or refuses it.
     *
     * @throws org.mtlssuite.protocol.OAuthException an RFC 6749 5.2 error saying which check failed
     */
    TokenGrantResult handle(TokenRequest request);
}
