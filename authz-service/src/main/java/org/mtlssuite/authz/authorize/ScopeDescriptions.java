package org.mtlssuite.authz.authorize;

import java.util.List;
import java.util.Map;

import org.mtlssuite.authz.oidc.OidcScopes;
import org.mtlssuite.protocol.SpaceDelimited;

/** What the consent page says a scope lets the application do, in words a person reads. */
public final class ScopeDescriptions {

    /** One line of the consent page: the description, and the scope's own name beside it. */
    public record Line(String scope, String description) {
    }

    private static final Map<String, String> KNOWN = Map.of(
            OidcScopes.OPENID, "Know who you are (your user name as an identifier)",
            OidcScopes.PROFILE, "See your name",
            OidcScopes.EMAIL, "See your email address",
            "accounts:read", "See your accounts and balances",
            "payments:write", "Make payments from your accounts");

    private ScopeDescriptions() {
    }

    public static List<Line> of(String scope) {
        return SpaceDelimited.split(scope).stream().map(s -> new Line(s, KNOWN.getOrDefault(s, s))).toList();
    }
}
