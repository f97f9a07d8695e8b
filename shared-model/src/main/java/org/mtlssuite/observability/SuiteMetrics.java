package org.mtlssuite.observability;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The suite's own Prometheus counters (served at /q/metrics): tokens issued, client-authentication
 * failures by reason, introspection answers, resource-server binding rejections by reason, JWKS
 * fetches. Database pool metrics come from Agroal ({@code quarkus.datasource.metrics.enabled}).
 */
@ApplicationScoped
public class SuiteMetrics {

    @Inject
    MeterRegistry registry;

    public void tokenIssued(String clientId, String grant, String method, boolean bound) {
        registry.counter("mtls_suite_tokens_issued_total", "client_id", clientId, "grant", grant, "auth_method", method,
                "bound", Boolean.toString(bound)).increment();
    }

    public void clientAuthenticationFailed(String reason) {
        registry.counter("mtls_suite_client_auth_failures_total", "reason", reason).increment();
    }

    public void introspected(boolean active) {
        registry.counter("mtls_suite_introspections_total", "result", active ? "active" : "inactive").increment();
    }

    /** JWKS fetches: the RS reading the AS keys ({@code authorization_server}), the AS reading a client's {@code jwks_uri}. */
    public void jwksFetched(String source, boolean ok) {
        registry.counter("mtls_suite_jwks_fetches_total", "source", source, "result", ok ? "success" : "failure").increment();
    }

    public void bindingRejected(String reason) {
        registry.counter("mtls_suite_binding_rejections_total", "reason", reason).increment();
    }
}
