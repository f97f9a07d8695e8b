package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.introspectionUrl;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * RFC 7662 introspection and RFC 7009 revocation across the real processes: tokens minted by the
 * real AS, introspected by the real introspection service, over mTLS with dev PKI certificates.
 */
class IntrospectionAndRevocationE2ETest {

    /** The resource server's own client: it has the introspection permission (tls_client_auth by SAN DNS). */
    static final String CALLER = "demo-resource-server";
    static final String CALLER_CERT = Clients.RESOURCE_SERVER;

    @BeforeAll
    static void start() throws Exception {
        E2eSuite.get();
        admin("DELETE", "/admin/clients/e2e-no-introspection", null);
        admin("POST", "/admin/clients", Map.of("client_id", "e2e-no-introspection", "token_endpoint_auth_method",
                "tls_client_auth", "tls_client_auth_san_uri", Values.SAN_URI, "scope", DemoClients.SCOPE,
                "tls_client_certificate_bound_access_tokens", true));
    }

    static Map<String, Object> introspect(String token) throws Exception {
        HttpResponse<String> r = postForm(CALLER_CERT, introspectionUrl() + "/introspect",
                form("token", token, "client_id", CALLER));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return json(r);
    }

    static String thumbprint(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(E2eSuite.get().pki().clientCert(fixture))) {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        }
    }

    static void assertInactive(String token) throws Exception {
        assertEquals(Map.of("active", false), introspect(token));
    }

    @Test
    void tokenOverMtlsThenIntrospectionShowsTheSameCnfThenRevokedReadsInactive() throws Exception {
        String token = token("demo-san-dns", Clients.SAN_DNS);
        Map<String, Object> active = introspect(token);
        assertEquals(true, active.get("active"));
        assertEquals(Map.of("x5t#S256", thumbprint(Clients.SAN_DNS)), active.get("cnf"));
        assertEquals("demo-san-dns", active.get("client_id"));
        assertEquals("demo-san-dns", active.get("sub"));
        assertEquals(DemoClients.SCOPE, active.get("scope"));
        assertEquals("Bearer", active.get("token_type"));
        assertEquals(E2eSuite.get().manifest().issuer(), active.get("iss"));
        assertEquals("sample-resource", active.get("aud"));
        assertTrue(active.get("exp") instanceof Number && active.get("iat") instanceof Number);
        assertEquals(SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), active.get("jti"));

        HttpResponse<String> revoked = postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                form("token", token, "client_id", "demo-san-dns", "token_type_hint", "access_token"));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertInactive(token);
        // Revoking again, or revoking something that is not our token, still answers 200.
        assertEquals(200, postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke", form("token", token, "client_id", "demo-san-dns")).statusCode());
        assertEquals(200, postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke", form("token", "not-a-token", "client_id", "demo-san-dns")).statusCode());
    }

    @Test
    void aClientCannotRevokeAnotherClientsTokenWhichStaysActive() throws Exception {
        String token = token("demo-san-uri", Clients.SAN_URI);
        HttpResponse<String> r = postForm(Clients.SAN_EMAIL, mtlsUrl() + "/revoke", form("token", token, "client_id", "demo-san-email"));
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request", json(r).get("error"));
        assertEquals(true, introspect(token).get("active"));
    }

    @Test
    void revocationNeedsClientAuthenticationAndTheMtlsListener() throws Exception {
        String token = token("demo-san-uri", Clients.SAN_URI);
        HttpResponse<String> noCert = postForm(null, mtlsUrl() + "/revoke", form("token", token, "client_id", "demo-san-uri"));
        assertEquals(401, noCert.statusCode());
        assertEquals("invalid_client", json(noCert).get("error"));
        HttpResponse<String> mainListener = postForm(null, E2eSuite.authzUrl() + "/revoke", form("token", token, "client_id", "demo-san-uri"));
        assertEquals(404, mainListener.statusCode());
        HttpResponse<String> noToken = postForm(Clients.SAN_URI, mtlsUrl() + "/revoke", form("client_id", "demo-san-uri"));
        assertEquals(400, noToken.statusCode());
        assertEquals("invalid_request", json(noToken).get("error"));
        assertEquals(true, introspect(token).get("active"));
    }

    @Test
    void tamperedPayloadIsInactive() throws Exception {
        String[] parts = token("demo-san-dns", Clients.SAN_DNS).split("\\.");
        Map<String, Object> claims = E2eSuite.JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
        claims.put("scope", "accounts:read payments:write admin");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(E2eSuite.JSON.writeValueAsBytes(claims));
        assertInactive(parts[0] + "." + payload + "." + parts[2]);
    }

    @Test
    void unknownKidIsInactive() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        JWTClaimsSet claims = JWTClaimsSet.parse(SignedJWT.parse(token("demo-san-dns", Clients.SAN_DNS)).getJWTClaimsSet().toJSONObject());
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(UUID.randomUUID().toString())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        forged.sign(new ECDSASigner((ECPrivateKey) g.generateKeyPair().getPrivate()));
        assertInactive(forged.serialize());
    }

    static JWTClaimsSet.Builder validClaims() throws Exception {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(E2eSuite.get().manifest().issuer()).subject("demo-san-dns")
                .claim("client_id", "demo-san-dns").audience("sample-resource").issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000)).jwtID(UUID.randomUUID().toString()).claim("scope", "accounts:read");
    }

    @Test
    void tokensSignedWithTheAsKeyAreActiveOnlyWithTheRightIssuerAndTimes() throws Exception {
        // Control: the forging path itself yields an active token, so the negatives below test what they say.
        assertEquals(true, introspect(AsKeyForgery.sign(validClaims().build())).get("active"));
        assertInactive(AsKeyForgery.sign(validClaims().issuer("https://other-issuer.example").build()));
        long now = System.currentTimeMillis();
        assertInactive(AsKeyForgery.sign(validClaims().issueTime(new Date(now - 600_000)).expirationTime(new Date(now - 60_000)).build()));
        assertInactive(AsKeyForgery.sign(validClaims().notBeforeTime(new Date(now + 600_000)).build()));
    }

    @Test
    void malformedAndUnsignedTokensAreInactive() throws Exception {
        assertInactive("not-a-jwt");
        assertInactive("a.b.c");
        assertInactive(new PlainJWT(validClaims().build()).serialize());
    }

    @Test
    void tokenOfADisabledOrDeletedClientIsInactive() throws Exception {
        Map<String, Object> md = Map.of("client_id", "e2e-short-lived", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_san_ip", Values.SAN_IP_V4, "scope", DemoClients.SCOPE,
                "tls_client_certificate_bound_access_tokens", true, "audience", List.of("sample-resource"));
        admin("DELETE", "/admin/clients/e2e-short-lived", null);
        assertEquals(201, admin("POST", "/admin/clients", md).statusCode());
        String token = token("e2e-short-lived", Clients.SAN_IP);
        assertEquals(true, introspect(token).get("active"));
        assertEquals(200, admin("POST", "/admin/clients/e2e-short-lived/disable", null).statusCode());
        assertInactive(token);
        assertEquals(200, admin("POST", "/admin/clients/e2e-short-lived/enable", null).statusCode());
        assertEquals(true, introspect(token).get("active"));
        assertEquals(204, admin("DELETE", "/admin/clients/e2e-short-lived", null).statusCode());
        assertInactive(token);
    }

    @Test
    void callersMustAuthenticateAndHoldTheIntrospectionPermission() throws Exception {
        String token = token("demo-san-dns", Clients.SAN_DNS);
        HttpResponse<String> anonymous = postForm(null, introspectionUrl() + "/introspect", form("token", token));
        assertEquals(401, anonymous.statusCode());
        assertEquals("invalid_client", json(anonymous).get("error"));
        HttpResponse<String> noCert = postForm(null, introspectionUrl() + "/introspect", form("token", token, "client_id", CALLER));
        assertEquals(401, noCert.statusCode());
        assertEquals("invalid_client", json(noCert).get("error"));
        assertFalse(noCert.body().contains("active"));
        HttpResponse<String> wrongCert = postForm(Clients.SAN_DNS, introspectionUrl() + "/introspect", form("token", token, "client_id", CALLER));
        assertEquals(401, wrongCert.statusCode());
        HttpResponse<String> forbidden = postForm(Clients.SAN_URI, introspectionUrl() + "/introspect",
                form("token", token, "client_id", "e2e-no-introspection"));
        assertEquals(403, forbidden.statusCode());
        assertEquals(Map.of("error", "unauthorized_client", "error_description",
                "this client may not call the introspection endpoint"), json(forbidden));
    }

    @Test
    void metadataAdvertisesRevocationAndIntrospectionWithTheirAliases() throws Exception {
        HttpResponse<String> r = E2eSuite.client(null).send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(E2eSuite.authzUrl() + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> m = json(r);
        assertEquals(mtlsUrl() + "/revoke", m.get("revocation_endpoint"));
        assertEquals(introspectionUrl() + "/introspect", m.get("introspection_endpoint"));
        Map<?, ?> aliases = (Map<?, ?>) m.get("mtls_endpoint_aliases");
        assertEquals(mtlsUrl() + "/revoke", aliases.get("revocation_endpoint"));
        assertEquals(introspectionUrl() + "/introspect", aliases.get("introspection_endpoint"));
        assertTrue(((List<?>) m.get("introspection_endpoint_auth_methods_supported")).contains("self_signed_tls_client_auth"));
    }
}
