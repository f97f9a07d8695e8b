package org.mtlssuite.observability;

import io.micrometer.core.instrument.MeterRegistry;

/** A real {@link SuiteMetrics} on a registry the test owns (the services get theirs from Quarkus). */
public final class TestMetrics {

    private TestMetrics() {
    }

    public static SuiteMetrics on(MeterRegistry registry) {
        SuiteMetrics metrics = new SuiteMetrics();
        metrics.registry = registry;
        return metrics;
    }
}
