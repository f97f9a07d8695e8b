package org.mtlssuite.certsource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;
import org.mtlssuite.clientauth.ClientAuthConfig;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place that says which client certificate a request presented: the TLS connection's, or,
 * when the immediate peer is a trusted proxy, the forwarded one. A forwarded header from any other
 * peer is ignored; a trusted proxy that forwards none means "no certificate", never its own.
 */
@ApplicationScoped
public class ClientCertificateSource {

    @Inject
    CertificateSourceConfig config;

    @Inject
    ClientAuthConfig clientAuth;

    private List<IpSubnetFilterRule> trusted;
    private ForwardedCertificateParser parser;
    private org.mtlssuite.cert.ReloadingChainValidator proxyValidator;

    @PostConstruct
    void init() {
        trusted = new ArrayList<>();
        for (String cidr : config.trustedProxies().orElse(List.of())) {
            trusted.add(rule(cidr.strip()));
        }
        parser = new ForwardedCertificateParser(config.maxChainLength());
        if (config.proxyCertificateDns().isPresent()) {
            try {
                proxyValidator = new org.mtlssuite.cert.ReloadingChainValidator(
                        clientAuth.trustAnchors().orElse(List.of()).stream().map(Path::of).toList(), config.maxChainLength(),
                        java.time.Duration.ZERO, java.time.Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException("suite.certificate-source.proxy-certificate-dns needs suite.client-auth.trust-anchors: "
                        + e.getMessage(), e);
            }
        }
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
     * A request's client chain (leaf first; empty when none) and whether a trusted proxy vouches
     * for having verified it (only with {@code trust-proxy-verification}).
     */
    public record PresentedChain(List<X509Certificate> chain, boolean verifiedByProxy, boolean forwarded) {
    }

    /** The client chain of the request, leaf first; empty when none was presented or forwarded. */
    public List<X509Certificate> chainOf(HttpServerRequest request) throws ForwardedCertificateException {
        return resolve(request).chain();
    }

    public PresentedChain resolve(HttpServerRequest request) throws ForwardedCertificateException {
        List<X509Certificate> connection = connectionCertificates(request);
        if (!fromTrustedProxy(request, connection)) {
            return new PresentedChain(connection, false, false);
        }
        for (ForwardedCertificateFormat format : config.formats()) {
            List<X509Certificate> forwarded = forwarded(request, format);
            if (forwarded != null) {
                boolean verified = config.trustProxyVerification() && !forwarded.isEmpty()
                        && "SUCCESS".equals(request.getHeader(config.headers().verify()));
                return new PresentedChain(forwarded, verified, true);
            }
        }
        return new PresentedChain(List.of(), false, true);
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
        if (ip == null) {
            return false;
        }
        InetSocketAddress address = new InetSocketAddress(ip, peer.port());
        if (trusted.stream().noneMatch(r -> r.matches(address))) {
            return false;
        }
        if (proxyValidator == null) {
            return true;
        }
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

    /** The format's forwarded chain, or null when the request does not carry that format's header. */
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
