package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Only wrong client secrets are limited, per client and caller address: naming a client with no or
 * a wrong certificate never locks it out (a certificate cannot be guessed), and an attacker's wrong
 * secrets lock out only the attacker's address, which behind a trusted proxy is the one the proxy
 * reports. Past the limit even the right secret waits: 429 with Retry-After.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
@TestProfile(FailedAuthenticationLimitTest.LowLimits.class)
class FailedAuthenticationLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.client-auth.failure-limit.per-client", "3", "suite.client-auth.failure-limit.per-peer", "1000",
                    "suite.client-auth.failure-limit.window", "PT1M",
                    "suite.certificate-source.trusted-proxies", "127.0.0.1/32,::1/128",
                    "suite.certificate-source.proxy-certificate-dns", Values.PROXY_DNS);
        }
    }

    static final String SECRET = "limited-client-secret-0123456789";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    RequestSpecification token(String fixture, String clientId) {
        return mtls(mtlsListener.port(), fixture).formParam("grant_type", "client_credentials").formParam("client_id", clientId);
    }

    RequestSpecification secret(String fixture, String clientId, String secret) {
        return mtls(mtlsListener.port(), fixture).auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials");
    }

    void registerSecretClient(String clientId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", clientId);
        m.put("token_endpoint_auth_method", "client_secret_basic");
        m.put("client_secret", SECRET);
        m.put("tls_client_certificate_bound_access_tokens", false);
        registerFresh(https.toString().replaceAll("/$", ""), m);
    }

    @Test
    void twoHundredFailedMtlsAttemptsNamingAClientDoNotLockItOut() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", "limited-victim");
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        registerFresh(https.toString().replaceAll("/$", ""), m);
        for (int i = 0; i < 100; i++) {
            token(null, "limited-victim").post("/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                    .body("error_description", containsString("no_certificate"));
            token(Clients.SAN_DNS, "limited-victim").post("/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                    .body("error_description", containsString("subject_mismatch"));
        }
        // A guessed secret for an mTLS client is not a secret guess either: that client has none.
        for (int i = 0; i < 5; i++) {
            secret(null, "limited-victim", "guess-" + i).post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        token(Clients.SUBJECT_DN, "limited-victim").post("/token").then().statusCode(200)
                .body("access_token", notNullValue());
    }

    @Test
    void failuresForUnknownClientsDoNotCountAgainstTheCallersAddress() {
        registerSecretClient("limited-after-unknown");
        for (int i = 0; i < 10; i++) {
            secret(null, "no-such-client-" + i, "whatever-secret").post("/token").then().statusCode(401)
                    .body("error", equalTo("invalid_client"));
            token(Clients.SAN_DNS, "no-such-client-" + i).post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        secret(null, "limited-after-unknown", SECRET).post("/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void wrongSecretsAreLimitedPerClientAndCallerAddress() {
        registerSecretClient("limited-secret");
        for (int i = 0; i < 3; i++) {
            secret(null, "limited-secret", "wrong-secret-" + i).post("/token").then().statusCode(401)
                    .body("error", equalTo("invalid_client")).body("error_description", containsString("wrong client secret"));
        }
        // Past the limit even the right secret waits, without being checked.
        secret(null, "limited-secret", SECRET).post("/token").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("error", equalTo("temporarily_unavailable"))
                .body("error_description", containsString("too many failed authentications for this client from this address"))
                .body("access_token", nullValue());
        // A forwarded address is believed only from the trusted proxy (its certificate): here the caller is still 127.0.0.1.
        secret(null, "limited-secret", SECRET).header("X-Forwarded-For", "198.51.100.8").post("/token").then().statusCode(429);
        // Behind the proxy the key is the address the proxy reports: another caller of the same client is not locked out.
        secret(Clients.PROXY, "limited-secret", SECRET).header("X-Forwarded-For", "198.51.100.8").post("/token").then()
                .statusCode(200).body("access_token", notNullValue());
        for (int i = 0; i < 3; i++) {
            secret(Clients.PROXY, "limited-secret", "wrong-secret-" + i).header("X-Forwarded-For", "203.0.113.7").post("/token")
                    .then().statusCode(401).body("error", equalTo("invalid_client"));
        }
        secret(Clients.PROXY, "limited-secret", SECRET).header("X-Forwarded-For", "203.0.113.7").post("/token").then()
                .statusCode(429).header("Retry-After", notNullValue()).body("error", equalTo("temporarily_unavailable"));
        // The caller's own entry is the rightmost one the proxy appends; what the caller wrote on its left is not believed.
        secret(Clients.PROXY, "limited-secret", SECRET).header("X-Forwarded-For", "203.0.113.7, 198.51.100.9").post("/token")
                .then().statusCode(200).body("access_token", notNullValue());
    }
}
