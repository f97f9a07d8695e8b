package org.mtlssuite.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.observability.TestMetrics;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPkiFiles;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The resource server's decision (RFC 8705 3) in jwt mode, without a Quarkus application: the AS's
 * JWKS served over HTTPS by the JDK with the dev PKI's server certificate, tokens signed with Nimbus
 * (independently of the validator's jose4j), thumbprints computed with the JDK, and the dev PKI's
 * client certificates as the certificates of the connection.
 */
class BindingEnforcerTest {

    static final String ISSUER = "https://as.unit.example";
    static final String AUDIENCE = "sample-resource";

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static KeyPair signing;
    static HttpsServer jwksServer;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static BindingEnforcer enforcer;
    static BindingEnforcer bindingOptional;

    @BeforeAll
    static void start() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        signing = g.generateKeyPair();
        byte[] jwks = new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) signing.getPublic()).keyID("k1").build()).toString()
                .getBytes(StandardCharsets.UTF_8);
        jwksServer = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        jwksServer.setHttpsConfigurator(new HttpsConfigurator(PemTls.context(pki.caCert(), pki.serverCert("authz-service"),
                pki.serverKey("authz-service"))));
        jwksServer.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        jwksServer.start();
        enforcer = enforcer(Map.of());
        bindingOptional = enforcer(Map.of("suite.binding.require-binding", "false"));
    }

    @AfterAll
    static void stop() {
        jwksServer.stop(0);
    }

    static BindingConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("suite.binding.enabled", "true", "suite.binding.issuer", ISSUER,
                "suite.binding.audience", AUDIENCE, "suite.binding.jwks-uri",
                "https://localhost:" + jwksServer.getAddress().getPort() + "/jwks", "suite.binding.trust-pem",
                pki.caCert().toString()));
        settings.putAll(overrides);
        return new SmallRyeConfigBuilder().withMapping(BindingConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build().getConfigMapping(BindingConfig.class);
    }

    static BindingEnforcer enforcer(Map<String, String> overrides) {
        return new BindingEnforcer(config(overrides), TestMetrics.on(registry));
    }

    static X509Certificate leaf(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(pki.clientCert(fixture))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** x5t#S256 computed here with the JDK, independently of production code. */
    static String thumbprint(String fixture) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf(fixture).getEncoded()));
    }

    /** An RFC 9068 access token of the AS, bound to {@code x5t} when it is not null. */
    static String token(String issuer, String x5t) throws Exception {
        long now = System.currentTimeMillis();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("user-1").claim("client_id", "client-1")
                .audience(AUDIENCE).issueTime(new Date(now)).expirationTime(new Date(now + 300_000)).jwtID("jti-" + now)
                .claim("scope", "accounts:read payments:write");
        if (x5t != null) {
            claims.claim("cnf", Map.of("x5t#S256", x5t));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(new JOSEObjectType("at+jwt")).build(),
                claims.build());
        jwt.sign(new ECDSASigner((ECPrivateKey) signing.getPrivate()));
        return jwt.serialize();
    }

    static BindingEnforcer.Rejection refused(BindingEnforcer e, String token, List<X509Certificate> chain) {
        return assertThrows(BindingEnforcer.Rejection.class, () -> e.authorize(token, chain));
    }

    static void assertRejection(BindingEnforcer.Rejection r, String reason, String description) {
        assertEquals(401, r.status);
        assertEquals("invalid_token", r.error);
        assertEquals(reason, r.reason);
        assertEquals(description, r.getMessage());
    }

    @Test
    void acceptsABoundTokenOnTheConnectionOfItsCertificate() throws Exception {
        String x5t = thumbprint(Clients.SAN_DNS);
        BoundAccessToken t = enforcer.authorize(token(ISSUER, x5t), List.of(leaf(Clients.SAN_DNS)));
        assertEquals(new BoundAccessToken("user-1", "client-1", Set.of("accounts:read", "payments:write"), x5t), t);
    }

    @Test
    void refusesABoundTokenOnTheConnectionOfAnotherCertificate() throws Exception {
        assertRejection(refused(enforcer, token(ISSUER, thumbprint(Clients.SAN_DNS)), List.of(leaf(Clients.SAN_URI))),
                "certificate_mismatch", "the client certificate does not match the token's cnf.x5t#S256");
    }

    @Test
    void refusesABoundTokenOnAConnectionWithoutCertificateEvenWhenBindingIsOptional() throws Exception {
        String token = token(ISSUER, thumbprint(Clients.SAN_DNS));
        assertRejection(refused(enforcer, token, List.of()), "no_certificate",
                "a certificate-bound token needs the client certificate on this connection");
        assertRejection(refused(bindingOptional, token, List.of()), "no_certificate",
                "a certificate-bound token needs the client certificate on this connection");
    }

    @Test
    void anUnboundTokenIsRefusedUnlessBindingIsOptional() throws Exception {
        String unbound = token(ISSUER, null);
        assertRejection(refused(enforcer, unbound, List.of(leaf(Clients.SAN_DNS))), "unbound_token",
                "the token is not certificate-bound (no cnf.x5t#S256)");
        assertEquals(null, bindingOptional.authorize(unbound, List.of()).x5tS256());
    }

    @Test
    void refusesATokenOfAnotherIssuerBeforeLookingAtTheCertificate() throws Exception {
        BindingEnforcer.Rejection r = refused(enforcer, token("https://other.example", thumbprint(Clients.SAN_DNS)),
                List.of(leaf(Clients.SAN_DNS)));
        assertEquals(401, r.status);
        assertEquals("invalid_token", r.error);
        assertEquals("invalid_token", r.reason);
    }

    @Test
    void refusesSomethingThatIsNotAToken() {
        BindingEnforcer.Rejection r = refused(enforcer, "not-a-jwt", List.of());
        assertEquals(401, r.status);
        assertEquals("invalid_token", r.reason);
    }

    @Test
    void countsTheJwksFetchOfTheAuthorizationServer() throws Exception {
        enforcer.authorize(token(ISSUER, thumbprint(Clients.SAN_DNS)), List.of(leaf(Clients.SAN_DNS)));
        assertEquals(true, registry.counter("mtls_suite_jwks_fetches_total", "source", "authorization_server", "result", "success")
                .count() >= 1);
    }

    @Test
    void refusesToStartWithoutAnAudience() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> enforcer(Map.of("suite.binding.audience", " ")));
        assertEquals(AudienceRequirement.SETTING + " " + AudienceRequirement.problem(true, java.util.Optional.empty()), e.getMessage());
    }
}
