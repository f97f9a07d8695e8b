package org.mtlssuite.certsource;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the client certificate of a request comes from: the TLS connection (default), or a header
 * set by a TLS-terminating proxy, trusted only from the configured proxies (RFC 8705 6.5 and 7.3).
 */
@ConfigMapping(prefix = "suite.certificate-source")
public interface CertificateSourceConfig {

    /** CIDRs (IPv4 or IPv6) of trusted proxies; empty (the default) trusts no forwarded header. */
    Optional<List<String>> trustedProxies();

    /** Forwarded formats accepted from trusted proxies, in order: rfc9440, nginx, traefik, envoy. */
    @WithDefault("rfc9440")
    List<ForwardedCertificateFormat> formats();

    /**
     * A trusted proxy must also present a client certificate (valid to the client-auth trust anchors)
     * with this SAN dNSName; a forwarded header on a connection without it is ignored. Required in
     * production whenever {@link #trustedProxies()} is set (see {@link #insecureTrustProxiesWithoutCertificate()}).
     */
    Optional<String> proxyCertificateDns();

    /**
     * Production override: trust proxies by address alone, without {@link #proxyCertificateDns()}.
     * Every host that can reach the service from a trusted CIDR may then forward any client's public
     * certificate and get that client's tokens. Off by default; a WARN is logged at start when used.
     */
    @WithDefault("false")
    boolean insecureTrustProxiesWithoutCertificate();

    Headers headers();

    /**
     * Accept a forwarded chain that the proxy reports as verified ({@code ssl-client-verify: SUCCESS})
     * without the AS's own PKIX path validation. Off by default: the AS validates forwarded chains itself.
     */
    @WithDefault("false")
    boolean trustProxyVerification();

    @WithDefault("last")
    ForwardedCertificateParser.EnvoyElement envoyElement();

    @WithDefault("8")
    int maxChainLength();

    /** Forwarded headers longer than this are refused. */
    @WithDefault("16384")
    int maxHeaderBytes();

    interface Headers {
        @WithDefault("Client-Cert")
        String rfc9440();

        @WithDefault("Client-Cert-Chain")
        String rfc9440Chain();

        @WithDefault("ssl-client-cert")
        String nginx();

        @WithDefault("X-Forwarded-Tls-Client-Cert")
        String traefik();

        @WithDefault("X-Forwarded-Client-Cert")
        String envoy();

        /** The proxy's verification verdict (ingress-nginx {@code ssl-client-verify}). */
        @WithDefault("ssl-client-verify")
        String verify();

        /**
         * The caller's address as a trusted proxy reports it (rightmost entry that is not itself a
         * trusted proxy); used to key the failed-authentication limit behind a proxy.
         */
        @WithDefault("X-Forwarded-For")
        String forwardedFor();
    }
}
