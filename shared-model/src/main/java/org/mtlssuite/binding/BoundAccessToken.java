package org.mtlssuite.binding;

import java.util.Set;

/** The access token of the current request, after validation and the binding check. */
public record BoundAccessToken(String subject, String clientId, Set<String> scopes, String x5tS256) {

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
