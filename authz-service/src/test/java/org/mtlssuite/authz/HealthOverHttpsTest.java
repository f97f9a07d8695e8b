package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.mtlssuite.devsupport.ManagementInterfaceChecks.at;

import java.net.URL;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.ManagementInterfaceChecks;
import org.mtlssuite.devsupport.SuiteTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Health, metrics and OpenAPI answer over HTTPS on the management interface only, never on the two API listeners. */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class HealthOverHttpsTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** The management interface's root path (/q); the tests resolve their paths from its host and port. */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    DataSource dataSource;

    @Test
    void liveAndReadyAnswerOnTheManagementInterfaceWithTheDatabaseCheck() {
        ManagementInterfaceChecks.assertLiveAndReadyWithDatabaseCheck(ManagementInterfaceChecks.root(management));
    }

    @Test
    void openApiAndMetricsAnswerOnTheManagementInterface() {
        String root = ManagementInterfaceChecks.root(management);
        at(root).get("/q/openapi").then().statusCode(200)
                .body(containsString("/token"))
                .body(containsString("/admin/clients"));
        at(root).get("/q/metrics").then().statusCode(200).body(containsString("agroal_active_count"));
    }

    @Test
    void managementPathsAnswer404OnTheMainAndTheMtlsListener() {
        String mtls = "https://localhost:" + mtlsListener.port();
        ManagementInterfaceChecks.assertNoManagementPathsOn(https.toString());
        ManagementInterfaceChecks.assertNoManagementPathsOn(mtls);
        // The API itself still answers on both listeners.
        at(https.toString()).get("/jwks").then().statusCode(200);
        at(mtls).get("/jwks").then().statusCode(200);
    }

    @Test
    void flywayAppliedTheAuthorizationSchema() throws Exception {
        ManagementInterfaceChecks.assertFlywayApplied(dataSource, "oauth_client");
    }
}
