package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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

/**
 * tls_client_auth with CRL checking on (the dev CA's CRL file, hard fail): a revoked certificate
 * is refused as revoked, one whose issuer has no CRL here as revocation_unknown, a good one passes.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
@TestProfile(RevocationCheckingTest.CrlProfile.class)
class RevocationCheckingTest {

    public static class CrlProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("suite.client-auth.revocation.mode", "crl", "suite.client-auth.revocation.crl-files",
                    "${suite.pki.dir}/ca.crl");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    void register(String id, String dn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", id);
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", dn);
        m.put("tls_client_certificate_bound_access_tokens", true);
        registerFresh(https.toString().replaceAll("/$", ""), m);
    }

    @Test
    void revokedUnknownAndGoodCertificates() {
        register("crl-revoked", "CN=revoked-client,O=Demo Bank,C=GB");
        register("crl-good", Values.SUBJECT_DN);
        register("crl-intermediate", "CN=via-intermediate-client,O=Demo Bank,C=GB");
        mtls(mtlsListener.port(), Clients.REVOKED).formParam("grant_type", "client_credentials").formParam("client_id", "crl-revoked")
                .post("/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                .body("error_description", containsString("(revoked)")).body("access_token", nullValue());
        mtls(mtlsListener.port(), Clients.VIA_INTERMEDIATE).formParam("grant_type", "client_credentials")
                .formParam("client_id", "crl-intermediate").post("/token").then().statusCode(401)
                .body("error_description", containsString("(revocation_unknown)")).body("access_token", nullValue());
        mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials").formParam("client_id", "crl-good")
                .post("/token").then().statusCode(200);
    }
}
