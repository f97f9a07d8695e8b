package org.mtlssuite.introspection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
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
import io.restassured.specification.RequestSpecification;

/** 405 and 415 at the introspection endpoint carry the RFC 6749 5.2 JSON error body, not an empty one. */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "authz"))
class MethodAndMediaTypeErrorsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    RequestSpecification withCert() {
        return given().config(TestTls.restAssured(SuiteTestResource.pki(), Clients.RESOURCE_SERVER)).baseUri(https.toString());
    }

    @Test
    void methodNotAllowedIsJson() {
        withCert().get("/introspect").then().statusCode(405).contentType(startsWith("application/json"))
                .body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("the HTTP method GET is not allowed for this endpoint")).body("active", nullValue());
    }

    @Test
    void unsupportedMediaTypeIsJson() {
        withCert().contentType("application/json").body("{\"token\":\"x\"}").post("/introspect").then().statusCode(415)
                .contentType(startsWith("application/json")).body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("this endpoint does not accept the Content-Type application/json"))
                .body("active", nullValue());
    }
}
