package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

/**
 * {@code examples/quarkus-oidc-resource-server}: stock quarkus-oidc, default discovery against our
 * issuer, {@code quarkus.oidc.token.binding.certificate=true}, started as a process from its jar.
 * Certificate-bound tokens from our AS are accepted only with the certificate they are bound to.
 */
class QuarkusOidcResourceServerE2ETest {

    static final String CLIENT = "example-rs-caller";
    /** The client's certificate: tls_client_auth by SAN URI; its tokens are bound to it. */
    static final String CERT = Clients.SAN_URI;
    static final String AUDIENCE = "quarkus-oidc-resource-server";

    static ExampleApp rs;

    @BeforeAll
    static void start() throws Exception {
        admin("DELETE", "/admin/clients/" + CLIENT, null);
        HttpResponse<String> registered = admin("POST", "/admin/clients", Map.of("client_id", CLIENT,
                "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_uri", Values.SAN_URI,
                "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read", "audience", List.of(AUDIENCE)));
        assertEquals(201, registered.statusCode(), registered.body());
        rs = ExampleApp.start("quarkus-oidc-resource-server", E2eSuite.get().freePort(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (rs != null) {
            rs.close();
        }
    }

    static HttpResponse<String> call(String fixture, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rs.url() + "/api/whoami"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return E2eSuite.client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertRefused(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                "RFC 6750 challenge: " + r.headers().map());
        assertFalse(r.body().contains(CLIENT), r.body());
    }

    @Test
    void boundTokenWithTheCertificateItIsBoundToIsAccepted() throws Exception {
        String token = token(CLIENT, CERT);
        HttpResponse<String> r = call(CERT, "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body() + "\n" + rs.tail(20));
        Map<String, Object> body = json(r);
        assertEquals(CLIENT, body.get("client_id"));
        assertEquals("accounts:read", body.get("scope"));
        // The thumbprint computed here from the certificate file, independently of the AS and quarkus-oidc.
        assertEquals(IntrospectionAndRevocationE2ETest.thumbprint(CERT), body.get("x5t#S256"));
    }

    @Test
    void boundTokenWithAnotherCertificateIsRefused() throws Exception {
        assertRefused(call(Clients.SAN_DNS, "Bearer " + token(CLIENT, CERT)));
    }

    @Test
    void boundTokenWithoutAnyCertificateIsRefused() throws Exception {
        assertRefused(call(null, "Bearer " + token(CLIENT, CERT)));
    }

    @Test
    void tamperedTokensAreRefused() throws Exception {
        String token = token(CLIENT, CERT);
        String[] parts = token.split("\\.");
        // Payload changed (scope widened), signature kept.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"accounts:read\""), payload);
        String widened = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("\"accounts:read\"", "\"accounts:read payments:write\"").getBytes(StandardCharsets.UTF_8));
        assertRefused(call(CERT, "Bearer " + parts[0] + "." + widened + "." + parts[2]));
        // Signature bytes changed.
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        assertRefused(call(CERT, "Bearer " + parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(signature)));
        // Signature stripped (alg none would be the next trick).
        assertRefused(call(CERT, "Bearer " + parts[0] + "." + parts[1] + "."));
    }

    @Test
    void certificateAloneIsNotAnIdentity() throws Exception {
        // client-auth=REQUEST would let Quarkus' mTLS mechanism authenticate the certificate; the API is bearer-only.
        assertRefused(call(CERT, null));
    }

    @Test
    void tokenForAnotherResourceServerIsRefused() throws Exception {
        // A demo client's token names aud=sample-resource: bound and valid, but not meant for this service.
        String other = token("demo-san-dns", Clients.SAN_DNS);
        assertRefused(call(Clients.SAN_DNS, "Bearer " + other));
    }
}
