package org.mtlssuite.database;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Readiness names the database state from {@link DatabaseHealth} without touching the database,
 * so it answers at once even while PostgreSQL hangs (Quarkus' own datasource check is turned off:
 * it borrows a connection and would wait for the time-outs). UP during an outage unless
 * {@code suite.database.readiness-requires-database} is set; liveness never looks at the
 * database (a stalled database is no reason to restart a pod).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Inject
    DatabaseHealth health;

    @Inject
    DatabaseConfig config;

    @Override
    public HealthCheckResponse call() {
        DatabaseHealth.Outage outage = health.outage();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("database");
        if (outage == null) {
            return b.up().withData("state", "available").build();
        }
        return b.status(!config.readinessRequiresDatabase()).withData("state", "unavailable")
                .withData("since", outage.since().toString()).withData("reason", outage.reason()).build();
    }
}
