package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.form;
import static org.mtlssuite.e2e.E2eSuite.json;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.postForm;
import static org.mtlssuite.e2e.E2eSuite.token;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.devsupport.Suite;
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
 * The sample resource server enforcing RFC 8705 binding, in both validation modes, with tokens from
 * the real AS: the local-JWT RS the suite starts, and a second RS in introspection mode.
 */
class ResourceServerBindingE2ETest {

    static String jwtModeUrl;
    static String introspectionModeUrl;
    static String jwtModeManagementUrl;
    static String introspectionModeManagementUrl;

    @BeforeAll
    static void start() throws Exception {
        Suite suite = E2eSuite.get();
        jwtModeUrl = suite.manifest().resourceUrl();
        jwtModeManagementUrl = suite.manifest().resourceManagementUrl();
        Suite.Service introspectionMode = suite.startResourceServer("sample-resource-introspection",
                Map.of("suite.binding.validation", "introspection"));
        introspectionModeUrl = introspectionMode.url();
        introspectionModeManagementUrl = introspectionMode.managementUrl();
        admin("DELETE", "/admin/clients/e2e-unbound", null);
        assertEquals(201, admin("POST", "/admin/clients", Map.of("client_id", "e2e-unbound", "token_endpoint_auth_method",
                "tls_client_auth", "tls_client_auth_san_email", Values.SAN_EMAIL, "scope", DemoClients.SCOPE,
                "tls_client_certificate_bound_access_tokens", false)).statusCode());
    }

    static String url(String mode) {
        return "jwt".equals(mode) ? jwtModeUrl : introspectionModeUrl;
    }

    /** RFC 9728 5.1: each instance's challenges name its own metadata URL, built from its URL. */
    static String metadataParameter(String mode) {
        return ", resource_metadata=\"" + url(mode) + "/.well-known/oauth-protected-resource\"";
    }

    static HttpResponse<String> get(String mode, String path, String fixture, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(mode) + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return E2eSuite.client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertInvalidToken(HttpResponse<String> r) throws Exception {
        assertEquals(401, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer realm=\"sample-resource\", error=\"invalid_token\", error_description=\""), challenge);
        assertEquals("invalid_token", json(r).get("error"));
        assertTrue(!r.body().contains("account_id"));
    }

