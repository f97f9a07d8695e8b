package org.mtlssuite.certsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.netty.handler.ipfilter.IpSubnetFilterRule;

/** The pure rules of the certificate source: one forwarded format per request, the caller behind a proxy, proxy identity in production. */
class ClientCertificateSourceRulesTest {

    static final Map<ForwardedCertificateFormat, String> NAMES = Map.of(ForwardedCertificateFormat.RFC9440, "Client-Cert",
            ForwardedCertificateFormat.NGINX, "ssl-client-cert", ForwardedCertificateFormat.TRAEFIK, "X-Forwarded-Tls-Client-Cert",
            ForwardedCertificateFormat.ENVOY, "X-Forwarded-Client-Cert");
    static final List<ForwardedCertificateFormat> ALL = List.of(ForwardedCertificateFormat.values());

    static List<ForwardedCertificateFormat> carried(List<ForwardedCertificateFormat> configured, String... present)
            throws ForwardedCertificateException {
        Set<String> headers = Set.of(present);
        return ClientCertificateSource.carried(configured, NAMES::get, headers::contains);
    }

    @Test
    void oneForwardedFormatIsUsed() throws Exception {
        assertEquals(List.of(ForwardedCertificateFormat.NGINX), carried(ALL, "ssl-client-cert"));
        assertEquals(List.of(), carried(ALL));
    }

    @Test
    void twoConfiguredFormatsInOneRequestAreRefusedNamingBoth() {
        ForwardedCertificateException e = assertThrows(ForwardedCertificateException.class,
                () -> carried(ALL, "Client-Cert", "X-Forwarded-Client-Cert"));
        assertEquals("the request carries more than one forwarded client certificate header (Client-Cert, X-Forwarded-Client-Cert);"
                + " a trusted proxy forwards exactly one", e.getMessage());
    }

    @Test
    void headersOfFormatsThatAreNotConfiguredAreNotCounted() throws Exception {
        assertEquals(List.of(ForwardedCertificateFormat.RFC9440),
                carried(List.of(ForwardedCertificateFormat.RFC9440), "Client-Cert", "ssl-client-cert"));
        assertEquals(List.of(ForwardedCertificateFormat.RFC9440),
                carried(List.of(ForwardedCertificateFormat.RFC9440, ForwardedCertificateFormat.RFC9440), "Client-Cert"));
    }

    static Predicate<InetAddress> trusted(String... cidrs) {
        List<IpSubnetFilterRule> rules = java.util.Arrays.stream(cidrs).map(ClientCertificateSource::rule).toList();
        return ip -> rules.stream().anyMatch(r -> r.matches(new InetSocketAddress(ip, 0)));
    }

    @Test
    void callerBehindAProxyIsTheRightmostAddressThatIsNotAProxy() {
        Predicate<InetAddress> proxies = trusted("10.244.0.0/16");
        // The client may write anything on the left; the proxy appends the address it saw.
        assertEquals("203.0.113.9", ClientCertificateSource.rightmostUntrusted("198.51.100.1, 203.0.113.9", proxies, "10.244.1.1"));
        assertEquals("203.0.113.9", ClientCertificateSource.rightmostUntrusted("203.0.113.9, 10.244.3.3", proxies, "10.244.1.1"));
        assertEquals("2001:db8:0:0:0:0:0:1", ClientCertificateSource.rightmostUntrusted("2001:db8::1", proxies, "10.244.1.1"));
        assertEquals("10.244.3.3", ClientCertificateSource.rightmostUntrusted("10.244.3.3", proxies, "10.244.1.1"),
                "only proxies: the leftmost");
    }

    @Test
    void malformedForwardedForFallsBackToTheProxysAddress() {
        Predicate<InetAddress> proxies = trusted("10.244.0.0/16");
        assertEquals("10.244.1.1", ClientCertificateSource.rightmostUntrusted("unknown", proxies, "10.244.1.1"));
        assertEquals("10.244.1.1", ClientCertificateSource.rightmostUntrusted("203.0.113.9, evil.example", proxies, "10.244.1.1"));
        assertEquals("10.244.1.1", ClientCertificateSource.rightmostUntrusted("", proxies, "10.244.1.1"));
    }

    @Test
    void productionRefusesProxiesTrustedByAddressAlone() {
        Optional<String> problem = ClientCertificateSource.proxyIdentityProblem(List.of("prod"), true, false, false);
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("suite.certificate-source.proxy-certificate-dns"), problem.get());
        assertTrue(problem.get().contains("suite.certificate-source.insecure-trust-proxies-without-certificate=true"), problem.get());
        assertTrue(ClientCertificateSource.proxyIdentityProblem(List.of("staging"), true, false, false).isPresent(),
                "every profile but dev and test is production");
    }

    @Test
    void proxyCertificateOrTheOverrideOrDevAndTestAreAccepted() {
        assertEquals(Optional.empty(), ClientCertificateSource.proxyIdentityProblem(List.of("prod"), true, true, false));
        assertEquals(Optional.empty(), ClientCertificateSource.proxyIdentityProblem(List.of("prod"), true, false, true));
        assertEquals(Optional.empty(), ClientCertificateSource.proxyIdentityProblem(List.of("prod"), false, false, false));
        assertEquals(Optional.empty(), ClientCertificateSource.proxyIdentityProblem(List.of("dev"), true, false, false));
        assertEquals(Optional.empty(), ClientCertificateSource.proxyIdentityProblem(List.of("test"), true, false, false));
    }
}
