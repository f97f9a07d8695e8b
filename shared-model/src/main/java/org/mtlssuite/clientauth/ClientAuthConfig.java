package org.mtlssuite.clientauth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mtlssuite.cert.DistinguishedNameMatcher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Client authentication settings shared by every service that authenticates OAuth clients. */
@ConfigMapping(prefix = "suite.client-auth")
public interface ClientAuthConfig {

    /** PEM files whose certificates are the trust anchors of {@code tls_client_auth}. */
    Optional<List<String>> trustAnchors();

    /** {@code rfc4517} (positional, the default) or {@code order-insensitive}. */
    @WithDefault("rfc4517")
    DistinguishedNameMatcher.Mode subjectDnMatch();

    /** Longest presented chain accepted (leaf included). */
    @WithDefault("8")
    int maxChainLength();

    /**
     * How long a client's registration is served from memory at the token endpoint; changes made on
     * this replica take effect at once, changes made on another replica within this time.
     */
    @WithDefault("PT10S")
    java.time.Duration clientCacheTtl();

    /** How long a successful PKIX validation of an identical chain is remembered (never past the leaf's expiry). */
    @WithDefault("PT5M")
    java.time.Duration chainValidationCacheTtl();

    /** Realm of the Basic challenge after a failed client_secret_basic. */
    @WithDefault("mtls-suite")
    String realm();

    JwksUri jwksUri();

    interface JwksUri {
        @WithDefault("PT2S")
        Duration connectTimeout();

        @WithDefault("PT3S")
        Duration readTimeout();

        @WithDefault("65536")
        int maxBytes();

        @WithDefault("PT5M")
        Duration cacheTtl();

        /** At most one refetch per client within this interval when a certificate is not found. */
        @WithDefault("PT10S")
        Duration minRefetchInterval();

        /** Plain-HTTP jwks_uri values: for local development only. */
        @WithDefault("false")
        boolean allowHttp();

        /** Loopback, link-local and private jwks_uri targets (SSRF): for tests and local development only. */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Extra CA certificates (PEM) trusted when fetching jwks_uri, beside the JVM's. */
        Optional<String> trustPem();
    }
}
