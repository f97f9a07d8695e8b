package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlssuite.authz.AuthzTestClient.expectedThumbprint;
import static org.mtlssuite.authz.AuthzTestClient.leaf;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.io.InputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * RFC 8705 6.5 behind a TLS-terminating proxy: the loopback peer is trusted only when it also
 * presents the proxy's certificate; every supported header format yields a token bound to the
 * forwarded certificate, which the AS still validates itself.
 */
@QuarkusTest
@TestProfile(ForwardedClientCertificateTest.BehindProxy.class)
@WithTestResource(SuiteTestResource.class)
class ForwardedClientCertificateTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.certificate-source.trusted-proxies", "127.0.0.1/32,::1/128",
                    "suite.certificate-source.formats", "rfc9440,nginx,traefik,envoy",
                    "suite.certificate-source.proxy-certificate-dns", Values.PROXY_DNS,
                    "suite.certificate-source.trust-proxy-verification", "true");
        }
    }

    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @BeforeEach
    void register() {
        if (registered) {
            return;
        }
        String base = https.toString();
        registerFresh(base, Map.of("client_id", "fwd-subject-dn", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_subject_dn", Values.SUBJECT_DN, "tls_client_certificate_bound_access_tokens", true,
                "scope", "accounts:read"));
        registerFresh(base, Map.of("client_id", "fwd-via-intermediate", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_subject_dn", "CN=via-intermediate-client,O=Demo Bank,C=GB",
                "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read"));
        registerFresh(base, Map.of("client_id", "fwd-proxy-itself", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_san_dns", Values.PROXY_DNS, "tls_client_certificate_bound_access_tokens", true,
                "scope", "accounts:read"));
        registered = true;
    }

    static List<X509Certificate> chain(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(AuthzTestClient.pki().clientCert(fixture))) {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
            return out;
        }
    }

    static String b64(X509Certificate c) throws Exception {
        return Base64.getEncoder().encodeToString(c.getEncoded());
    }

    static String urlPem(X509Certificate c) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The header (name, value) of {@code format} carrying {@code fixture}'s certificate. */
    static String[] header(String format, String fixture) throws Exception {
        X509Certificate c = leaf(fixture);
        return switch (format) {
            case "rfc9440" -> new String[] { "Client-Cert", ":" + b64(c) + ":" };
            case "nginx" -> new String[] { "ssl-client-cert", urlPem(c) };
            case "traefik" -> new String[] { "X-Forwarded-Tls-Client-Cert", URLEncoder.encode(b64(c), StandardCharsets.UTF_8) };
            case "envoy" -> new String[] { "X-Forwarded-Client-Cert", "By=spiffe://ingress;Hash=00;Cert=\"" + urlPem(c) + "\"" };
            default -> throw new IllegalArgumentException(format);
        };
    }

    RequestSpecification tokenRequest(String connectionFixture, String clientId) {
        return mtls(mtlsListener.port(), connectionFixture).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId);
    }

    @ParameterizedTest
    @ValueSource(strings = { "rfc9440", "nginx", "traefik", "envoy" })
    void trustedProxyForwardsTheClientCertificateAndTheTokenIsBoundToIt(String format) throws Exception {
        String[] h = header(format, Clients.SUBJECT_DN);
        Response r = tokenRequest(Clients.PROXY, "fwd-subject-dn").header(h[0], h[1]).post("/token");
        r.then().statusCode(200);
        assertEquals(Map.of("x5t#S256", expectedThumbprint(Clients.SUBJECT_DN)),
                SignedJWT.parse(r.path("access_token")).getJWTClaimsSet().getJSONObjectClaim("cnf"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "rfc9440", "nginx", "traefik", "envoy" })
    void sameHeadersFromAPeerThatIsNotTheProxyAreIgnored(String format) throws Exception {
        String[] h = header(format, Clients.SUBJECT_DN);
        // Loopback address, but the connection certificate is a client's, not the proxy's: its own certificate counts.
        tokenRequest(Clients.SAN_DNS, "fwd-subject-dn").header(h[0], h[1]).post("/token").then().statusCode(401)
                .body("error", equalTo("invalid_client")).body("error_description", containsString("subject_mismatch"))
                .body("access_token", nullValue());
        tokenRequest(null, "fwd-subject-dn").header(h[0], h[1]).post("/token").then().statusCode(401)
                .body("error_description", containsString("no_certificate")).body("access_token", nullValue());
    }

    @Test
    void trustedProxyWithoutAForwardedCertificateMeansNoCertificateNeverItsOwn() {
        tokenRequest(Clients.PROXY, "fwd-proxy-itself").post("/token").then().statusCode(401)
                .body("error", equalTo("invalid_client")).body("error_description", containsString("no_certificate"));
    }

    @Test
    void forwardedChainIsStillValidatedByTheAs() throws Exception {
        List<X509Certificate> viaIntermediate = chain(Clients.VIA_INTERMEDIATE);
        tokenRequest(Clients.PROXY, "fwd-via-intermediate").header("Client-Cert", ":" + b64(viaIntermediate.get(0)) + ":")
                .header("Client-Cert-Chain", ":" + b64(viaIntermediate.get(1)) + ":").post("/token").then().statusCode(200);
        // Without its intermediate the forwarded leaf has no path to the trust anchor.
        tokenRequest(Clients.PROXY, "fwd-via-intermediate").header("Client-Cert", ":" + b64(viaIntermediate.get(0)) + ":")
                .post("/token").then().statusCode(401).body("error_description", containsString("untrusted_chain"));
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", ":" + b64(leaf(Clients.UNTRUSTED_CA)) + ":")
                .post("/token").then().statusCode(401).body("error_description", containsString("untrusted_chain"));
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", ":" + b64(leaf(Clients.EXPIRED)) + ":")
                .post("/token").then().statusCode(401).body("error_description", containsString("expired"));
    }

    @Test
    void proxyVerdictIsTrustedOnlyWhenConfiguredAndOnlyAsSuccess() throws Exception {
        String rogue = ":" + b64(leaf(Clients.UNTRUSTED_CA)) + ":";
        // This profile enables trust-proxy-verification: SUCCESS from the trusted proxy replaces PKIX...
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", rogue).header("ssl-client-verify", "SUCCESS")
                .post("/token").then().statusCode(200);
        // ...any other verdict does not, and the subject must still match and the certificate be within its validity.
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", rogue).header("ssl-client-verify", "FAILED:unable to verify")
                .post("/token").then().statusCode(401).body("error_description", containsString("untrusted_chain"));
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", ":" + b64(leaf(Clients.SAN_DNS)) + ":")
                .header("ssl-client-verify", "SUCCESS").post("/token").then().statusCode(401)
                .body("error_description", containsString("subject_mismatch"));
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", ":" + b64(leaf(Clients.EXPIRED)) + ":")
                .header("ssl-client-verify", "SUCCESS").post("/token").then().statusCode(401)
                .body("error_description", containsString("expired"));
        // A peer that is not the proxy cannot claim a verdict.
        tokenRequest(Clients.SAN_DNS, "fwd-subject-dn").header("Client-Cert", rogue).header("ssl-client-verify", "SUCCESS")
                .post("/token").then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = { "::", ":bm90IGEgY2VydA==:", "MIIB", ":@@@:" })
    void malformedForwardedHeaderIsInvalidRequest(String value) {
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", value).post("/token").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("error_description", containsString("forwarded client certificate"))
                .body("access_token", nullValue());
    }

    @Test
    void duplicatedOrOversizedHeaderIsInvalidRequest() throws Exception {
        String one = ":" + b64(leaf(Clients.SUBJECT_DN)) + ":";
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("Client-Cert", one).header("Client-Cert", one).post("/token")
                .then().statusCode(400).body("error_description", containsString("repeated"));
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header("ssl-client-cert", "A".repeat(17_000)).post("/token")
                .then().statusCode(400).body("error_description", containsString("larger than"));
    }

    @Test
    void twoForwardedFormatsInOneRequestAreRefusedAsInvalidRequest() throws Exception {
        String[] rfc9440 = header("rfc9440", Clients.SUBJECT_DN);
        String[] nginx = header("nginx", Clients.SUBJECT_DN);
        String[] envoy = header("envoy", Clients.SAN_DNS);
        // Even two headers with the same certificate: the proxy sends one format, so the other came from elsewhere.
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header(rfc9440[0], rfc9440[1]).header(nginx[0], nginx[1]).post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("forwarded client certificate: the request carries more than one forwarded client "
                        + "certificate header (Client-Cert, ssl-client-cert); a trusted proxy forwards exactly one"))
                .body("access_token", nullValue());
        tokenRequest(Clients.PROXY, "fwd-subject-dn").header(nginx[0], nginx[1]).header(envoy[0], envoy[1]).post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", containsString("(ssl-client-cert, X-Forwarded-Client-Cert)")).body("access_token", nullValue());
        // From a peer that is not the proxy every forwarded header is ignored, two of them included: its own certificate counts.
        tokenRequest(Clients.SUBJECT_DN, "fwd-subject-dn").header(rfc9440[0], rfc9440[1]).header(envoy[0], envoy[1]).post("/token")
                .then().statusCode(200);
    }
}
