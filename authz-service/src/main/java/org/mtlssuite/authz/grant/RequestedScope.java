package org.mtlssuite.authz.grant;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

/** RFC 6749 3.3: what a request may be granted, for every grant and the authorization endpoint. */
public final class RequestedScope {

    private RequestedScope() {
    }

    /** A subset of {@code allowed}; all of {@code allowed} when none is requested; {@code invalid_scope} otherwise. */
    public static String grant(String requested, List<String> allowed) {
        return grant(requested, allowed, "registered for this client");
    }

    /** As {@link #grant(String, List)}, naming where the allowed scopes come from in the error. */
    public static String grant(String requested, List<String> allowed, String allowedBy) {
        if (requested == null) {
            return String.join(" ", allowed);
        }
        Set<String> asked = new LinkedHashSet<>(OAuthClient.split(requested));
        for (String s : asked) {
            if (!allowed.contains(s)) {
                throw new OAuthException(400, OAuthError.INVALID_SCOPE, "scope " + s + " is not " + allowedBy);
            }
        }
        return String.join(" ", asked);
    }
}
