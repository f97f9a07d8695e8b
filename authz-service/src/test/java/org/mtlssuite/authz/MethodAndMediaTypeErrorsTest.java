package org.mtlssuite.authz;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** 405 and 415 on both AS listeners carry the RFC 6749 5.2 JSON error body, not an empty one. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class MethodAndMediaTypeErrorsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    static ValidatableResponse isJsonError(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType(startsWith("application/json")).body("error", equalTo("invalid_request"));
    }

    @Test
    void methodNotAllowedOnTheMainListenerIsJson() {
        isJsonError(main(https.toString()).put("/jwks").then(), 405)
                .body("error_description", equalTo("the HTTP method PUT is not allowed for this endpoint"));
        isJsonError(main(https.toString()).delete("/.well-known/oauth-authorization-server").then(), 405)
                .body("error_description", startsWith("the HTTP method DELETE is not allowed for this endpoint"));
    }

    @Test
    void unsupportedMediaTypeOnTheMainListenerIsJson() {
        isJsonError(main(https.toString()).header("Authorization", "Bearer " + AuthzTestClient.ADMIN_TOKEN)
                .contentType("text/plain").body("client_id=x").post("/admin/clients").then(), 415)
                .body("error_description", equalTo("this endpoint does not accept the Content-Type text/plain"));
    }

    @Test
    void methodNotAllowedOnTheMtlsListenerIsJson() {
        isJsonError(mtls(mtlsListener.port(), Clients.SUBJECT_DN).get("/token").then(), 405)
                .body("error_description", equalTo("the HTTP method GET is not allowed for this endpoint"))
                .body("access_token", org.hamcrest.Matchers.nullValue());
        isJsonError(mtls(mtlsListener.port(), Clients.SUBJECT_DN).delete("/revoke").then(), 405);
    }

    @Test
    void unsupportedMediaTypeOnTheMtlsListenerIsJson() {
        isJsonError(mtls(mtlsListener.port(), Clients.SUBJECT_DN).contentType("application/json").body("{\"grant_type\":\"client_credentials\"}")
                .post("/token").then(), 415)
                .body("error_description", equalTo("this endpoint does not accept the Content-Type application/json"))
                .body("access_token", org.hamcrest.Matchers.nullValue());
    }
}
