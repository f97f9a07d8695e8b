package org.mtlssuite.authz.oidc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.protocol.SpaceDelimited;

/**
 * The OpenID Connect scopes (Core 3.1.2.1, 5.4). They are always offered, beside the configured API
 * scopes; a client still asks for them only when its registration lists them, like any scope.
 */
public final class OidcScopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final List<String> ALL = List.of(OPENID, PROFILE, EMAIL);

    private OidcScopes() {
    }

    /** scopes_supported, and what registrations may use: the OpenID Connect scopes, then the configured ones. */
    public static List<String> supported(AuthzConfig config) {
        Set<String> all = new LinkedHashSet<>(ALL);
        all.addAll(config.token().scopesSupported());
        return List.copyOf(all);
    }

    public static boolean isOpenId(String scope) {
        return scope != null && SpaceDelimited.split(scope).contains(OPENID);
    }
}
