package org.mtlssuite.authz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** Health, metrics and OpenAPI answer over HTTPS on the management interface only, never on the two API listeners. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class HealthOverHttpsTest {

    static final List<String> MANAGEMENT_PATHS = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics",
            "/q/openapi");

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The management interface's root path (/q); the tests resolve their paths from its host and port. */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    DataSource dataSource;

    String managementRoot() {
        return java.net.URI.create(management.toString()).resolve("/").toString();
    }

    RequestSpecification at(String base) {
        return given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(base);
    }

    @Test
    void liveAndReadyAnswerOnTheManagementInterfaceWithTheDatabaseCheck() {
        at(managementRoot()).get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        at(managementRoot()).get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("database"))
                // The database check names the state the probe saw, without borrowing a connection.
                .body("checks.find { it.name == 'database' }.data.state", is("available"));
    }

    @Test
    void openApiAndMetricsAnswerOnTheManagementInterface() {
        at(managementRoot()).get("/q/openapi").then().statusCode(200)
                .body(containsString("/token"))
                .body(containsString("/admin/clients"));
        at(managementRoot()).get("/q/metrics").then().statusCode(200).body(containsString("agroal_active_count"));
    }

    @Test
    void managementPathsAnswer404OnTheMainAndTheMtlsListener() {
        String mtls = "https://localhost:" + mtlsListener.port();
        for (String path : MANAGEMENT_PATHS) {
            at(https.toString()).get(path).then().statusCode(404);
            at(mtls).get(path).then().statusCode(404);
        }
        // The API itself still answers on both listeners.
        at(https.toString()).get("/jwks").then().statusCode(200);
        at(mtls).get("/jwks").then().statusCode(200);
    }

    @Test
    void flywayAppliedTheAuthorizationSchema() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history where success and version = '1'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from oauth_client")) {
            rs.next();
        }
    }
}
