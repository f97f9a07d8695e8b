package org.mtlssuite.authz;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.expectedThumbprint;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** PS256 signing (RFC 9068 also needs RS256; both use the same RSA key path): a new key replaces the ES256 one. */
@QuarkusTest
@TestProfile(AlternativeSigningAlgorithmsTest.Ps256.class)
@WithTestResource(SuiteTestResource.class)
class AlternativeSigningAlgorithmsTest {

    public static class Ps256 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("authz.token.signing-algorithm", "PS256");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Test
    void signsWithPs256AndPublishesTheRsaKey() throws Exception {
        String base = https.toString();
        registerFresh(base, Map.of("client_id", "ps256-client", "token_endpoint_auth_method", "tls_client_auth",
                "tls_client_auth_san_dns", Values.SAN_DNS, "tls_client_certificate_bound_access_tokens", true,
                "scope", "accounts:read", "audience", List.of("sample-resource")));
        String jwt = mtls(mtlsListener.port(), Clients.SAN_DNS).formParam("grant_type", "client_credentials")
                .formParam("client_id", "ps256-client").post("/token").then().statusCode(200)
                .body("token_type", equalTo("Bearer")).extract().path("access_token");
        SignedJWT token = SignedJWT.parse(jwt);
        assertEquals(JWSAlgorithm.PS256, token.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(main(base).get("/jwks").then().statusCode(200).extract().asString());
        assertTrue(token.verify(new RSASSAVerifier(jwks.getKeyByKeyId(token.getHeader().getKeyID()).toRSAKey())));
        assertEquals(Map.of("x5t#S256", expectedThumbprint(Clients.SAN_DNS)), token.getJWTClaimsSet().getJSONObjectClaim("cnf"));
    }
}
