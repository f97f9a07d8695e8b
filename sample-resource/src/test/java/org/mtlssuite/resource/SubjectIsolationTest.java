package org.mtlssuite.resource;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The sample RS serves only the accounts and payments of the token's subject. Tokens are signed
 * here with a key this test publishes as the AS's JWKS (real HTTPS, real PostgreSQL with the RS's
 * migrations, real certificate binding). Choice: the account list holds only the subject's own
 * accounts (empty for a subject without any), and another subject's account or payment is 404,
 * the same answer as one that does not exist, so ids of other subjects cannot be probed.
 */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "resource"))
@WithTestResource(SubjectIsolationTest.LocalAuthorizationServerKeys.class)
class SubjectIsolationTest {

    static final String ISSUER = "https://as.subject-isolation.test";
    static final String KEY_PROPERTY = "suite.test.subject-isolation.signing-key";

    /** Publishes a fresh EC key as the AS JWKS over HTTPS (dev PKI server certificate for localhost). */
    public static class LocalAuthorizationServerKeys implements QuarkusTestResourceLifecycleManager {
        private HttpsServer server;

        @Override
        public Map<String, String> start() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                // Shared with the test through a JVM-wide property: Quarkus may load classes twice.
                System.setProperty(KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
                jwk.setKeyId("subject-isolation-key");
                byte[] jwks = new ObjectMapper().writeValueAsBytes(
                        Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
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
                    exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(jwks);
                    }
                });
                server.start();
                return Map.of("suite.binding.issuer", ISSUER, "suite.binding.jwks-uri",
                        "https://localhost:" + server.getAddress().getPort() + "/jwks");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    static String thumbprint(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(SuiteTestResource.pki().clientCert(fixture))) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    /** An RFC 9068 token for {@code subject}, bound to the san-dns client certificate. */
    static String token(String subject, String clientId, String scope) throws Exception {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(System.getProperty(KEY_PROPERTY))));
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setSubject(subject);
        c.setClaim("client_id", clientId);
        c.setAudience("sample-resource");
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setJwtId(UUID.randomUUID().toString());
        c.setClaim("scope", scope);
        c.setClaim("cnf", Map.of("x5t#S256", thumbprint(Clients.SAN_DNS)));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue("subject-isolation-key");
        jws.setHeader("typ", "at+jwt");
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

    RequestSpecification as(String subject, String clientId) throws Exception {
        return RestAssured.given().config(TestTls.restAssured(SuiteTestResource.pki(), Clients.SAN_DNS)).baseUri(https.toString())
                .header("Authorization", "Bearer " + token(subject, clientId, "accounts:read payments:write"));
    }

    static String payment(String from, String currency) {
        return "{\"from_account\":\"" + from + "\",\"amount\":\"12.50\",\"currency\":\"" + currency
                + "\",\"creditor_name\":\"Alice\",\"creditor_iban\":\"GB33BUKB20201555555555\"}";
    }

    @Test
    void aClientSeesOnlyItsOwnAccounts() throws Exception {
        as("demo-san-dns", "demo-san-dns").get("/accounts").then().statusCode(200)
                .body("account_id", contains("acc-001", "acc-002", "acc-003"));
        as("demo-subject-dn", "demo-subject-dn").get("/accounts").then().statusCode(200).body("account_id", contains("acc-201"));
        as("demo-san-dns", "demo-san-dns").get("/accounts/acc-002/balances").then().statusCode(200)
                .body("balances[0].currency", equalTo("GBP"));

        // Another client's account: 404 exactly like an account that does not exist.
        for (String path : List.of("/accounts/acc-001", "/accounts/acc-001/balances")) {
            as("demo-subject-dn", "demo-subject-dn").get(path).then().statusCode(404).body("error", equalTo("not_found"))
                    .body("error_description", equalTo("no account acc-001"));
        }
        as("demo-subject-dn", "demo-subject-dn").get("/accounts/acc-999").then().statusCode(404)
                .body("error_description", equalTo("no account acc-999"));
        // A subject without accounts sees an empty list, not someone else's.
        as("unknown-client", "unknown-client").get("/accounts").then().statusCode(200).body("$", empty());
    }

    @Test
    void anEndUsersTokenSeesTheUsersAccountsNotTheClients() throws Exception {
        // Authorization-code tokens: sub is the user, client_id the app; the accounts are the user's.
        as("demo-user", "demo-public-app").get("/accounts").then().statusCode(200).body("account_id", contains("acc-101", "acc-102"));
        as("demo-public-app", "demo-public-app").get("/accounts").then().statusCode(200).body("$", empty());
    }

    @Test
    void paymentsOnlyFromAndForTheSubjectsOwnAccounts() throws Exception {
        as("demo-subject-dn", "demo-subject-dn").contentType("application/json").body(payment("acc-001", "GBP")).post("/payments")
                .then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("from_account is not an account of the token's subject"));
        as("demo-subject-dn", "demo-subject-dn").contentType("application/json").body(payment("acc-999", "GBP")).post("/payments")
                .then().statusCode(400).body("error_description", equalTo("from_account is not an account of the token's subject"));
        String id = as("demo-subject-dn", "demo-subject-dn").contentType("application/json").body(payment("acc-201", "GBP"))
                .post("/payments").then().statusCode(201).body("from_account", equalTo("acc-201")).extract().path("payment_id");

        as("demo-subject-dn", "demo-subject-dn").get("/payments/" + id).then().statusCode(200).body("payment_id", equalTo(id))
                .body("amount", equalTo("12.50"));
        as("demo-san-dns", "demo-san-dns").get("/payments/" + id).then().statusCode(404).body("error", equalTo("not_found"))
                .body("error_description", equalTo("no payment " + id));
        // The README walk-through: demo-san-dns pays from acc-001.
        as("demo-san-dns", "demo-san-dns").contentType("application/json").body(payment("acc-001", "GBP")).post("/payments").then()
                .statusCode(201);
    }
}
