package org.mtlssuite.resource;

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

/** 405 and 415 at the resource server carry the RFC 6749 5.2 JSON error body, not an empty one, and leak no data. */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "resource"))
class MethodAndMediaTypeErrorsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    RequestSpecification withCert() {
        return RestAssured.given().config(TestTls.restAssured(SuiteTestResource.pki(), Clients.SAN_DNS)).baseUri(https.toString());
    }

    @Test
    void methodNotAllowedIsJson() {
        withCert().delete("/accounts").then().statusCode(405).contentType(startsWith("application/json"))
                .body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("the HTTP method DELETE is not allowed for this endpoint"));
        withCert().post("/ping").then().statusCode(405).contentType(startsWith("application/json"))
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void unsupportedMediaTypeIsJson() {
        withCert().header("Authorization", "Bearer x").contentType("text/plain").body("amount=1").post("/payments").then()
                .statusCode(415).contentType(startsWith("application/json")).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("this endpoint does not accept the Content-Type text/plain"));
    }
}
