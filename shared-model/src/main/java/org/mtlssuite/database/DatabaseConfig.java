package org.mtlssuite.database;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service watches its database. The waits of the requests themselves are bounded by the
 * PostgreSQL driver ({@code connectTimeout}, {@code loginTimeout}, {@code socketTimeout}) and the
 * pool ({@code quarkus.datasource.jdbc.acquisition-timeout}); see docs/database-stall.md.
 */
@ConfigMapping(prefix = "suite.database")
public interface DatabaseConfig {

    /** Time between two probes ({@code select 1}) while the database answers, and between two reconnection attempts while it does not. */
    @WithDefault("PT1S")
    Duration probeInterval();

    /**
     * Longest a probe waits (connect, log in, run {@code select 1}); a probe that takes longer marks
     * the database unavailable. Whole seconds, at least 1 (the driver counts in seconds).
     */
    @WithDefault("PT2S")
    Duration probeTimeout();

    /** Socket time-out of Flyway's connections at start-up: a migration may legitimately run long. */
    @WithDefault("PT10M")
    Duration migrationTimeout();

    /**
     * Whether readiness reports DOWN while the database is unavailable. Off by default: every
     * replica shares the database, so taking them all out of the load balancer would turn the
     * precise 503 answers (and what still works without the database) into connection errors.
     */
    @WithDefault("false")
    boolean readinessRequiresDatabase();
}
