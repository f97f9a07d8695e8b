package org.mtlssuite.authz.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.protocol.SpaceDelimited;

/**
 * The user's claims a set of granted scopes releases (OpenID Connect Core 5.4), for both the ID
 * token and the UserInfo response: {@code profile} gives {@code name} and {@code preferred_username},
 * {@code email} gives {@code email} and {@code email_verified}. A claim the user does not have is left out.
 */
public final class StandardClaims {

    /** Every claim this AS can release, for claims_supported. */
    public static final List<String> SUPPORTED = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
            "amr", "name", "preferred_username", "email", "email_verified");

    private StandardClaims() {
    }

    public static Map<String, Object> of(EndUser user, String grantedScope) {
        List<String> scopes = SpaceDelimited.split(grantedScope);
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains(OidcScopes.PROFILE)) {
            if (user.name != null) {
                claims.put("name", user.name);
            }
            claims.put("preferred_username", user.username);
        }
        if (scopes.contains(OidcScopes.EMAIL) && user.email != null) {
            claims.put("email", user.email);
            claims.put("email_verified", user.emailVerified);
        }
        return claims;
    }
}
