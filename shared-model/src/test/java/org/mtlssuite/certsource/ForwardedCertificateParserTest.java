package org.mtlssuite.certsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.certsource.ForwardedCertificateParser.EnvoyElement;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;

/** Every forwarded format and every malformed case, with headers built here from dev PKI certificates. */
class ForwardedCertificateParserTest {

    @TempDir
    static Path dir;
    static List<X509Certificate> chain; // leaf + intermediate
    static X509Certificate other;
    static String chainPem;
    final ForwardedCertificateParser parser = new ForwardedCertificateParser(4);

    @BeforeAll
    static void pki() throws Exception {
        DevPkiFiles pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        chainPem = Files.readString(pki.clientCert(DevPki.Clients.VIA_INTERMEDIATE));
        try (InputStream in = Files.newInputStream(pki.clientCert(DevPki.Clients.VIA_INTERMEDIATE))) {
            chain = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> chain.add((X509Certificate) c));
        }
        try (InputStream in = Files.newInputStream(pki.clientCert(DevPki.Clients.SAN_DNS))) {
            other = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String b64(X509Certificate c) throws Exception {
        return Base64.getEncoder().encodeToString(c.getEncoded());
    }

    static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void rfc9440ClientCertAndChain() throws Exception {
        assertEquals(List.of(chain.get(0)), parser.rfc9440(":" + b64(chain.get(0)) + ":", null));
        assertEquals(chain, parser.rfc9440(" :" + b64(chain.get(0)) + ": ", ":" + b64(chain.get(1)) + ":"));
        assertEquals(List.of(chain.get(0), chain.get(1), other),
                parser.rfc9440(":" + b64(chain.get(0)) + ":", ":" + b64(chain.get(1)) + ":,  :" + b64(other) + ":"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "::", ":", "", "abc", ":not base64!:", "MIIB:", ":MIIB", ":bm90IGEgY2VydA==:" })
    void rfc9440MalformedClientCert(String value) {
        assertThrows(ForwardedCertificateException.class, () -> parser.rfc9440(value, null));
    }

    @Test
    void rfc9440MalformedOrTooLongChain() throws Exception {
        String leaf = ":" + b64(chain.get(0)) + ":";
        assertThrows(ForwardedCertificateException.class, () -> parser.rfc9440(leaf, ":" + b64(chain.get(1)) + ":,"));
        assertThrows(ForwardedCertificateException.class, () -> parser.rfc9440(leaf, b64(chain.get(1))));
        String five = String.join(",", java.util.Collections.nCopies(4, ":" + b64(other) + ":"));
        ForwardedCertificateException e = assertThrows(ForwardedCertificateException.class, () -> parser.rfc9440(leaf, five));
        assertTrue(e.getMessage().contains("longer than 4"));
    }

    @Test
    void nginxUrlEncodedAndPlainPem() throws Exception {
        assertEquals(List.of(chain.get(0)), parser.nginx(url(pem(chain.get(0)))));
        assertEquals(List.of(chain.get(0)), parser.nginx(pem(chain.get(0))));
        // The deprecated $ssl_client_cert form: lines joined by tabs.
        assertEquals(List.of(chain.get(0)), parser.nginx(pem(chain.get(0)).replace("\n", "\t")));
        assertEquals(chain, parser.nginx(url(chainPem)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "%ZZ", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----", "just text" })
    void nginxMalformed(String value) {
        assertThrows(ForwardedCertificateException.class, () -> parser.nginx(value));
    }

    @Test
    void traefikEscapedBase64Blocks() throws Exception {
        assertEquals(List.of(chain.get(0)), parser.traefik(url(b64(chain.get(0)))));
        assertEquals(chain, parser.traefik(url(b64(chain.get(0)) + "," + b64(chain.get(1)))));
        assertThrows(ForwardedCertificateException.class, () -> parser.traefik(""));
        assertThrows(ForwardedCertificateException.class, () -> parser.traefik("%%%"));
        assertThrows(ForwardedCertificateException.class, () -> parser.traefik(url(b64(chain.get(0)) + ",")));
        assertThrows(ForwardedCertificateException.class, () -> parser.traefik("bm90IGEgY2VydA=="));
    }

    @Test
    void envoyCertAndChainWithElementSelection() throws Exception {
        String hop1 = "By=spiffe://cluster.local/ns/a/sa/gw;Hash=abc;Cert=\"" + url(pem(other)) + "\";Subject=\"CN=x,O=y\";URI=";
        String hop2 = "By=spiffe://cluster.local/ns/b/sa/api;Hash=def;Cert=\"" + url(pem(chain.get(0))) + "\";Chain=\""
                + url(chainPem) + "\";DNS=a.example;DNS=b.example";
        String xfcc = hop1 + "," + hop2;
        assertEquals(chain, parser.envoy(xfcc, EnvoyElement.LAST));
        assertEquals(List.of(other), parser.envoy(xfcc, EnvoyElement.FIRST));
        // An element without Cert or Chain forwards no certificate.
        assertEquals(List.of(), parser.envoy("By=spiffe://x;Hash=abc", EnvoyElement.LAST));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Cert=\"unterminated", "Cert", "=value", "Cert=\"%ZZ\"", "Cert=\"just text\"",
            "Cert=a;Cert=b" })
    void envoyMalformed(String value) {
        assertThrows(ForwardedCertificateException.class, () -> parser.envoy(value, EnvoyElement.LAST));
    }

    @Test
    void envoyCertMustBeTheChainsLeaf() throws Exception {
        String xfcc = "Cert=\"" + url(pem(other)) + "\";Chain=\"" + url(chainPem) + "\"";
        assertThrows(ForwardedCertificateException.class, () -> parser.envoy(xfcc, EnvoyElement.LAST));
    }

    @Test
    void trustedProxyRulesParseIpv4AndIpv6Cidrs() {
        var v4 = ClientCertificateSource.rule("10.0.0.0/8");
        assertTrue(v4.matches(new java.net.InetSocketAddress("10.1.2.3", 1)));
        assertTrue(!v4.matches(new java.net.InetSocketAddress("11.1.2.3", 1)));
        var v6 = ClientCertificateSource.rule("2001:db8::/32");
        assertTrue(v6.matches(new java.net.InetSocketAddress("2001:db8:1::5", 1)));
        assertTrue(!v6.matches(new java.net.InetSocketAddress("2001:db9::5", 1)));
        assertTrue(ClientCertificateSource.rule("127.0.0.1").matches(new java.net.InetSocketAddress("127.0.0.1", 1)));
        assertThrows(IllegalStateException.class, () -> ClientCertificateSource.rule("10.0.0.0/33"));
        assertThrows(IllegalStateException.class, () -> ClientCertificateSource.rule("proxy.example/8"));
        assertThrows(IllegalStateException.class, () -> ClientCertificateSource.rule("10.0.0.0/x"));
    }
}
