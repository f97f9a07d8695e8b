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
import jakarta.inject.Inject;

/** Past the failed-authentication limit of a client, even the right certificate waits: 429 with Retry-After. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
@TestProfile(FailedAuthenticationLimitTest.LowLimits.class)
class FailedAuthenticationLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.client-auth.failure-limit.per-client", "3", "suite.client-auth.failure-limit.per-peer", "1000",
                    "suite.client-auth.failure-limit.window", "PT1M");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Test
    void fourthAttemptAfterThreeFailuresIsRateLimited() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", "limited-client");
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        registerFresh(https.toString().replaceAll("/$", ""), m);
        for (int i = 0; i < 3; i++) {
            mtls(mtlsListener.port(), Clients.SAN_DNS).formParam("grant_type", "client_credentials")
                    .formParam("client_id", "limited-client").post("/token").then().statusCode(401)
                    .body("error", equalTo("invalid_client"));
        }
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials")
                .formParam("client_id", "limited-client").post("/token").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("error", equalTo("temporarily_unavailable"))
                .body("error_description", containsString("too many failed authentications for this client"))
                .body("access_token", nullValue());
    }
}
