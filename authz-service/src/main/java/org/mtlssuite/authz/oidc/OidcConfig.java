package org.mtlssuite.authz.oidc;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** OpenID Connect settings (documented in docs/openid-connect.md). */
@ConfigMapping(prefix = "authz.oidc")
public interface OidcConfig {

    /** Lifetime of ID tokens (their exp). */
    @WithDefault("PT1H")
    Duration idTokenLifetime();

    /**
     * How long a login at the AS lasts: within it, further authorization requests of the same
     * browser need no password (unless prompt=login or max_age ask for one).
     */
    @WithDefault("PT8H")
    Duration sessionLifetime();
}
