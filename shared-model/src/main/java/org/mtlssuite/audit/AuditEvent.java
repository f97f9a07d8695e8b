package org.mtlssuite.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audit record: what happened ({@code type}), how it ended, for which client, and details that
 * never include a secret, a token, a key or a password (tokens appear by jti only).
 */
public record AuditEvent(Instant occurredAt, String type, String outcome, String clientId, String service, String requestId,
        Map<String, Object> details) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
}
