package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mtlssuite.authz.AuthzTestClient.leaf;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A self-signed client that registers a jwks_uri rotates its certificate: the AS refetches the
 * JWKS on a miss and accepts the new certificate, and the old one stops working.
 */
@QuarkusTest
@TestProfile(JwksUriRotationTest.LocalJwksServer.class)
@WithTestResource(SuiteTestResource.class)
class JwksUriRotationTest {

    public static class LocalJwksServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.client-auth.jwks-uri.allow-private-targets", "true",
                    "suite.client-auth.jwks-uri.trust-pem", "${suite.pki.dir}/ca.crt",
                    "suite.client-auth.jwks-uri.min-refetch-interval", "PT0S");
        }
    }

    static HttpsServer server;
    static final AtomicReference<String> jwks = new AtomicReference<>();
    static final AtomicInteger fetches = new AtomicInteger();

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @BeforeAll
    static void startJwksServer() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(SuiteTestResource.pki().dir().resolve("server/authz-service.p12"))) {
            ks.load(in, DevPki.P12_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, DevPki.P12_PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String jwksOf(String fixture) throws Exception {
        return new JWKSet(JWK.parse(leaf(fixture))).toString(true);
    }

    @Test
    void rotationOfTheRegisteredCertificateIsPickedUpOnAMiss() throws Exception {
        jwks.set(jwksOf(Clients.SELF_SIGNED));
        registerFresh(https.toString(), Map.of("client_id", "jwks-uri-client", "token_endpoint_auth_method",
                "self_signed_tls_client_auth", "jwks_uri", "https://localhost:" + server.getAddress().getPort() + "/jwks",
                "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read",
                "audience", List.of("sample-resource")));
        tokenWith(Clients.SELF_SIGNED).then().statusCode(200);
        int before = fetches.get();
        tokenWith(Clients.SELF_SIGNED).then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(before, fetches.get(), "a hit is served from the cache");

        jwks.set(jwksOf(Clients.SELF_SIGNED_UNREGISTERED));
        tokenWith(Clients.SELF_SIGNED_UNREGISTERED).then().statusCode(200);
        tokenWith(Clients.SELF_SIGNED).then().statusCode(401).body("error", equalTo("invalid_client"))
                .body("error_description", containsString("unregistered_certificate"));
    }

    io.restassured.response.Response tokenWith(String fixture) {
        return mtls(mtlsListener.port(), fixture).formParam("grant_type", "client_credentials")
                .formParam("client_id", "jwks-uri-client").post("/token");
    }
}
