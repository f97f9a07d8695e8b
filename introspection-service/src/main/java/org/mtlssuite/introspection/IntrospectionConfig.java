package org.mtlssuite.introspection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Introspection service settings. */
@ConfigMapping(prefix = "introspection")
public interface IntrospectionConfig {

    /** The AS issuer whose tokens this service introspects. */
    String issuer();

    /** Clock skew allowed on exp and nbf, in seconds. */
    @WithDefault("30")
    int clockSkewSeconds();

    /** Longest access-token lifetime ({@code exp - iat}) accepted; must be at least the AS's access-token lifetime. */
    @WithDefault("PT1H")
    Duration maxTokenLifetime();
}
