package org.mtlssuite.authz.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.store.SigningKey;
import org.mtlssuite.store.SigningKeySealing;
import org.mtlssuite.store.TokenVerificationKeys;

import com.nimbusds.jwt.SignedJWT;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Signing-key administration against a real PostgreSQL: the scheduled rotation run by two replicas
 * at once rotates once; a compromised key is revoked at once; version-1 seals of an earlier release
 * keep working until an explicit re-seal, and new keys follow the oldest seal in use.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class KeyAdministrationTest {

    static final String ADMIN = "Bearer test-admin-token";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    SigningKeyLifecycle keys;

    @Inject
    TokenVerificationKeys verificationKeys;

    @Inject
    KeyProtection protection;

    @Inject
    GuardedJdbc db;

    RequestSpecification main() {
        return given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(https.toString());
    }

    String statusOf(String kid) {
        SigningKey k = SigningKey.find(db, kid);
        return k == null ? null : k.status;
    }

    /** The access tokens' key family (ES256 in tests); OpenID Connect adds an RS256 family beside it. */
    static final String FAMILY = "ES256";

    String kidWithStatus(String status) {
        return SigningKey.withStatus(db, status, FAMILY).kid;
    }

    long count(String status) {
        return SigningKey.countWithStatus(db, status, FAMILY);
    }

    String token() {
        main().header("Authorization", ADMIN).delete("/admin/clients/keys-test-client");
        main().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("client_id", "keys-test-client",
                "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_san_dns", Values.SAN_DNS,
                "tls_client_certificate_bound_access_tokens", true, "scope", "accounts:read", "audience", List.of("sample-resource")))
                .post("/admin/clients").then().statusCode(201);
        return given().config(TestTls.restAssured(SuiteTestResource.pki(), Clients.SAN_DNS))
                .baseUri("https://localhost:" + mtlsListener.port()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "keys-test-client").post("/token").then().statusCode(200).extract().path("access_token");
    }

    @Test
    void twoReplicasCheckingAtOnceRotateOnlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String current = kidWithStatus(SigningKey.CURRENT);
                String next = kidWithStatus(SigningKey.NEXT);
                // The current key is older than the rotation period: a rotation is due.
                db.update("update signing_key set activated_at = ? where kid = ?",
                        GuardedJdbc.values(Instant.now().minus(Duration.ofDays(400)), current), "backdate the current key");
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> checks = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    checks.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        keys.maintain();
                        return null;
                    }));
                }
                for (Future<?> f : checks) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(SigningKey.RETIRED, statusOf(current), "round " + round + ": the due key retired");
                assertEquals(SigningKey.CURRENT, statusOf(next),
                        "round " + round + ": the next key became current and stayed current (a second rotation would retire it)");
                assertEquals(1, count(SigningKey.CURRENT));
                assertEquals(1, count(SigningKey.NEXT));
                assertEquals(next, keys.active().kid());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRevokedKeyLeavesTheJwksAndTheKeyTableAtOnceAndIsReplaced() throws Exception {
        String before = token();
        String compromised = SignedJWT.parse(before).getHeader().getKeyID();
        String next = kidWithStatus(SigningKey.NEXT);
        assertNotNull(verificationKeys.keyFor(compromised, "ES256"), "the key table holds the key before");

        main().post("/admin/keys/" + compromised + "/revoke").then().statusCode(401).body("error", equalTo("invalid_token"));
        main().header("Authorization", ADMIN).post("/admin/keys/no-such-kid/revoke").then().statusCode(404)
                .body("error", equalTo("not_found"));
        List<Map<String, Object>> listed = main().header("Authorization", ADMIN).post("/admin/keys/" + compromised + "/revoke")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertTrue(listed.stream().noneMatch(k -> compromised.equals(k.get("kid"))), listed.toString());
        assertEquals(next, listed.stream().filter(k -> FAMILY.equals(k.get("alg")) && SigningKey.CURRENT.equals(k.get("status")))
                .findFirst().orElseThrow().get("kid"), "the next key (already published) replaces the revoked current key");
        assertEquals(1, listed.stream().filter(k -> FAMILY.equals(k.get("alg")) && SigningKey.NEXT.equals(k.get("status"))).count());

        String jwks = main().get("/jwks").then().statusCode(200).header("Cache-Control", "max-age=60").extract().asString();
        assertTrue(!jwks.contains(compromised), "the revoked key is no longer published");
        assertTrue(jwks.contains(next));
        assertEquals(next, SignedJWT.parse(token()).getHeader().getKeyID(), "new tokens are signed by the replacement");

        // Verifiers reading the key table forget it within their refresh interval (2 s in tests).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (verificationKeys.keyFor(compromised, "ES256") != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertNull(verificationKeys.keyFor(compromised, "ES256"), "the key table no longer yields the revoked key");
        assertNotNull(verificationKeys.keyFor(next, "ES256"));
    }

    @Test
    void version1SealsKeepWorkingNewKeysFollowThemUntilAnExplicitReseal() throws Exception {
        // As after an upgrade from a release before HKDF: every key sealed with version 1.
        QuarkusTransaction.requiringNew().run(() -> {
            for (SigningKey k : SigningKey.sealedWith(db, SigningKeySealing.V2_HKDF)) {
                byte[] pkcs8 = protection.open(k.kid, k.privateKeySealed, SigningKeySealing.V2_HKDF);
                k.reseal(db, protection.seal(k.kid, pkcs8, SigningKeySealing.V1_SHA256), SigningKeySealing.V1_SHA256);
            }
        });
        keys.reload();
        String beforeRotation = SignedJWT.parse(token()).getHeader().getKeyID();

        main().header("Authorization", ADMIN).post("/admin/keys/rotate").then().statusCode(200);
        String newNext = kidWithStatus(SigningKey.NEXT);
        assertEquals(SigningKeySealing.V1_SHA256, sealVersion(newNext),
                "while version-1 keys exist (a replica of the earlier release may run) new keys are sealed with version 1");
        assertNotEquals(beforeRotation, SignedJWT.parse(token()).getHeader().getKeyID(), "the promoted version-1 key signs");

        List<Map<String, Object>> listed = main().header("Authorization", ADMIN).post("/admin/keys/reseal").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertTrue(listed.stream().allMatch(k -> Integer.valueOf(SigningKeySealing.V2_HKDF).equals(k.get("seal_version"))),
                listed.toString());
        token();
        main().header("Authorization", ADMIN).post("/admin/keys/rotate").then().statusCode(200);
        assertEquals(SigningKeySealing.V2_HKDF, sealVersion(kidWithStatus(SigningKey.NEXT)), "after the re-seal new keys are version 2");
        assertEquals(0, main().header("Authorization", ADMIN).post("/admin/keys/reseal").then().statusCode(200).extract()
                .jsonPath().getList("$").stream().filter(k -> !Integer.valueOf(2).equals(((Map<?, ?>) k).get("seal_version"))).count());
        token();
    }

    int sealVersion(String kid) {
        return SigningKey.find(db, kid).sealVersion;
    }
}
