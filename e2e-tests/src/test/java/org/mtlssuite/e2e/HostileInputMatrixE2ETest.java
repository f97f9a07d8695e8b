package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;
import static org.mtlssuite.e2e.E2eSuite.authzUrl;
import static org.mtlssuite.e2e.E2eSuite.introspectionUrl;
import static org.mtlssuite.e2e.E2eSuite.mtlsUrl;
import static org.mtlssuite.e2e.E2eSuite.resourceUrl;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.devsupport.Suite;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Hostile inputs against every edge of the running suite: the token, revocation, registration,
 * admin, authorization and introspection endpoints and the resource server. Every row asserts the
 * documented status and error code, no 5xx, no token in the answer and no protected data.
 */
class HostileInputMatrixE2ETest {

    /** Where a row's error code is read: the JSON body, the RS's WWW-Authenticate challenge, or the redirect. */
    enum ErrorIn {
        BODY, CHALLENGE, REDIRECT, NONE
    }

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    record Row(String name, Call call, int status, String error, ErrorIn where) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String validToken;
    static String revokedToken;
    static String readOnlyToken;
    static String refreshToken;

    @BeforeAll
    static void prepare() throws Exception {
        E2eSuite.get();
        registerClient("matrix-intermediate-dn", Map.of("tls_client_auth_subject_dn", DevPki.INTERMEDIATE_CA_DN));
        registerClient("matrix-rsa-1024", Map.of("tls_client_auth_subject_dn", "CN=rsa-1024-client,O=Demo Bank,C=GB"));
        registerClient("matrix-no-eku", Map.of("tls_client_auth_subject_dn", "CN=no-client-auth-eku-client,O=Demo Bank,C=GB"));
        registerClient("matrix-read-only", Map.of("tls_client_auth_san_dns", DevPki.Values.SAN_DNS, "scope", "accounts:read"));
        registerClient("matrix-no-introspection", Map.of("tls_client_auth_san_dns", DevPki.Values.SAN_DNS));
        validToken = E2eSuite.token("demo-san-dns", Clients.SAN_DNS);
        revokedToken = E2eSuite.token("demo-san-dns", Clients.SAN_DNS);
        assertEquals(200, E2eSuite.postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                E2eSuite.form("client_id", "demo-san-dns", "token", revokedToken)).statusCode());
        readOnlyToken = E2eSuite.token("matrix-read-only", Clients.SAN_DNS);
        registerDisabledDynamicClient();
        refreshToken = AuthorizationCodeE2ETest.codeFlow().refresh();
    }

    static void registerClient(String id, Map<String, Object> fields) throws Exception {
        admin("DELETE", "/admin/clients/" + id, null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", id);
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("scope", DemoClients.SCOPE);
        m.putAll(fields);
        HttpResponse<String> r = admin("POST", "/admin/clients", m);
        assertEquals(201, r.statusCode(), r.body());
    }

    // --- request helpers -------------------------------------------------------------------------------

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** Over HTTP/1.1: an HTTP/2 server refuses oversized headers at the protocol level (stream reset), with no status to read. */
    static Call http11(Call call) {
        return () -> {
            HTTP11.set(true);
            try {
                return call.send();
            } finally {
                HTTP11.set(false);
            }
        };
    }

    static final ThreadLocal<Boolean> HTTP11 = ThreadLocal.withInitial(() -> false);

    static java.net.http.HttpClient client(String fixture) throws Exception {
        java.net.http.HttpClient c = E2eSuite.client(fixture);
        if (!HTTP11.get()) {
            return c;
        }
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .sslContext(c.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Call post(String fixture, String url, String contentType, byte[] body, String... headers) {
        return () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
        };
    }

    static Call postForm(String fixture, String url, String rawForm, String... headers) {
        return post(fixture, url, "application/x-www-form-urlencoded", rawForm.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Call token(String fixture, String rawForm, String... headers) {
        return () -> postForm(fixture, mtlsUrl() + "/token", rawForm, headers).send();
    }

    static Call tokenFor(String fixture, String clientId) {
        return () -> token(fixture, form(Map.of("grant_type", "client_credentials", "client_id", clientId))).send();
    }

    static Call get(String fixture, String url, String... headers) {
        return () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return client(fixture).send(b.build(), HttpResponse.BodyHandlers.ofString());
        };
    }

    static Call resource(String fixture, String token) {
        return () -> get(fixture, resourceUrl() + "/accounts", "Authorization", "Bearer " + token).send();
    }

    static Call introspect(String fixture, String rawForm) {
        return () -> postForm(fixture, introspectionUrl() + "/introspect", rawForm).send();
    }

    static Call introspectAs(String token) {
        return introspect(Clients.RESOURCE_SERVER, form(Map.of("client_id", "demo-resource-server", "token", token)));
    }

    static Call adminCall(String method, String path, String contentType, String body, String bearer) {
        return () -> {
            // The admin API is served on its own listener only; dynamic registration on the public one.
            String base = path.startsWith("/admin") ? E2eSuite.adminUrl() : authzUrl();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return E2eSuite.client(null).send(b.build(), HttpResponse.BodyHandlers.ofString());
        };
    }

    static Call adminCreate(String json) {
        return () -> adminCall("POST", "/admin/clients", "application/json", json, E2eSuite.adminToken()).send();
    }

    static Call authorize(Map<String, String> params) {
        return () -> get(null, authzUrl() + "/authorize?" + form(params)).send();
    }

    static Map<String, String> authorizeParams(String... overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", DemoClients.PUBLIC_APP);
        p.put("redirect_uri", DemoClients.PUBLIC_APP_REDIRECT_URI);
        p.put("state", "matrix");
        p.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        p.put("code_challenge_method", "S256");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                p.remove(overrides[i]);
            } else {
                p.put(overrides[i], overrides[i + 1]);
            }
        }
        return p;
    }

    // --- forged tokens ----------------------------------------------------------------------------------------

    static String tamperedPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"accounts:read payments:write\"", "\"accounts:read payments:write admin\"").replace("}", ",\"x\":1}");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    static String tamperedHeader(String jwt) {
        String[] parts = jwt.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).replace("ES256", "ES384");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1]
                + "." + parts[2];
    }

    static String algNone() throws Exception {
        return new PlainJWT(ResourceServerBindingE2ETest.claims().build()).serialize();
    }

    /** HS256 keyed with the AS public key's JWKS text: the classic algorithm-confusion forgery. */
    static String hs256WithPublicKey() throws Exception {
        String jwks = E2eSuite.client(null).send(HttpRequest.newBuilder(URI.create(authzUrl() + "/jwks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        byte[] secret = jwks.getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(AsKeyForgery.currentKey().kid())
                .type(new JOSEObjectType("at+jwt")).build(), ResourceServerBindingE2ETest.claims().build());
        jwt.sign(new MACSigner(new SecretKeySpec(secret, "HmacSHA256").getEncoded()));
        return jwt.serialize();
    }

    static String signedWithTyp(String typ) throws Exception {
        AsKeyForgery.CurrentKey k = AsKeyForgery.currentKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.kid()).type(new JOSEObjectType(typ)).build(),
                ResourceServerBindingE2ETest.claims().build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner((java.security.interfaces.ECPrivateKey) k.key()));
        return jwt.serialize();
    }

    static String signed(JWTClaimsSet.Builder claims) throws Exception {
        return AsKeyForgery.sign(claims.build());
    }

    static String huge() {
        return "eyJ" + "A".repeat(20_000) + ".eyJ" + "B".repeat(2_000) + ".sig";
    }

    // --- the matrix ---------------------------------------------------------------------------------------

    static Stream<Row> rows() throws Exception {
        List<Row> r = new ArrayList<>();
        String cc = "grant_type=client_credentials&client_id=";
        // certificates at the token endpoint
        r.add(new Row("expired certificate", tokenFor(Clients.EXPIRED, "demo-subject-dn"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("not yet valid certificate", tokenFor(Clients.NOT_YET_VALID, "demo-subject-dn"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("untrusted CA, same subject", tokenFor(Clients.UNTRUSTED_CA, "demo-subject-dn"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("wrong subject DN", tokenFor(Clients.SAN_DNS, "demo-subject-dn"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("wrong SAN value", tokenFor(Clients.SAN_URI, "demo-san-dns"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("right value in a SAN of the wrong type", tokenFor(Clients.WRONG_SAN_TYPE, "demo-san-ip"), 401, "invalid_client",
                ErrorIn.BODY));
        r.add(new Row("intermediate CA's DN registered", tokenFor(Clients.VIA_INTERMEDIATE, "matrix-intermediate-dn"), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("unregistered self-signed certificate", tokenFor(Clients.SELF_SIGNED_UNREGISTERED, "demo-self-signed"), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("CA-issued certificate for a self-signed client", tokenFor(Clients.SUBJECT_DN, "demo-self-signed"), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("RSA 1024 key", tokenFor(Clients.RSA_1024, "matrix-rsa-1024"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("extended key usage without clientAuth", tokenFor(Clients.NO_CLIENT_AUTH_EKU, "matrix-no-eku"), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("no certificate, tls_client_auth", tokenFor(null, "demo-subject-dn"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("no certificate, self-signed client", tokenFor(null, "demo-self-signed"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("another client's certificate", tokenFor(Clients.SAN_DNS, "demo-san-email"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("unknown client", tokenFor(Clients.SAN_DNS, "no-such-client"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("Basic credentials for an mTLS client", token(Clients.SAN_DNS, cc + "demo-san-dns", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("demo-san-dns:guess".getBytes(StandardCharsets.UTF_8))), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("Basic id differs from client_id", token(Clients.SAN_DNS, cc + "demo-san-dns", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("other:secret".getBytes(StandardCharsets.UTF_8))), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("malformed Basic credentials", token(Clients.SAN_DNS, cc + "demo-san-dns", "Authorization", "Basic %%%"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("empty client_id", token(Clients.SAN_DNS, cc), 400, "invalid_request", ErrorIn.BODY));
        // bodies at the token endpoint
        r.add(new Row("duplicate client_id", token(Clients.SAN_DNS, cc + "demo-san-dns&client_id=demo-san-dns"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("duplicate grant_type", token(Clients.SAN_DNS, cc + "demo-san-dns&grant_type=client_credentials"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("missing grant_type", token(Clients.SAN_DNS, "client_id=demo-san-dns"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("unknown grant_type", token(Clients.SAN_DNS, "grant_type=magic&client_id=demo-san-dns"), 400,
                "unsupported_grant_type", ErrorIn.BODY));
        r.add(new Row("password grant", token(Clients.SAN_DNS, "grant_type=password&client_id=demo-san-dns&username=a&password=b"),
                400, "unsupported_grant_type", ErrorIn.BODY));
        r.add(new Row("implicit as a grant_type", token(Clients.SAN_DNS, "grant_type=implicit&client_id=demo-san-dns"), 400,
                "unsupported_grant_type", ErrorIn.BODY));
        r.add(new Row("unregistered scope", token(Clients.SAN_DNS, cc + "demo-san-dns&scope=admin"), 400, "invalid_scope",
                ErrorIn.BODY));
        r.add(new Row("scope with a forbidden character", token(Clients.SAN_DNS, cc + "demo-san-dns&scope=%22accounts%22"), 400,
                "invalid_scope", ErrorIn.BODY));
        r.add(new Row("authorization_code grant for a client without it", token(Clients.SAN_DNS,
                "grant_type=authorization_code&client_id=demo-san-dns&code=x&redirect_uri=https://a/&code_verifier=" + "a".repeat(43)),
                400, "unauthorized_client", ErrorIn.BODY));
        r.add(new Row("refresh_token grant for a client without it", token(Clients.SAN_DNS,
                "grant_type=refresh_token&client_id=demo-san-dns&refresh_token=abc"), 400, "unauthorized_client", ErrorIn.BODY));
        r.add(new Row("forged authorization code", token(Clients.SAN_DNS, "grant_type=authorization_code&client_id="
                + DemoClients.PUBLIC_APP + "&code=forged&redirect_uri=" + DemoClients.PUBLIC_APP_REDIRECT_URI + "&code_verifier="
                + "a".repeat(43)), 400, "invalid_grant", ErrorIn.BODY));
        r.add(new Row("forged refresh token", token(Clients.SAN_DNS, "grant_type=refresh_token&client_id=" + DemoClients.PUBLIC_APP
                + "&refresh_token=forged"), 400, "invalid_grant", ErrorIn.BODY));
        r.add(new Row("JSON where a form is expected", () -> post(Clients.SAN_DNS, mtlsUrl() + "/token", "application/json",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-san-dns\"}".getBytes(StandardCharsets.UTF_8)).send(), 415,
                null, ErrorIn.NONE));
        r.add(new Row("no content type", () -> post(Clients.SAN_DNS, mtlsUrl() + "/token", null,
                (cc + "demo-san-dns").getBytes(StandardCharsets.UTF_8)).send(), 415, "invalid_request", ErrorIn.BODY));
        r.add(new Row("oversized body", http11(() -> post(Clients.SAN_DNS, mtlsUrl() + "/token", "application/x-www-form-urlencoded",
                (cc + "demo-san-dns&pad=" + "x".repeat(200_000)).getBytes(StandardCharsets.UTF_8)).send()), 413, null, ErrorIn.NONE));
        r.add(new Row("non-UTF-8 body", () -> post(Clients.SAN_DNS, mtlsUrl() + "/token", "application/x-www-form-urlencoded",
                new byte[] { 'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xff, (byte) 0xfe, '&', 'c', 'l', 'i', 'e',
                        'n', 't', '_', 'i', 'd', '=', (byte) 0xc3, (byte) 0x28 }).send(), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("oversized header", http11(token(Clients.SAN_DNS, cc + "demo-san-dns", "X-Padding", "x".repeat(40_000))), 431,
                null, ErrorIn.NONE));
        r.add(new Row("GET on the token endpoint", get(Clients.SAN_DNS, mtlsUrl() + "/token"), 405, null, ErrorIn.NONE));
        r.add(new Row("token endpoint on the main listener", () -> postForm(null, authzUrl() + "/token", cc + "demo-san-dns").send(),
                404, "invalid_request", ErrorIn.BODY));
        // forwarded certificate headers from an untrusted peer (this AS trusts no proxy)
        String forwarded = ":" + Base64.getEncoder().encodeToString(TestCertificates.der(Clients.SAN_DNS)) + ":";
        r.add(new Row("RFC 9440 header from an untrusted peer", token(null, cc + "demo-san-dns", "Client-Cert", forwarded), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("nginx header from an untrusted peer", token(null, cc + "demo-san-dns", "ssl-client-cert",
                URLEncoder.encode(TestCertificates.pem(Clients.SAN_DNS), StandardCharsets.UTF_8)), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("malformed forwarded header from an untrusted peer", token(null, cc + "demo-san-dns", "Client-Cert", "::"),
                401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("forwarded header beside another TLS certificate", token(Clients.SAN_URI, cc + "demo-san-dns", "Client-Cert",
                forwarded), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("forwarded certificate at the RS from an untrusted peer", () -> get(null, resourceUrl() + "/accounts",
                "Authorization", "Bearer " + validToken, "Client-Cert", forwarded).send(), 401, "invalid_token", ErrorIn.CHALLENGE));
        // tokens at the resource server
        r.add(new Row("bound token, another certificate", resource(Clients.SAN_URI, validToken), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("bound token, no certificate", resource(null, validToken), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("tampered payload", resource(Clients.SAN_DNS, tamperedPayload(validToken)), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("tampered header", resource(Clients.SAN_DNS, tamperedHeader(validToken)), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("alg none", resource(Clients.SAN_DNS, algNone()), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("HS256 keyed with the public key", resource(Clients.SAN_DNS, hs256WithPublicKey()), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("typ JWT instead of at+jwt", resource(Clients.SAN_DNS, signedWithTyp("JWT")), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("wrong audience", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims().audience("other-api"))),
                401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("wrong issuer", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims()
                .issuer("https://evil.example"))), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("expired token", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims()
                .expirationTime(new Date(System.currentTimeMillis() - 600_000)))), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("token without cnf", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims().claim("cnf", null))),
                401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("huge token", resource(Clients.SAN_DNS, huge()), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("garbage token", resource(Clients.SAN_DNS, "not-a-jwt"), 401, "invalid_token", ErrorIn.CHALLENGE));
        long now = System.currentTimeMillis();
        r.add(new Row("token living longer than the maximum lifetime", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest
                .claims().issueTime(new Date(now)).expirationTime(new Date(now + 7_200_000)))), 401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("token without iat", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims().issueTime(null))),
                401, "invalid_token", ErrorIn.CHALLENGE));
        r.add(new Row("token with iat in the future", resource(Clients.SAN_DNS, signed(ResourceServerBindingE2ETest.claims()
                .issueTime(new Date(now + 3_600_000)).expirationTime(new Date(now + 3_900_000)))), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("refresh token as a bearer token", resource(AuthorizationCodeE2ETest.CERT, refreshToken), 401, "invalid_token",
                ErrorIn.CHALLENGE));
        r.add(new Row("another client's account", get(Clients.SAN_DNS, resourceUrl() + "/accounts/acc-301", "Authorization",
                "Bearer " + validToken), 404, "not_found", ErrorIn.BODY));
        r.add(new Row("another client's account balances", get(Clients.SAN_DNS, resourceUrl() + "/accounts/acc-301/balances",
                "Authorization", "Bearer " + validToken), 404, "not_found", ErrorIn.BODY));
        r.add(new Row("payment from another client's account", () -> post(Clients.SAN_DNS, resourceUrl() + "/payments",
                "application/json", ("{\"from_account\":\"acc-301\",\"amount\":\"1.00\",\"currency\":\"GBP\","
                        + "\"creditor_name\":\"Mallory\",\"creditor_iban\":\"GB33BUKB20201555555555\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + validToken).send(), 400, "invalid_request", ErrorIn.BODY));
        // Strings PostgreSQL cannot store never reach the RS's database: an id names no account or payment, a body field is a 400.
        r.add(new Row("account id with a NUL at the RS", get(Clients.SAN_DNS, resourceUrl() + "/accounts/acc-001%00",
                "Authorization", "Bearer " + validToken), 404, "not_found", ErrorIn.BODY));
        r.add(new Row("payment id with a NUL at the RS", get(Clients.SAN_DNS, resourceUrl() + "/payments/p%00",
                "Authorization", "Bearer " + validToken), 404, "not_found", ErrorIn.BODY));
        r.add(new Row("creditor_name with a NUL at the RS", () -> post(Clients.SAN_DNS, resourceUrl() + "/payments",
                "application/json", ("{\"from_account\":\"acc-001\",\"amount\":\"1.00\",\"currency\":\"GBP\","
                        + "\"creditor_name\":\"Mal\\u0000lory\",\"creditor_iban\":\"GB33BUKB20201555555555\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + validToken).send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("no Authorization header", get(Clients.SAN_DNS, resourceUrl() + "/accounts"), 401, null, ErrorIn.NONE));
        r.add(new Row("Basic scheme at the RS", get(Clients.SAN_DNS, resourceUrl() + "/accounts", "Authorization", "Basic YTpi"), 401,
                null, ErrorIn.NONE));
        r.add(new Row("token in the query string", get(Clients.SAN_DNS, resourceUrl() + "/accounts?access_token=" + validToken), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("scope without payments:write", () -> post(Clients.SAN_DNS, resourceUrl() + "/payments", "application/json",
                "{\"from_account\":\"acc-001\",\"to_iban\":\"GB33BUKB20201555555555\",\"amount\":\"1.00\",\"currency\":\"GBP\"}"
                        .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + readOnlyToken).send(), 403,
                "insufficient_scope", ErrorIn.CHALLENGE));
        // introspection
        r.add(new Row("introspection without credentials", introspect(null, form(Map.of("token", validToken))), 401, "invalid_client",
                ErrorIn.BODY));
        r.add(new Row("introspection by a client without the permission", introspect(Clients.SAN_DNS,
                form(Map.of("client_id", "matrix-no-introspection", "token", validToken))), 403, "unauthorized_client", ErrorIn.BODY));
        r.add(new Row("introspection by a public client", introspect(Clients.SAN_DNS,
                form(Map.of("client_id", DemoClients.PUBLIC_APP, "token", validToken))), 403, "unauthorized_client", ErrorIn.BODY));
        r.add(new Row("introspection with another client's certificate", introspect(Clients.SAN_DNS,
                form(Map.of("client_id", "demo-resource-server", "token", validToken))), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("introspection without a token", introspect(Clients.RESOURCE_SERVER, "client_id=demo-resource-server"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("introspection with a duplicate token", introspect(Clients.RESOURCE_SERVER,
                "client_id=demo-resource-server&token=a&token=b"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("introspection of a revoked token", introspectAs(revokedToken), 200, null, ErrorIn.NONE));
        r.add(new Row("introspection of alg none", introspectAs(algNone()), 200, null, ErrorIn.NONE));
        r.add(new Row("introspection of a tampered token", introspectAs(tamperedPayload(validToken)), 200, null, ErrorIn.NONE));
        r.add(new Row("introspection of a huge token", introspectAs(huge()), 200, null, ErrorIn.NONE));
        r.add(new Row("introspection with JSON", () -> post(Clients.RESOURCE_SERVER, introspectionUrl() + "/introspect",
                "application/json", "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send(), 415, null, ErrorIn.NONE));
        // revocation
        r.add(new Row("revocation without a token", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke", "client_id=demo-san-dns")
                .send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("revocation of another client's token", () -> postForm(Clients.SAN_URI, mtlsUrl() + "/revoke",
                form(Map.of("client_id", "demo-san-uri", "token", validToken))).send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("revocation without authentication", () -> postForm(null, mtlsUrl() + "/revoke",
                form(Map.of("client_id", "demo-san-dns", "token", validToken))).send(), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("revocation with a duplicate token", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                "client_id=demo-san-dns&token=a&token=b").send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("revocation on the main listener", () -> postForm(null, authzUrl() + "/revoke",
                form(Map.of("client_id", "demo-san-dns", "token", validToken))).send(), 404, "invalid_request", ErrorIn.BODY));
        // registration and admin API
        r.add(new Row("dynamic registration without an initial access token", () -> adminCall("POST", "/register",
                "application/json", "{\"token_endpoint_auth_method\":\"none\"}", null).send(), 403, "access_denied", ErrorIn.BODY));
        r.add(new Row("dynamic registration with a wrong token", () -> adminCall("POST", "/register", "application/json",
                "{\"token_endpoint_auth_method\":\"none\"}", "guess").send(), 403, "access_denied", ErrorIn.BODY));
        r.add(new Row("admin API without a token", () -> adminCall("GET", "/admin/clients", null, null, null).send(), 401, null,
                ErrorIn.NONE));
        r.add(new Row("admin API with a wrong token", () -> adminCall("GET", "/admin/clients", null, null, "guess").send(), 401, null,
                ErrorIn.NONE));
        r.add(new Row("admin: implicit grant", adminCreate("{\"client_id\":\"m1\",\"token_endpoint_auth_method\":\"none\","
                + "\"grant_types\":[\"implicit\"]}"), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: two subject properties", adminCreate("{\"client_id\":\"m2\",\"token_endpoint_auth_method\":"
                + "\"tls_client_auth\",\"tls_client_auth_subject_dn\":\"CN=a\",\"tls_client_auth_san_dns\":\"a.example\"}"), 400,
                "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: http jwks_uri", adminCreate("{\"client_id\":\"m3\",\"token_endpoint_auth_method\":"
                + "\"self_signed_tls_client_auth\",\"jwks_uri\":\"http://a.example/jwks\"}"), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: jwks_uri to a private address", adminCreate("{\"client_id\":\"m4\",\"token_endpoint_auth_method\":"
                + "\"self_signed_tls_client_auth\",\"jwks_uri\":\"https://169.254.169.254/jwks\"}"), 400, "invalid_client_metadata",
                ErrorIn.BODY));
        r.add(new Row("admin: unknown field", adminCreate("{\"client_id\":\"m5\",\"token_endpoint_auth_method\":\"none\","
                + "\"is_admin\":true}"), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: array instead of an object", adminCreate("[]"), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: redirect URI with a fragment", adminCreate("{\"client_id\":\"m6\",\"token_endpoint_auth_method\":"
                + "\"none\",\"redirect_uris\":[\"https://a.example/cb#x\"]}"), 400, "invalid_redirect_uri", ErrorIn.BODY));
        r.add(new Row("admin: malformed DN", adminCreate("{\"client_id\":\"m7\",\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_subject_dn\":\"not a dn\"}"), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: client_id with a slash", adminCreate("{\"client_id\":\"a/b\",\"token_endpoint_auth_method\":\"none\"}"),
                400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: form where JSON is expected", () -> adminCall("POST", "/admin/clients",
                "application/x-www-form-urlencoded", "client_id=x", E2eSuite.adminToken()).send(), 415, null, ErrorIn.NONE));
        r.add(new Row("admin: truncated JSON", adminCreate("{\"client_id\":"), 400, "invalid_client_metadata", ErrorIn.BODY));
        // authorization endpoint
        r.add(new Row("response_type=token", authorize(authorizeParams("response_type", "token")), 303, "unsupported_response_type",
                ErrorIn.REDIRECT));
        r.add(new Row("response_type=code id_token", authorize(authorizeParams("response_type", "code id_token")), 303,
                "unsupported_response_type", ErrorIn.REDIRECT));
        r.add(new Row("PKCE plain", authorize(authorizeParams("code_challenge_method", "plain")), 303, "invalid_request",
                ErrorIn.REDIRECT));
        r.add(new Row("no PKCE challenge", authorize(authorizeParams("code_challenge", null)), 303, "invalid_request", ErrorIn.REDIRECT));
        r.add(new Row("unregistered redirect_uri", authorize(authorizeParams("redirect_uri", "https://attacker.example/cb")), 400, null,
                ErrorIn.NONE));
        r.add(new Row("unknown client at the authorization endpoint", authorize(authorizeParams("client_id", "nobody")), 400, null,
                ErrorIn.NONE));
        r.add(new Row("forged login form", () -> post(null, authzUrl() + "/authorize", "application/x-www-form-urlencoded",
                "request_id=forged&csrf_token=forged&decision=approve&username=demo-user&password=x".getBytes(StandardCharsets.UTF_8))
                        .send(), 400, null, ErrorIn.NONE));
        r.addAll(unstorableInputRows());
        r.addAll(disabledClientRows());
        return r.stream();
    }

    /**
     * Strings PostgreSQL cannot store (NUL, broken UTF-8 as percent-encoded bytes, over-long values)
     * in every endpoint's parameters and JSON fields: refused before the database with the
     * endpoint's own error code (they were 503 "the database is unavailable"), and neighbours.
     */
    static List<Row> unstorableInputRows() throws Exception {
        List<Row> r = new ArrayList<>();
        String cc = "grant_type=client_credentials&client_id=";
        String code = "grant_type=authorization_code&client_id=" + DemoClients.PUBLIC_APP + "&redirect_uri="
                + DemoClients.PUBLIC_APP_REDIRECT_URI;
        // the token endpoint
        r.add(new Row("client_id with a NUL", token(Clients.SAN_DNS, cc + "%00"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("client_id with invalid UTF-8", token(Clients.SAN_DNS, cc + "demo-san-dns%C3%28"), 401, "invalid_client",
                ErrorIn.BODY));
        r.add(new Row("client_id with a lone surrogate as UTF-8", token(Clients.SAN_DNS, cc + "demo%ED%A0%80"), 401,
                "invalid_client", ErrorIn.BODY));
        r.add(new Row("client_id over 255 characters", token(Clients.SAN_DNS, cc + "c".repeat(256)), 401, "invalid_client",
                ErrorIn.BODY));
        r.add(new Row("scope with a NUL", token(Clients.SAN_DNS, cc + "demo-san-dns&scope=accounts:read%00"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("grant_type with invalid UTF-8", token(Clients.SAN_DNS, "grant_type=client%FF&client_id=demo-san-dns"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("refresh_token with a NUL", token(DemoClients.PUBLIC_APP_CERT_FIXTURE, "grant_type=refresh_token&client_id="
                + DemoClients.PUBLIC_APP + "&refresh_token=%00"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("authorization code over 2048 characters", token(DemoClients.PUBLIC_APP_CERT_FIXTURE, code + "&code="
                + "a".repeat(2049) + "&code_verifier=" + "v".repeat(43)), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("code_verifier with a NUL", token(DemoClients.PUBLIC_APP_CERT_FIXTURE, code + "&code=x&code_verifier="
                + "v".repeat(42) + "%00"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("redirect_uri with invalid UTF-8 at the token endpoint", token(DemoClients.PUBLIC_APP_CERT_FIXTURE,
                code + "%FF&code=x&code_verifier=" + "v".repeat(43)), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("parameter name with a NUL", token(Clients.SAN_DNS, cc + "demo-san-dns&a%00b=1"), 400, "invalid_request",
                ErrorIn.BODY));
        r.add(new Row("ignored parameter over 2048 characters", token(Clients.SAN_DNS, cc + "demo-san-dns&extra="
                + "x".repeat(2049)), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("malformed percent escape", token(Clients.SAN_DNS, cc + "%zz"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("truncated percent escape", token(Clients.SAN_DNS, cc + "demo-san-dns&scope=%4"), 400, "invalid_request",
                ErrorIn.BODY));
        r.add(new Row("Basic client identifier with a NUL", token(null, "grant_type=client_credentials", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("demo%00:secret".getBytes(StandardCharsets.UTF_8))), 400,
                "invalid_request", ErrorIn.BODY));
        // revocation and introspection
        r.add(new Row("revocation: token with a NUL", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                "client_id=demo-san-dns&token=%00").send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("revocation: token over 32768 characters", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                "client_id=demo-san-dns&token=" + "t".repeat(32_769)).send(), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("revocation: client_id with a NUL", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                "client_id=demo%00&token=x").send(), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("introspection: token with a NUL", introspect(Clients.RESOURCE_SERVER,
                "client_id=demo-resource-server&token=%00"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("introspection: client_id with invalid UTF-8", introspect(Clients.RESOURCE_SERVER,
                "client_id=demo-resource-server%C3%28&token=x"), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("introspection: token_type_hint over 2048 characters", introspect(Clients.RESOURCE_SERVER,
                "client_id=demo-resource-server&token=x&token_type_hint=" + "h".repeat(2049)), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("introspection: malformed percent escape", introspect(Clients.RESOURCE_SERVER,
                "client_id=demo-resource-server&token=%G1"), 400, "invalid_request", ErrorIn.BODY));
        // the authorization endpoint (query and login form)
        r.add(new Row("authorize: client_id with a NUL", get(null, authzUrl() + "/authorize?client_id=%00&redirect_uri=x"), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("authorize: client_id with invalid UTF-8", get(null, authzUrl() + "/authorize?client_id="
                + DemoClients.PUBLIC_APP + "%C3%28"), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("authorize: state over 2048 characters", authorize(authorizeParams("state", "s".repeat(2049))), 400,
                "invalid_request", ErrorIn.BODY));
        r.add(new Row("authorize: redirect_uri with a NUL", get(null, authzUrl() + "/authorize?" + form(authorizeParams())
                .replace("redirect_uri=", "redirect_uri=%00")), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("login form with a NUL request_id", () -> post(null, authzUrl() + "/authorize",
                "application/x-www-form-urlencoded", "request_id=%00&csrf_token=x&decision=approve&username=a&password=b"
                        .getBytes(StandardCharsets.UTF_8)).send(), 400, "invalid_request", ErrorIn.BODY));
        // JSON at the admin API and the registration endpoint
        String tls = "{\"client_id\":\"m-%s\",\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_san_dns\":\"a.example\"%s}";
        r.add(new Row("admin: client_name with a NUL", adminCreate(String.format(tls, "nul", ",\"client_name\":\"a\\u0000b\"")),
                400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: client_name with a lone surrogate", adminCreate(String.format(tls, "surrogate",
                ",\"client_name\":\"a\\ud800b\"")), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: client_name over 255 characters", adminCreate(String.format(tls, "long-name",
                ",\"client_name\":\"" + "n".repeat(256) + "\"")), 400, "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: redirect URI over 2048 characters", adminCreate(String.format(tls, "long-uri",
                ",\"redirect_uris\":[\"https://a.example/" + "p".repeat(2048) + "\"]")), 400, "invalid_client_metadata",
                ErrorIn.BODY));
        r.add(new Row("admin: NUL inside jwks", adminCreate("{\"client_id\":\"m-jwks\",\"token_endpoint_auth_method\":"
                + "\"self_signed_tls_client_auth\",\"jwks\":{\"keys\":[{\"kty\":\"EC\\u0000\"}]}}"), 400, "invalid_client_metadata",
                ErrorIn.BODY));
        r.add(new Row("admin: body that is not UTF-8", adminBytes("POST", "/admin/clients", new byte[] { '{', '"', 'c', 'l', 'i',
                'e', 'n', 't', '_', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}' }), 400,
                "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: duplicate client_id", adminCreate("{\"client_id\":\"matrix-read-only\","
                + "\"token_endpoint_auth_method\":\"tls_client_auth\",\"tls_client_auth_san_dns\":\"a.example\"}"), 400,
                "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: enabled as a string", adminCreate(String.format(tls, "enabled", ",\"enabled\":\"yes\"")), 400,
                "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: scope not offered", adminCreate(String.format(tls, "scope", ",\"scope\":\"admin\"")), 400,
                "invalid_client_metadata", ErrorIn.BODY));
        r.add(new Row("admin: client_id in the path with a NUL", adminCall("GET", "/admin/clients/%00", null, null,
                E2eSuite.adminToken()), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("admin: username in the path with a NUL", adminCall("DELETE", "/admin/users/%00", null, null,
                E2eSuite.adminToken()), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("admin: password with a NUL", adminCall("PUT", "/admin/users/matrix-nul-password", "application/json",
                "{\"password\":\"long-enough\\u0000x\"}", E2eSuite.adminToken()), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("admin: password over 72 bytes", adminCall("PUT", "/admin/users/matrix-long-password", "application/json",
                "{\"password\":\"" + "p".repeat(73) + "\"}", E2eSuite.adminToken()), 400, "invalid_request", ErrorIn.BODY));
        r.add(new Row("registration endpoint: client_id in the path with a NUL", adminCall("GET", "/register/%00", null, null,
                "guess"), 401, "invalid_token", ErrorIn.BODY));
        r.add(new Row("registration endpoint: an admin-registered client", adminCall("GET", "/register/demo-san-dns", null, null,
                "guess"), 401, "invalid_token", ErrorIn.BODY));
        return r;
    }

    static final String DISABLED = "matrix-disabled";
    static final String DISABLED_RAT = "matrix-disabled-registration-access-token";

    /**
     * A dynamically registered client that an administrator disabled (RFC 7592 2: 403 at its
     * registration endpoint, its token kept) cannot authenticate anywhere or re-enable itself.
     */
    static List<Row> disabledClientRows() throws Exception {
        List<Row> r = new ArrayList<>();
        String path = "/register/" + DISABLED;
        String reEnable = "{\"client_id\":\"" + DISABLED + "\",\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_san_dns\":\"" + DevPki.Values.SAN_DNS + "\",\"enabled\":true}";
        r.add(new Row("disabled client reads its registration", adminCall("GET", path, null, null, DISABLED_RAT), 403,
                "access_denied", ErrorIn.BODY));
        r.add(new Row("disabled client re-enables itself", adminCall("PUT", path, "application/json", reEnable, DISABLED_RAT), 403,
                "access_denied", ErrorIn.BODY));
        r.add(new Row("disabled client deletes its registration", adminCall("DELETE", path, null, null, DISABLED_RAT), 403,
                "access_denied", ErrorIn.BODY));
        r.add(new Row("disabled client, wrong registration token", adminCall("GET", path, null, null, "guess"), 401,
                "invalid_token", ErrorIn.BODY));
        r.add(new Row("disabled client at the token endpoint", tokenFor(Clients.SAN_DNS, DISABLED), 401, "invalid_client",
                ErrorIn.BODY));
        r.add(new Row("disabled client at the revocation endpoint", () -> postForm(Clients.SAN_DNS, mtlsUrl() + "/revoke",
                form(Map.of("client_id", DISABLED, "token", validToken))).send(), 401, "invalid_client", ErrorIn.BODY));
        r.add(new Row("disabled client at introspection", introspect(Clients.SAN_DNS, form(Map.of("client_id", DISABLED, "token",
                validToken))), 401, "invalid_client", ErrorIn.BODY));
        return r;
    }

    /** The disabled client of {@link #disabledClientRows}, with a registration access token as RFC 7591 would have issued. */
    static void registerDisabledDynamicClient() throws Exception {
        registerClient(DISABLED, Map.of("tls_client_auth_san_dns", DevPki.Values.SAN_DNS, "enabled", false,
                "introspection_allowed", true));
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(DISABLED_RAT.getBytes(StandardCharsets.US_ASCII)));
        Suite suite = E2eSuite.get();
        try (Connection c = DriverManager.getConnection(suite.database().jdbcUrl("authz"), suite.database().user(),
                suite.database().password()); PreparedStatement s = c.prepareStatement("update oauth_client set"
                        + " registration_access_token_hash = ?, registered_dynamically = true where client_id = ?")) {
            s.setString(1, hash);
            s.setString(2, DISABLED);
            assertEquals(1, s.executeUpdate());
        }
    }

    static Call adminBytes(String method, String path, byte[] body) {
        return () -> E2eSuite.client(null).send(HttpRequest.newBuilder(URI.create(E2eSuite.adminUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + E2eSuite.adminToken())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theMatrixHasAtLeast130Rows() throws Exception {
        assertTrue(rows().count() >= 130, "rows: " + rows().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void hostileInputIsRefusedAsDocumented(Row row) throws Exception {
        HttpResponse<String> r = row.call().send();
        String body = r.body() == null ? "" : r.body();
        assertTrue(r.statusCode() < 500, row.name() + ": a 5xx: " + r.statusCode() + " " + body);
        assertEquals(row.status(), r.statusCode(), row.name() + ": " + body);
        assertFalse(body.contains("\"access_token\"") || body.contains("\"refresh_token\""), row.name() + ": a token was issued");
        assertFalse(body.contains("account_id") || body.contains("payment_id"), row.name() + ": protected data was returned");
        assertFalse(body.contains("\tat ") || body.contains("Exception"), row.name() + ": internals leaked: " + body);
        if (body.contains("\"active\"")) {
            assertEquals("{\"active\":false}", body, row.name());
        }
        switch (row.where()) {
            case BODY -> assertEquals(row.error(), E2eSuite.JSON.readTree(body).path("error").asText(), row.name() + ": " + body);
            case CHALLENGE -> {
                String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
                assertTrue(challenge.contains("error=\"" + row.error() + "\""), row.name() + ": " + challenge);
            }
            case REDIRECT -> {
                String location = r.headers().firstValue("Location").orElse("");
                assertTrue(location.contains("error=" + row.error()), row.name() + ": " + location);
                assertFalse(location.contains("code=") || location.contains("access_token"), row.name() + ": " + location);
            }
            case NONE -> {
            }
        }
    }
}
