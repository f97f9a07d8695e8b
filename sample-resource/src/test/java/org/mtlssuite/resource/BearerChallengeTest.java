package org.mtlssuite.resource;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki.Clients;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** RFC 6750 answers that need no AS: the bound-token filter refuses before any token is trusted. */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "resource"))
class BearerChallengeTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** Health, metrics and OpenAPI: the management interface only (this URL ends in its root path /q). */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    RequestSpecification withCert() {
        return RestAssured.given().config(TestTls.restAssured(SuiteTestResource.pki(), Clients.SAN_DNS)).baseUri(https.toString());
    }

    /** RFC 9728 5.1: every challenge points to the protected resource metadata. */
    static final String METADATA = ", resource_metadata=\"https://localhost:8643/.well-known/oauth-protected-resource\"";

    @Test
    void noTokenGetsABareBearerChallenge() {
        withCert().get("/accounts").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"sample-resource\"" + METADATA));
        withCert().header("Authorization", "Basic dXNlcjpwYXNz").get("/accounts/acc-001").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"sample-resource\"" + METADATA));
    }

    @Test
    void tokenInTheQueryStringIsInvalidRequest() {
        withCert().get("/accounts?access_token=abc").then().statusCode(400).body("error", equalTo("invalid_request"))
                .header("WWW-Authenticate", startsWith("Bearer realm=\"sample-resource\", error=\"invalid_request\""))
                .header("WWW-Authenticate", endsWith(METADATA));
    }

    @Test
    void garbageTokenIsInvalidTokenAndNoDataLeaks() {
        withCert().header("Authorization", "Bearer not.a.jwt").get("/accounts").then().statusCode(401)
                .body("error", equalTo("invalid_token"))
                .header("WWW-Authenticate", startsWith("Bearer realm=\"sample-resource\", error=\"invalid_token\""))
                .header("WWW-Authenticate", endsWith(METADATA));
        withCert().header("Authorization", "Bearer x").contentType("application/json").body("{}").post("/payments")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
        String metrics = withCert().baseUri(java.net.URI.create(management.toString()).resolve("/").toString()).get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.lines().anyMatch(
                l -> l.startsWith("mtls_suite_binding_rejections_total{reason=\"invalid_token\"}") && !l.endsWith(" 0.0")), metrics);
    }

    @Test
    void healthIsNotProtected() {
        withCert().baseUri(java.net.URI.create(management.toString()).resolve("/").toString()).get("/q/health/ready").then().statusCode(200);
    }
}
