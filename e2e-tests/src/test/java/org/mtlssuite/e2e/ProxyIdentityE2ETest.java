package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.json;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jwt.SignedJWT;

/**
 * Issue 16 point 2, with the production profile of the built jars: a trusted-proxy CIDR alone is
 * refused at start-up (AS and RS); with the proxy's certificate identity configured, a forwarded
 * certificate from a trusted address counts only on a connection that presents the proxy's own
 * certificate, and is otherwise ignored (no certificate: invalid_client); the loudly named override
 * starts with a WARN.
 */
class ProxyIdentityE2ETest {

    static final Map<String, String> TRUSTED_LOOPBACK = Map.of("suite.certificate-source.trusted-proxies", "127.0.0.1/32,::1/128");

    static final String REFUSAL = "refusing to start: suite.certificate-source.trusted-proxies: trusted proxies must also be "
            + "identified by their client certificate in production: set suite.certificate-source.proxy-certificate-dns to the "
            + "SAN dNSName of the proxy's certificate (or, knowing that any host in these CIDRs could then forward any client's "
            + "certificate, suite.certificate-source.insecure-trust-proxies-without-certificate=true)";

    static X509Certificate leaf(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(E2eSuite.get().pki().clientCert(fixture))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String thumbprint(String fixture) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf(fixture).getEncoded()));
    }

    /** A token request for demo-subject-dn, forwarding demo-subject-dn's certificate in an RFC 9440 header, over a connection presenting {@code connectionFixture}. */
    static HttpResponse<String> forwardedTokenRequest(int mtlsPort, String connectionFixture) throws Exception {
        String forwarded = ":" + Base64.getEncoder().encodeToString(leaf(Clients.SUBJECT_DN).getEncoded()) + ":";
        String body = "grant_type=client_credentials&client_id=" + URLEncoder.encode("demo-subject-dn", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + mtlsPort + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Client-Cert", forwarded)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return E2eSuite.client(connectionFixture).send(request, HttpResponse.BodyHandlers.ofString());
    }

    static Suite.Service startAs(String instance, int mtlsPort, Map<String, String> overrides) throws Exception {
        Suite suite = E2eSuite.get();
        Suite.Service as = suite.launchAuthorizationServer(instance, mtlsPort, overrides);
        suite.awaitServiceReady(as);
        return as;
    }

    static void stop(Suite.Service s) throws Exception {
        s.process().destroy();
        s.process().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void authorizationServerRefusesTrustedProxiesWithoutTheProxyCertificate() throws Exception {
        assertEquals(List.of(REFUSAL), StartupRefusalE2ETest.refusal("refuse-proxy-identity", TRUSTED_LOOPBACK));
    }

    @Test
    void resourceServerRefusesTrustedProxiesWithoutTheProxyCertificate() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> E2eSuite.get().startResourceServer("rs-refuse-proxy-identity", TRUSTED_LOOPBACK));
        assertTrue(e.getMessage().contains("exited with code 1"), e.getMessage());
        assertTrue(e.getMessage().contains(REFUSAL), e.getMessage());
    }

    @Test
    void withTheProxyIdentityAForwardedCertificateCountsOnlyOnTheProxysOwnConnection() throws Exception {
        Suite suite = E2eSuite.get();
        int mtls = suite.freePort();
        Map<String, String> settings = new HashMap<>(TRUSTED_LOOPBACK);
        settings.put("suite.certificate-source.proxy-certificate-dns", Values.PROXY_DNS);
        Suite.Service as = startAs("as-proxy-identity", mtls, settings);
        try {
            // From a trusted address without any certificate: the header is ignored, so there is no certificate.
            HttpResponse<String> none = forwardedTokenRequest(mtls, null);
            assertEquals(401, none.statusCode(), none.body());
            assertEquals("invalid_client", json(none).get("error"));
            assertTrue(((String) json(none).get("error_description")).contains("no_certificate"), none.body());
            assertNull(json(none).get("access_token"));
            // With a valid client certificate that is not the proxy's: ignored too; the connection's own certificate counts.
            HttpResponse<String> notTheProxy = forwardedTokenRequest(mtls, Clients.SAN_DNS);
            assertEquals(401, notTheProxy.statusCode(), notTheProxy.body());
            assertEquals("invalid_client", json(notTheProxy).get("error"));
            assertTrue(((String) json(notTheProxy).get("error_description")).contains("subject_mismatch"), notTheProxy.body());
            // With the proxy's certificate the forwarded certificate is used, and the token is bound to it.
            HttpResponse<String> proxy = forwardedTokenRequest(mtls, Clients.PROXY);
            assertEquals(200, proxy.statusCode(), proxy.body());
            assertEquals(Map.of("x5t#S256", thumbprint(Clients.SUBJECT_DN)),
                    SignedJWT.parse((String) json(proxy).get("access_token")).getJWTClaimsSet().getJSONObjectClaim("cnf"));
        } finally {
            stop(as);
        }
    }

    @Test
    void insecureOverrideStartsWithAWarningAndTrustsTheAddressAlone() throws Exception {
        Suite suite = E2eSuite.get();
        int mtls = suite.freePort();
        Map<String, String> settings = new HashMap<>(TRUSTED_LOOPBACK);
        settings.put("suite.certificate-source.insecure-trust-proxies-without-certificate", "true");
        Suite.Service as = startAs("as-insecure-proxies", mtls, settings);
        try {
            String log = Files.readString(as.log());
            assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains(
                    "suite.certificate-source.insecure-trust-proxies-without-certificate=true: proxies are trusted by address alone")),
                    log);
            // What the override means: any connection from the CIDR may forward a certificate.
            HttpResponse<String> r = forwardedTokenRequest(mtls, null);
            assertEquals(200, r.statusCode(), r.body());
        } finally {
            stop(as);
        }
    }
}
