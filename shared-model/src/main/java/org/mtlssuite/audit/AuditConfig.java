package org.mtlssuite.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit trail: a log category written at once, and the {@code audit_event} table written in batches. */
@ConfigMapping(prefix = "suite.audit")
public interface AuditConfig {

    /** Whether audit events also go to the audit_event table (the log category is always written). */
    @WithDefault("true")
    boolean table();

    /** Events waiting for the table at most; beyond, they are dropped from the table (and counted). */
    @WithDefault("10000")
    int bufferSize();

    @WithDefault("500")
    int batchSize();

    /** How long a batch waits to fill before it is written. */
    @WithDefault("PT0.5S")
    Duration flushInterval();

    /** Rows older than this are deleted. */
    @WithDefault("P90D")
    Duration retention();
}
