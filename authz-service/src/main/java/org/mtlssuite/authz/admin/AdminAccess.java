package org.mtlssuite.authz.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Protects the admin API with a bearer token from configuration ({@code authz.admin.token}),
 * compared in constant time. Without a configured token the admin API refuses every call.
 */
@ApplicationScoped
public class AdminAccess {

    @Inject
    AuthzConfig config;

    public void require(String authorization) {
        String expected = config.admin().token().orElse(null);
        if (expected == null || expected.isBlank()) {
            throw new OAuthException(403, OAuthError.ACCESS_DENIED, "the admin API is disabled: set authz.admin.token");
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new OAuthException(401, OAuthError.INVALID_TOKEN, "a valid admin bearer token is required",
                    Map.of("WWW-Authenticate", OAuthErrors.bearerChallenge("admin", OAuthErrors.BearerError.invalidToken(),
                            Optional.empty())));
        }
    }
}
