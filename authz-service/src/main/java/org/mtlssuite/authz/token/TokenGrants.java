package org.mtlssuite.authz.token;

import java.util.EnumMap;
import java.util.Map;

import org.mtlssuite.protocol.GrantType;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The token endpoint's dispatch: every {@link TokenGrant} bean by its grant type, and the checks
 * every grant shares, done once before any grant runs (RFC 6749 5.2): {@code grant_type} present,
 * offered here ({@code unsupported_grant_type}), and registered for the client
 * ({@code unauthorized_client}).
 */
@ApplicationScoped
public class TokenGrants {

    private final Map<GrantType, TokenGrant> grants = new EnumMap<>(GrantType.class);

    @Inject
    public TokenGrants(Instance<TokenGrant> all) {
        this((Iterable<TokenGrant>) all);
    }

    TokenGrants(Iterable<TokenGrant> all) {
        for (TokenGrant g : all) {
            TokenGrant previous = grants.put(g.grantType(), g);
            if (previous != null) {
                throw new IllegalStateException("two grants for " + g.grantType() + ": " + previous + " and " + g);
            }
        }
    }

    /** The grant that serves {@code grantType} for {@code client}, or the error that refuses the request. */
    public TokenGrant select(String grantType, OAuthClient client) {
        if (grantType == null) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        TokenGrant grant = GrantType.parse(grantType).map(grants::get).orElse(null);
        if (grant == null) {
            throw new OAuthException(400, OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type " + grantType + " is not supported");
        }
        if (!client.mayUse(grant.grantType())) {
            throw new OAuthException(400, OAuthError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for the " + grant.grantType().value + " grant");
        }
        return grant;
    }
}
