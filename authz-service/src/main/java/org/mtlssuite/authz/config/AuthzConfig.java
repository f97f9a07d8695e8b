package org.mtlssuite.authz.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Authorization server settings; each is documented in the README's configuration table. */
@ConfigMapping(prefix = "authz")
public interface AuthzConfig {

    /** The issuer identifier (RFC 8414): the public base URL of the main listener. */
    String issuer();

    /** Public base URL of the mTLS listener, where the mtls_endpoint_aliases point. */
    String mtlsBaseUrl();

    /** Public URL of the introspection service, advertised as introspection_endpoint. */
    Optional<String> introspectionUrl();

    Mtls mtls();

    Token token();

    KeyProtection keyProtection();

    Admin admin();

    Registration registration();

    Keys keys();

    Authorization authorization();

    /** The authorization endpoint and the code grant (RFC 6749 4.1, RFC 7636). */
    interface Authorization {
        /** How long an authorization code can be redeemed. */
        @WithDefault("PT1M")
        Duration codeLifetime();

        /** How long the login and consent page of one authorization request stays usable. */
        @WithDefault("PT10M")
        Duration requestLifetime();

        /** Wrong passwords accepted for one authorization request before it is abandoned with access_denied. */
        @WithDefault("5")
        int maxFailedLogins();
    }

    interface Registration {
        /** Initial access token (RFC 7591 3) that dynamic registration requires. */
        Optional<String> initialAccessToken();

        /** Open registration without any token: only where any party may register clients. */
        @WithDefault("false")
        boolean open();
    }

    interface Keys {
        /** Age at which the current signing key is replaced by the next one. */
        @WithDefault("P30D")
        Duration rotationPeriod();

        /** How often replicas re-read the keys and check whether a rotation is due. */
        @WithDefault("1m")
        String checkInterval();
    }

    interface Mtls {
        /** Port of the second HTTPS listener that requests client certificates (0: any free port). */
        @WithDefault("8444")
        int port();

        @WithDefault("0.0.0.0")
        String host();

        /** TLS versions of the mTLS listener; add TLSv1.2 for FAPI deployments that need it. */
        @WithDefault("TLSv1.3")
        List<String> protocols();

        /** Largest request header block, in bytes (the main listener: quarkus.http.limits.max-header-size). */
        @WithDefault("32768")
        int maxHeaderSize();

        /** Open connections at most; beyond, new ones are closed at once (quarkus.http.limits.max-connections: main listener). */
        @WithDefault("10000")
        int maxConnections();
    }

    interface Token {
        /** ES256 (default), RS256 or PS256. */
        @WithDefault("ES256")
        String signingAlgorithm();

        @WithDefault("PT5M")
        Duration accessTokenLifetime();

        /**
         * Lifetime of a grant's refresh tokens, counted from the user's consent: rotation does not
         * extend it, so a grant ends at the latest this long after the user approved it.
         */
        @WithDefault("P30D")
        Duration refreshTokenLifetime();

        /** Audience of access tokens for clients that register none. */
        @WithDefault("sample-resource")
        List<String> defaultAudience();

        /** Scopes the AS knows (advertised as scopes_supported; registrations may only use these). */
        @WithDefault("accounts:read,payments:write")
        List<String> scopesSupported();
    }

    interface KeyProtection {
        /** High-entropy secret (32+ random bytes, base64 or text) that seals signing keys at rest. */
        String secret();
    }

    interface Admin {
        /** Bearer token of the admin API; the admin API refuses every call while it is unset. */
        Optional<String> token();

        /**
         * Serve the admin API only on its own listener ({@link #port()}), never on the public ones,
         * where /admin/* answers 404. false (test profile only; refused in production) keeps it on the main listener.
         */
        @WithDefault("true")
        boolean separateListener();

        /** Port of the admin listener (HTTPS, server certificate of the main listener; 0: any free port). Reach it in-cluster only. */
        @WithDefault("8445")
        int port();

        @WithDefault("0.0.0.0")
        String host();

        /**
         * Optional: the admin listener also requires an administrator's client certificate, valid to
         * suite.client-auth.trust-anchors, with this SAN dNSName (besides the bearer token).
         */
        Optional<String> clientCertificateDns();
    }
}
