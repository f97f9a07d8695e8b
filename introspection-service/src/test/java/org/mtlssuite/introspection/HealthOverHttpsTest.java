package org.mtlssuite.introspection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "authz"))
class HealthOverHttpsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    DataSource dataSource;

    @Test
    void liveAndReadyAnswerOverHttpsWithTheDatabaseCheck() {
        given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(https.toString())
                .get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(https.toString())
                .get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("database"))
                // The database check names the state the probe saw, without borrowing a connection.
                .body("checks.find { it.name == 'database' }.data.state", is("available"));
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
