package org.mtlssuite.certsource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.jboss.logging.Logger;

import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.mtlssuite.cert.ReloadingChainValidator;

/**
 * The one place that says which client certificate a request presented: the TLS connection's, or,
 * when the immediate peer is a trusted proxy, the forwarded one. A forwarded header from any other
 * peer is ignored; a trusted proxy that forwards none means "no certificate", never its own.
 */
@ApplicationScoped
public class ClientCertificateSource {

    private static final Logger LOG = Logger.getLogger(ClientCertificateSource.class);

    public static final String TRUSTED_PROXIES = "suite.certificate-source.trusted-proxies";
    public static final String PROXY_CERTIFICATE_DNS = "suite.certificate-source.proxy-certificate-dns";
    public static final String INSECURE_OVERRIDE = "suite.certificate-source.insecure-trust-proxies-without-certificate";

    @Inject
    CertificateSourceConfig config;

    @Inject
    ClientTrustAnchors trustAnchors;

    private List<IpSubnetFilterRule> trusted;
    private ForwardedCertificateParser parser;
    private ReloadingChainValidator proxyValidator;

    @PostConstruct
    void init() {
        trusted = new ArrayList<>();
        for (String cidr : config.trustedProxies().orElse(List.of())) {
            trusted.add(rule(cidr.strip()));
        }
        parser = new ForwardedCertificateParser(config.maxChainLength());
        if (config.proxyCertificateDns().isPresent()) {
            try {
                proxyValidator = new ReloadingChainValidator(
                        trustAnchors.files(), config.maxChainLength(),
                        Duration.ZERO, Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException("suite.certificate-source.proxy-certificate-dns needs suite.client-auth.trust-anchors: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Production refuses proxies trusted by address alone (issue: a CIDR such as a pod network holds
     * more than the proxy). Checked before any port opens by {@code StartupChecks}; checked again here
     * so that no launch path skips it, and the override is announced.
     */
    void checkProxyIdentity(@Observes StartupEvent event) {
        Optional<String> problem = proxyIdentityProblem(ConfigUtils.getProfiles(), !trusted.isEmpty(),
                config.proxyCertificateDns().isPresent(), config.insecureTrustProxiesWithoutCertificate());
        if (problem.isPresent()) {
            throw new IllegalStateException(TRUSTED_PROXIES + ": " + problem.get());
        }
        if (config.insecureTrustProxiesWithoutCertificate() && !trusted.isEmpty() && config.proxyCertificateDns().isEmpty()) {
            LOG.warnf("%s=true: proxies are trusted by address alone; any host in %s can forward any client's certificate "
                    + "and get its tokens. Set %s instead.", INSECURE_OVERRIDE, config.trustedProxies().orElse(List.of()),
                    PROXY_CERTIFICATE_DNS);
        }
    }

    /**
     * The one rule, for the start-up check and for this bean: outside the dev and test profiles,
     * trusted proxies need {@code proxy-certificate-dns} unless the insecure override is set.
     * Empty when the settings are acceptable; otherwise the problem, in one line.
     */
    public static Optional<String> proxyIdentityProblem(List<String> profiles, boolean trustedProxiesSet, boolean proxyCertificateDnsSet,
            boolean insecureOverride) {
        boolean production = !profiles.contains("dev") && !profiles.contains("test");
        if (!production || !trustedProxiesSet || proxyCertificateDnsSet || insecureOverride) {
            return Optional.empty();
        }
        return Optional.of("trusted proxies must also be identified by their client certificate in production: set "
                + PROXY_CERTIFICATE_DNS + " to the SAN dNSName of the proxy's certificate (or, knowing that any host in these "
                + "CIDRs could then forward any client's certificate, " + INSECURE_OVERRIDE + "=true)");
    }

    /** Parses {@code a.b.c.d/n} or {@code x:y::z/n}; a bare address means one host. */
    public static IpSubnetFilterRule rule(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress ip = SubjectAlternativeNameMatcher.literal(address);
        if (ip == null) {
            throw new IllegalStateException("suite.certificate-source.trusted-proxies: '" + cidr + "' is not a CIDR");
        }
        int max = ip.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("suite.certificate-source.trusted-proxies: '" + cidr + "' has a bad prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalStateException("suite.certificate-source.trusted-proxies: '" + cidr + "' has a bad prefix length");
        }
        return new IpSubnetFilterRule(ip, prefix, IpFilterRuleType.ACCEPT);
    }

    /**
     * A request's client chain (leaf first; empty when none), whether a trusted proxy vouches for
     * having verified it (only with {@code trust-proxy-verification}), whether it came from a trusted
     * proxy's header, and the caller's address: the TCP peer, or behind a trusted proxy the address
     * the proxy reports ({@code X-Forwarded-For}).
     */
    public record PresentedChain(List<X509Certificate> chain, boolean verifiedByProxy, boolean forwarded, String caller) {
    }

    /** The client chain of the request, leaf first; empty when none was presented or forwarded. */
    public List<X509Certificate> chainOf(HttpServerRequest request) throws ForwardedCertificateException {
        return resolve(request).chain();
    }

    public PresentedChain resolve(HttpServerRequest request) throws ForwardedCertificateException {
        List<X509Certificate> connection = connectionCertificates(request);
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!fromTrustedProxy(request, connection)) {
            return new PresentedChain(connection, false, false, peer);
        }
        String caller = forwardedCaller(request, peer);
        List<ForwardedCertificateFormat> carried = carried(config.formats(), this::headerName, request.headers()::contains);
        if (carried.isEmpty()) {
            return new PresentedChain(List.of(), false, true, caller);
        }
        List<X509Certificate> forwarded = forwarded(request, carried.get(0));
        if (forwarded == null) {
            forwarded = List.of();
        }
        boolean verified = config.trustProxyVerification() && !forwarded.isEmpty()
                && "SUCCESS".equals(request.getHeader(config.headers().verify()));
        return new PresentedChain(forwarded, verified, true, caller);
    }

    /**
     * The configured formats whose header the request carries. More than one is refused: a proxy
     * sends one format, so a second header was passed through from the client (or two proxies
     * disagree), and choosing either would let the other be ignored silently.
     */
    static List<ForwardedCertificateFormat> carried(List<ForwardedCertificateFormat> configured,
            Function<ForwardedCertificateFormat, String> headerName, Predicate<String> present) throws ForwardedCertificateException {
        List<ForwardedCertificateFormat> carried = configured.stream().distinct().filter(f -> present.test(headerName.apply(f))).toList();
        if (carried.size() > 1) {
            throw new ForwardedCertificateException("the request carries more than one forwarded client certificate header ("
                    + carried.stream().map(headerName).collect(Collectors.joining(", ")) + "); a trusted proxy forwards exactly one");
        }
        return carried;
    }

    private String headerName(ForwardedCertificateFormat format) {
        CertificateSourceConfig.Headers h = config.headers();
        return switch (format) {
            case RFC9440 -> h.rfc9440();
            case NGINX -> h.nginx();
            case TRAEFIK -> h.traefik();
            case ENVOY -> h.envoy();
        };
    }

    /** Whether the address is in a trusted proxy CIDR (by address only: no certificate is looked at). */
    public boolean trustedProxyAddress(String hostAddress) {
        if (trusted.isEmpty() || hostAddress == null) {
            return false;
        }
        InetAddress ip = SubjectAlternativeNameMatcher.literal(hostAddress);
        return ip != null && trusted(ip);
    }

    private boolean trusted(InetAddress ip) {
        InetSocketAddress address = new InetSocketAddress(ip, 0);
        return trusted.stream().anyMatch(r -> r.matches(address));
    }

    /**
     * The caller as a trusted proxy reports it: the rightmost {@code X-Forwarded-For} entry that is
     * not itself a trusted proxy (entries left of it may be written by the caller and prove nothing).
     * The proxy's own address when the header is absent or that entry is not an IP address.
     */
    String forwardedCaller(HttpServerRequest request, String peer) {
        List<String> values = request.headers().getAll(config.headers().forwardedFor());
        if (values.isEmpty()) {
            return peer;
        }
        String joined = String.join(",", values);
        if (joined.length() > config.maxHeaderBytes()) {
            return peer;
        }
        return rightmostUntrusted(joined, this::trusted, peer);
    }

    static String rightmostUntrusted(String forwardedFor, Predicate<InetAddress> trusted, String fallback) {
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress ip = SubjectAlternativeNameMatcher.literal(hops[i].strip());
            if (ip == null) {
                return fallback;
            }
            if (!trusted.test(ip) || i == 0) {
                return ip.getHostAddress();
            }
        }
        return fallback;
    }

    private boolean fromTrustedProxy(HttpServerRequest request, List<X509Certificate> connection) {
        if (trusted.isEmpty()) {
            return false;
        }
        SocketAddress peer = request.remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return false;
        }
        InetAddress ip = SubjectAlternativeNameMatcher.literal(peer.hostAddress());
        if (ip == null || !trusted(ip)) {
            return false;
        }
        if (proxyValidator == null) {
            return true;
        }
        // The proxy must prove itself with its own client certificate on this very connection.
        if (connection.isEmpty()) {
            return false;
        }
        try {
            proxyValidator.current().validate(connection);
        } catch (CertificateRejectedException e) {
            return false;
        }
        return SubjectAlternativeNameMatcher.matches(SubjectAlternativeNameMatcher.SanType.DNS,
                config.proxyCertificateDns().get(), connection.get(0));
    }

    /** The format's forwarded chain (the caller checked that the request carries its header). */
    private List<X509Certificate> forwarded(HttpServerRequest request, ForwardedCertificateFormat format)
            throws ForwardedCertificateException {
        CertificateSourceConfig.Headers h = config.headers();
        return switch (format) {
            case RFC9440 -> {
                String cert = single(request, h.rfc9440());
                yield cert == null ? null : parser.rfc9440(cert, single(request, h.rfc9440Chain()));
            }
            case NGINX -> {
                String v = single(request, h.nginx());
                yield v == null ? null : parser.nginx(v);
            }
            case TRAEFIK -> {
                String v = single(request, h.traefik());
                yield v == null ? null : parser.traefik(v);
            }
            case ENVOY -> {
                // Envoy may legitimately send several XFCC fields; they form one comma-separated list.
                List<String> all = request.headers().getAll(h.envoy());
                if (all.isEmpty()) {
                    yield null;
                }
                String joined = String.join(",", all);
                checkSize(h.envoy(), joined);
                yield parser.envoy(joined, config.envoyElement());
            }
        };
    }

    private String single(HttpServerRequest request, String name) throws ForwardedCertificateException {
        List<String> values = request.headers().getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ForwardedCertificateException("the " + name + " header is repeated");
        }
        checkSize(name, values.get(0));
        return values.get(0);
    }

    private void checkSize(String name, String value) throws ForwardedCertificateException {
        if (value.length() > config.maxHeaderBytes()) {
            throw new ForwardedCertificateException("the " + name + " header is larger than " + config.maxHeaderBytes() + " bytes");
        }
    }

    /** The chain presented on the TLS connection itself (leaf first), or empty. */
    public static List<X509Certificate> connectionCertificates(HttpServerRequest request) {
        if (!request.isSSL()) {
            return List.of();
        }
        try {
            List<Certificate> peer = request.connection().peerCertificates();
            List<X509Certificate> out = new ArrayList<>();
            if (peer != null) {
                for (Certificate c : peer) {
                    if (c instanceof X509Certificate x) {
                        out.add(x);
                    }
                }
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
