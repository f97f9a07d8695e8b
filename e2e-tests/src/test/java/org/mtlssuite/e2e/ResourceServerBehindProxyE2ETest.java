package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

/**
 * A resource server behind a TLS-terminating proxy: the binding is checked against the forwarded
 * certificate when (and only when) the request comes from the trusted proxy.
 */
class ResourceServerBehindProxyE2ETest {

    static String url;

    @BeforeAll
    static void start() throws Exception {
        url = E2eSuite.get().startResourceServer("sample-resource-behind-proxy", Map.of(
                "suite.certificate-source.trusted-proxies", "127.0.0.1/32,::1/128",
                "suite.certificate-source.formats", "rfc9440,nginx,traefik,envoy",
                "suite.certificate-source.proxy-certificate-dns", Values.PROXY_DNS)).url();
    }

    static X509Certificate leaf(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(E2eSuite.get().pki().clientCert(fixture))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String[] header(String format, String fixture) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(leaf(fixture).getEncoded());
        String urlPem = URLEncoder.encode("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n",
                StandardCharsets.UTF_8).replace("+", "%20");
        return switch (format) {
            case "rfc9440" -> new String[] { "Client-Cert", ":" + b64 + ":" };
            case "nginx" -> new String[] { "ssl-client-cert", urlPem };
            case "traefik" -> new String[] { "X-Forwarded-Tls-Client-Cert", URLEncoder.encode(b64, StandardCharsets.UTF_8) };
            default -> new String[] { "X-Forwarded-Client-Cert", "Hash=00;Cert=\"" + urlPem + "\"" };
        };
    }

    static HttpResponse<String> get(String connectionFixture, String token, String... header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/accounts")).header("Authorization", "Bearer " + token);
        if (header.length == 2) {
            b.header(header[0], header[1]);
        }
        return E2eSuite.client(connectionFixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "rfc9440", "nginx", "traefik", "envoy" })
    void boundTokenIsAcceptedWithTheSameForwardedCertificateOnly(String format) throws Exception {
        String token = token("demo-subject-dn", Clients.SUBJECT_DN);
        assertEquals(200, get(Clients.PROXY, token, header(format, Clients.SUBJECT_DN)).statusCode());
        assertEquals(401, get(Clients.PROXY, token, header(format, Clients.SAN_DNS)).statusCode());
        // From a peer that is not the proxy the header is ignored: the connection's certificate counts.
        assertEquals(401, get(Clients.SAN_DNS, token, header(format, Clients.SUBJECT_DN)).statusCode());
        assertEquals(401, get(null, token, header(format, Clients.SUBJECT_DN)).statusCode());
    }

    @Test
    void proxyWithoutForwardedCertificateIsNoCertificateAndMalformedIsInvalidToken() throws Exception {
        String token = token("demo-subject-dn", Clients.SUBJECT_DN);
        assertEquals(401, get(Clients.PROXY, token).statusCode());
        HttpResponse<String> malformed = get(Clients.PROXY, token, "Client-Cert", "::");
        assertEquals(401, malformed.statusCode());
        assertEquals("invalid_token", json(malformed).get("error"));
        // Directly connected clients keep working on the same RS.
        assertEquals(200, get(Clients.SUBJECT_DN, token).statusCode());
    }
}
