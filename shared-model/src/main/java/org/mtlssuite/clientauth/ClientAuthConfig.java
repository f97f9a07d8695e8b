package org.mtlssuite.clientauth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mtlssuite.cert.DistinguishedNameMatcher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.mtlssuite.cert.ClientCertificateChainValidator;

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
    Duration clientCacheTtl();

    /** How long a successful PKIX validation of an identical chain is remembered (never past the leaf's expiry). */
    @WithDefault("PT5M")
    Duration chainValidationCacheTtl();

    /** Realm of the Basic challenge after a failed client_secret_basic. */
    @WithDefault("mtls-suite")
    String realm();

    JwksUri jwksUri();

    /** Smallest RSA modulus accepted in a client certificate. */
    @WithDefault("2048")
    int minRsaKeyBits();

    /** Smallest EC key (field size) accepted in a client certificate: 256 is P-256. */
    @WithDefault("256")
    int minEcKeyBits();

    Revocation revocation();

    FailureLimit failureLimit();

    /**
     * Wrong client_secret_basic secrets allowed per window; beyond: 429 with Retry-After. Nothing else
     * counts (mTLS failures, unknown clients). The address is the caller's: the TCP peer, or behind a
     * trusted proxy the address the proxy reports.
     */
    interface FailureLimit {
        /** Per client and caller address; 0 turns this limit off. */
        @WithDefault("20")
        int perClient();

        /** Per caller address, whatever the client; 0 turns this limit off. */
        @WithDefault("100")
        int perPeer();

        @WithDefault("PT1M")
        Duration window();
    }

    /** Revocation checking of tls_client_auth chains (the leaf's status). */
    interface Revocation {
        /** {@code none} (default), {@code crl} (CRL files, and CRL distribution points if enabled) or {@code ocsp} (OCSP first, CRLs as fallback). */
        @WithDefault("none")
        ClientCertificateChainValidator.RevocationMode mode();

        /** PEM or DER CRL files, re-read when they change like the trust anchors. */
        Optional<List<String>> crlFiles();

        /** Fetch CRLs from the certificates' CRL distribution points (JDK's cache; http only). */
        @WithDefault("false")
        boolean crlDistributionPoints();

        /**
         * When the status cannot be determined: false (default) refuses with revocation_unknown;
         * true accepts and logs. A revoked certificate is refused either way.
         */
        @WithDefault("false")
        boolean softFail();
    }

    interface JwksUri {
        @WithDefault("PT2S")
        Duration connectTimeout();

        /** Longest silence while reading the answer (between two bytes). */
        @WithDefault("PT3S")
        Duration readTimeout();

        /** One deadline for the whole fetch: connection, TLS handshake, headers and body. */
        @WithDefault("PT5S")
        Duration fetchDeadline();

        /** After a failed fetch, no new attempt for min-refetch-interval, doubling with each failure up to this. */
        @WithDefault("PT5M")
        Duration failureBackoffMax();

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
