package org.mtlssuite.devsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.restassured.specification.RequestSpecification;

/**
 * The checks every service's HTTPS health test makes, written once: health, metrics and OpenAPI answer
 * on the management interface only (never on an API listener), readiness includes the database check,
 * and Flyway applied the service's schema. Each service's test class names its own cases and calls these.
 */
public final class ManagementInterfaceChecks {

    /** The paths only the management interface serves. */
    public static final List<String> MANAGEMENT_PATHS = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics",
            "/q/openapi");

    private ManagementInterfaceChecks() {
    }

    /** The management interface's root, from the URL Quarkus injects for it ({@code management = true}; its path is /q). */
    public static String root(URL management) {
        return URI.create(management.toString()).resolve("/").toString();
    }

    /** A request over HTTPS trusting the dev PKI, without a client certificate. */
    public static RequestSpecification at(String base) {
        return given().config(TestTls.restAssured(SuiteTestResource.pki(), null)).baseUri(base);
    }

    /** Live is UP; ready is UP and names the database check with the state the probe saw (without borrowing a connection). */
    public static void assertLiveAndReadyWithDatabaseCheck(String managementRoot) {
        at(managementRoot).get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        at(managementRoot).get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("database"))
                .body("checks.find { it.name == 'database' }.data.state", is("available"));
    }

    /** Every management path is 404 on this (API) listener. */
    public static void assertNoManagementPathsOn(String base) {
        for (String path : MANAGEMENT_PATHS) {
            at(base).get(path).then().statusCode(404);
        }
    }

    /**
     * Flyway's first migration succeeded on this data source and {@code table}, one of the service's own, exists.
     *
     * @throws AssertionError when the migration is not recorded as applied
     */
    public static void assertFlywayApplied(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history where success and version = '1'")) {
            rs.next();
            if (rs.getInt(1) != 1) {
                throw new AssertionError("flyway_schema_history: version 1 applied " + rs.getInt(1) + " times, expected 1");
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
        }
    }
}
