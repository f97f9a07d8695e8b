package org.mtlssuite.binding;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Certificate-bound token enforcement for a Quarkus resource server (RFC 8705 sections 3 and 6.2).
 * Inactive unless {@code suite.binding.enabled=true}.
 */
@ConfigMapping(prefix = "suite.binding")
public interface BindingConfig {

    @WithDefault("false")
    boolean enabled();

    /** Path prefixes that require a bound token; {@code /q/} (health, metrics) is never protected. */
    @WithDefault("/")
    List<String> protectedPaths();

    /** {@code jwt} (local validation with the AS JWKS) or {@code introspection} (RFC 7662 call). */
    @WithDefault("jwt")
    Validation validation();

    /** Whether tokens without {@code cnf} are refused (a bound token must match in any case). */
    @WithDefault("true")
    boolean requireBinding();

    @WithDefault("resource")
    String realm();

    /** The AS issuer the tokens must come from. */
    Optional<String> issuer();

    /**
     * Audiences accepted (one must be in the token). Required when enabled: RFC 9068 section 4 makes
     * the audience check mandatory, so a resource server without one refuses to start.
     */
    Optional<List<String>> audience();

    /** Longest token lifetime ({@code exp - iat}) accepted; must be at least the AS's access-token lifetime. */
    @WithDefault("PT1H")
    Duration maxTokenLifetime();

    @WithDefault("30")
    int clockSkewSeconds();

    /** The AS JWKS (jwt mode). */
    Optional<String> jwksUri();

    /** Minimum interval between JWKS refetches caused by an unknown kid. */
    @WithDefault("PT5S")
    Duration jwksMinRefetchInterval();

    /**
     * How often the JWKS is read again and replaces the keys held (jwt mode): a key revoked at the AS
     * is refused at the latest this long after the AS stopped publishing it.
     */
    @WithDefault("PT1M")
    Duration jwksRefreshInterval();

    /** CA certificates (PEM) trusted for the JWKS and introspection calls, beside the JVM's. */
    Optional<String> trustPem();

    Introspection introspection();

    enum Validation {
        JWT, INTROSPECTION
    }

    interface Introspection {
        Optional<String> url();

        Optional<String> clientId();

        /** This resource server's client certificate (PEM, leaf first) and key (PKCS#8 PEM) for mTLS to the introspection service. */
        Optional<String> cert();

        Optional<String> key();

        /** Caching of active answers: off unless set, and never beyond the token's exp. */
        Optional<Duration> cacheTtl();

        /** Most answers cached at once (Caffeine evicts the least useful first). */
        @WithDefault("10000")
        int cacheMaxEntries();
    }
}
