package org.mtlssuite.resource.metadata;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The RFC 9728 document as the running service serves it, without a client certificate or token. */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "resource"))
class ProtectedResourceMetadataTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    RequestSpecification anonymous() {
        return RestAssured.given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(https.toString());
    }

    @Test
    void servesTheProtectedResourceMetadataWithoutAuthentication() {
        anonymous().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .contentType("application/json")
                .body("resource", equalTo("https://localhost:8643"))
                .body("authorization_servers", equalTo(List.of("https://localhost:8443")))
                .body("tls_client_certificate_bound_access_tokens", equalTo(true))
                .body("bearer_methods_supported", equalTo(List.of("header")))
                .body("scopes_supported", equalTo(List.of("accounts:read", "payments:write")))
                .body("resource_name", equalTo("Sample banking API (mTLS suite)"))
                .body("$", not(hasKey("resource_documentation")));
    }

    @Test
    void answersNotFoundBelowTheWellKnownPathWhenTheIdentifierHasNoPath() {
        anonymous().get("/.well-known/oauth-protected-resource/accounts").then().statusCode(404);
    }
}
