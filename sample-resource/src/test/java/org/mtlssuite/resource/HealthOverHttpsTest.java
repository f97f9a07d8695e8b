package org.mtlssuite.resource;

import static org.mtlssuite.devsupport.ManagementInterfaceChecks.at;

import java.net.URL;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.ManagementInterfaceChecks;
import org.mtlssuite.devsupport.SuiteTestResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Health and metrics answer over HTTPS on the management interface only, never on the API port. */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "resource"))
class HealthOverHttpsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The management interface's root path (/q); the tests resolve their paths from its host and port. */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    DataSource dataSource;

    @Test
    void liveAndReadyAnswerOverHttpsOnTheManagementInterfaceWithTheDatabaseCheck() {
        String root = ManagementInterfaceChecks.root(management);
        ManagementInterfaceChecks.assertLiveAndReadyWithDatabaseCheck(root);
        at(root).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiAnswer404OnTheApiPort() {
        ManagementInterfaceChecks.assertNoManagementPathsOn(https.toString());
    }

    @Test
    void flywayAppliedTheResourceSchema() throws Exception {
        ManagementInterfaceChecks.assertFlywayApplied(dataSource, "account");
    }
}