    static JWTClaimsSet.Builder claims() throws Exception {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(E2eSuite.get().manifest().issuer()).subject("demo-san-dns")
                .claim("client_id", "demo-san-dns").audience("sample-resource").issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000)).jwtID(UUID.randomUUID().toString()).claim("scope", DemoClients.SCOPE)
                .claim("cnf", Map.of("x5t#S256", IntrospectionAndRevocationE2ETest.thumbprint(Clients.SAN_DNS)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void rightCertificateGets200AndAnotherOrNoneGets401(String mode) throws Exception {
        String token = token("demo-san-dns", Clients.SAN_DNS);
        HttpResponse<String> ok = get(mode, "/accounts", Clients.SAN_DNS, token);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("acc-001"));
        assertEquals(200, get(mode, "/accounts/acc-002/balances", Clients.SAN_DNS, token).statusCode());
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_URI, token));
        assertInvalidToken(get(mode, "/accounts", Clients.SELF_SIGNED, token));
        assertInvalidToken(get(mode, "/accounts", null, token));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void selfSignedClientsBoundTokenWorksOnlyWithItsCertificate(String mode) throws Exception {
        String token = token("demo-self-signed", Clients.SELF_SIGNED);
        assertEquals(200, get(mode, "/accounts", Clients.SELF_SIGNED, token).statusCode());
        assertInvalidToken(get(mode, "/accounts", Clients.SELF_SIGNED_UNREGISTERED, token));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void unboundTokenIsRefusedWhileBindingIsRequired(String mode) throws Exception {
        String token = token("e2e-unbound", Clients.SAN_EMAIL);
        HttpResponse<String> r = get(mode, "/accounts", Clients.SAN_EMAIL, token);
        assertInvalidToken(r);
        assertTrue(json(r).get("error_description").toString().contains("not certificate-bound"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void forgedOrAlteredTokensGet401(String mode) throws Exception {
        long now = System.currentTimeMillis();
        assertEquals(200, get(mode, "/accounts", Clients.SAN_DNS, AsKeyForgery.sign(claims().build())).statusCode(),
                "control: a well-formed token signed with the AS key passes");
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS,
                AsKeyForgery.sign(claims().issueTime(new Date(now - 600_000)).expirationTime(new Date(now - 60_000)).build())));
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, AsKeyForgery.sign(claims().audience("another-api").build())));
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, AsKeyForgery.sign(claims().issuer("https://evil.example").build())));
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, new PlainJWT(claims().build()).serialize()));
        String[] p = token("demo-san-dns", Clients.SAN_DNS).split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims().claim("scope", "payments:write").build()
                .toString().getBytes());
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, p[0] + "." + otherPayload + "." + p[2]));
        AsKeyForgery.CurrentKey key = AsKeyForgery.currentKey();
        SignedJWT plainTyp = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid())
                .type(JOSEObjectType.JWT).build(), claims().build());
        plainTyp.sign(new ECDSASigner((java.security.interfaces.ECPrivateKey) key.key()));
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, plainTyp.serialize()));
        assertInvalidToken(get(mode, "/accounts", Clients.SAN_DNS, "not-a-token"));
    }

    @Test
    void withBindingNotRequiredUnboundTokensPassButBoundOnesMustStillMatch() throws Exception {
        String relaxed = E2eSuite.get().startResourceServer("sample-resource-relaxed",
                Map.of("suite.binding.require-binding", "false")).url();
        String unbound = token("e2e-unbound", Clients.SAN_EMAIL);
        String bound = token("demo-san-dns", Clients.SAN_DNS);
        assertEquals(200, E2eSuite.client(null).send(HttpRequest.newBuilder(URI.create(relaxed + "/accounts"))
                .header("Authorization", "Bearer " + unbound).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, E2eSuite.client(Clients.SAN_DNS).send(HttpRequest.newBuilder(URI.create(relaxed + "/accounts"))
                .header("Authorization", "Bearer " + bound).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertInvalidToken(E2eSuite.client(Clients.SAN_URI).send(HttpRequest.newBuilder(URI.create(relaxed + "/accounts"))
                .header("Authorization", "Bearer " + bound).build(), HttpResponse.BodyHandlers.ofString()));
        assertInvalidToken(E2eSuite.client(null).send(HttpRequest.newBuilder(URI.create(relaxed + "/accounts"))
                .header("Authorization", "Bearer " + bound).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void revokedTokenIsRefusedInIntrospectionMode() throws Exception {
        String token = token("demo-san-dns", Clients.SAN_DNS);
        assertEquals(200, get("introspection", "/accounts", Clients.SAN_DNS, token).statusCode());
        assertEquals(200, postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke", form("token", token, "client_id", "demo-san-dns")).statusCode());
        assertInvalidToken(get("introspection", "/accounts", Clients.SAN_DNS, token));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void rfc6750Challenges(String mode) throws Exception {
        HttpResponse<String> none = get(mode, "/accounts", Clients.SAN_DNS, null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"sample-resource\"" + metadataParameter(mode), none.headers().firstValue("WWW-Authenticate").orElse(""));
        String token = token("demo-san-dns", Clients.SAN_DNS);
        HttpResponse<String> query = E2eSuite.client(Clients.SAN_DNS).send(HttpRequest.newBuilder(
                URI.create(url(mode) + "/accounts?access_token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, query.statusCode());
        assertEquals("invalid_request", json(query).get("error"));
        assertTrue(query.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_request\""));
        // Health stays open, on the management port only.
        HttpResponse<String> ready = E2eSuite.client(null).send(HttpRequest.newBuilder(URI.create(("jwt".equals(mode)
                ? jwtModeManagementUrl : introspectionModeManagementUrl) + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        assertEquals(404, get(mode, "/q/health/ready", null, null).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "jwt", "introspection" })
    void missingScopeIs403InsufficientScopeAndPaymentsNeedTheirScope(String mode) throws Exception {
        HttpResponse<String> t = postForm(Clients.SAN_DNS, mtlsUrl() + "/token",
                form("grant_type", "client_credentials", "client_id", "demo-san-dns", "scope", "accounts:read"));
        String readOnly = (String) json(t).get("access_token");
        String payment = "{\"from_account\":\"acc-001\",\"amount\":\"12.50\",\"currency\":\"GBP\","
                + "\"creditor_name\":\"Alice\",\"creditor_iban\":\"GB33BUKB20201555555555\"}";
        HttpResponse<String> forbidden = post(mode, "/payments", Clients.SAN_DNS, readOnly, payment);
        assertEquals(403, forbidden.statusCode());
        assertEquals("Bearer realm=\"sample-resource\", error=\"insufficient_scope\", scope=\"payments:write\""
                + metadataParameter(mode), forbidden.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("insufficient_scope", json(forbidden).get("error"));
        String full = token("demo-san-dns", Clients.SAN_DNS);
        HttpResponse<String> created = post(mode, "/payments", Clients.SAN_DNS, full, payment);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("accepted", json(created).get("status"));
        HttpResponse<String> invalid = post(mode, "/payments", Clients.SAN_DNS, full, payment.replace("12.50", "-1"));
        assertEquals(400, invalid.statusCode());
        assertEquals("invalid_request", json(invalid).get("error"));
        HttpResponse<String> otherCert = post(mode, "/payments", Clients.SAN_URI, full, payment);
        assertEquals(401, otherCert.statusCode());
    }

    static HttpResponse<String> post(String mode, String path, String fixture, String token, String json) throws Exception {
        return E2eSuite.client(fixture).send(HttpRequest.newBuilder(URI.create(url(mode) + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
