package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import javax.sql.DataSource;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Operability of the AS: request ids on responses and on log lines, the audit trail in its log
 * category and in the audit_event table (written off the request path), and the metrics of the
 * database pool, the audit buffer and both listeners' HTTP traffic.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class OperabilityTest {

    static final List<ExtLogRecord> AUDIT_LINES = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord r) {
                r.copyMdc();
                AUDIT_LINES.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** Health, metrics and OpenAPI: the management interface only (this URL ends in its root path /q). */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void captureAuditLog() {
        org.jboss.logmanager.Logger.getLogger(AuditTrail.CATEGORY).addHandler(CAPTURE);
    }

    @AfterAll
    static void release() {
        org.jboss.logmanager.Logger.getLogger(AuditTrail.CATEGORY).removeHandler(CAPTURE);
    }

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    void registerClient() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", "ops-client");
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        m.put("tls_client_certificate_bound_access_tokens", true);
        m.put("scope", "accounts:read");
        registerFresh(base(), m);
    }

    /** Audit rows matching the condition, waiting up to 10 s for the background writer. */
    List<JsonNode> auditRows(String eventType, String clientId, String detailKey, String detailValue) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<JsonNode> rows = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select outcome, request_id, details::text from audit_event where event_type = ? and client_id = ?"
                            + " and details->>? = ? order by id")) {
                ps.setString(1, eventType);
                ps.setString(2, clientId);
                ps.setString(3, detailKey);
                ps.setString(4, detailValue);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var row = JSON.createObjectNode();
                        row.put("outcome", rs.getString(1));
                        row.put("request_id", rs.getString(2));
                        row.set("details", JSON.readTree(rs.getString(3)));
                        rows.add(row);
                    }
                }
            }
            if (!rows.isEmpty() || System.nanoTime() > deadline) {
                return rows;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void everyResponseCarriesARequestIdAndAValidCallerIdIsKept() {
        main(base()).get("/.well-known/oauth-authorization-server").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        main(base()).header("X-Request-Id", "trace-42.a").get("/jwks").then().header("X-Request-Id", equalTo("trace-42.a"));
        main(base()).header("X-Request-Id", "bad id with spaces").get("/jwks").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        mtls(mtlsListener.port(), null).header("X-Request-Id", "mtls-listener-1").formParam("grant_type", "client_credentials")
                .post("/token").then().statusCode(400).header("X-Request-Id", equalTo("mtls-listener-1"));
    }

    @Test
    void issuedTokenIsAuditedInTheLogAndTheTableWithItsRequestIdAndNoSecret() throws Exception {
        registerClient();
        Response r = mtls(mtlsListener.port(), Clients.SUBJECT_DN).header("X-Request-Id", "audit-issue-1")
                .formParam("grant_type", "client_credentials").formParam("client_id", "ops-client").post("/token");
        r.then().statusCode(200);
        String token = r.path("access_token");
        String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();

        ExtLogRecord line = AUDIT_LINES.stream().filter(l -> l.getMessage().contains(jti)).findFirst().orElse(null);
        assertNotNull(line, "the audit log line is written at once");
        assertEquals("audit-issue-1", line.getMdc("request_id"), "the request id is on the log line");
        assertTrue(line.getMessage().startsWith("{\"event\":\"token_issued\",\"outcome\":\"success\",\"client_id\":\"ops-client\""),
                line.getMessage());

        List<JsonNode> rows = auditRows("token_issued", "ops-client", "jti", jti);
        assertEquals(1, rows.size());
        JsonNode row = rows.get(0);
        assertEquals("success", row.get("outcome").asText());
        assertEquals("audit-issue-1", row.get("request_id").asText());
        assertEquals("client_credentials", row.get("details").get("grant_type").asText());
        assertEquals(AuthzTestClient.expectedThumbprint(Clients.SUBJECT_DN), row.get("details").get("cnf").get("x5t#S256").asText());
        assertFalse(row.toString().contains(token), "the token itself is never audited");
        assertFalse(line.getMessage().contains(token));

        List<JsonNode> auth = auditRows("client_authentication", "ops-client", "x5t#S256",
                AuthzTestClient.expectedThumbprint(Clients.SUBJECT_DN));
        assertFalse(auth.isEmpty());
        JsonNode success = auth.get(auth.size() - 1);
        assertEquals("success", success.get("outcome").asText());
        assertEquals("tls_client_auth", success.get("details").get("auth_method").asText());
        assertEquals("connection", success.get("details").get("certificate_source").asText());
        assertEquals(Values.SUBJECT_DN, success.get("details").get("subject").asText());
        assertNotNull(success.get("details").get("peer"));
    }

    @Test
    void failedAuthenticationIsAuditedWithItsReasonAndTheRegistryChangeWithItsActor() throws Exception {
        registerClient();
        mtls(mtlsListener.port(), Clients.SAN_DNS).formParam("grant_type", "client_credentials").formParam("client_id", "ops-client")
                .post("/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        List<JsonNode> rows = auditRows("client_authentication", "ops-client", "reason", "subject_mismatch");
        assertFalse(rows.isEmpty());
        assertEquals("failure", rows.get(0).get("outcome").asText());
        assertEquals(AuthzTestClient.expectedThumbprint(Clients.SAN_DNS), rows.get(0).get("details").get("x5t#S256").asText());

        assertFalse(auditRows("client_registered", "ops-client", "actor", "admin").isEmpty());
    }

    @Test
    void metricsExposeTheAuditBufferTheDatabasePoolAndBothListeners() {
        mtls(mtlsListener.port(), null).formParam("grant_type", "client_credentials").post("/token");
        main(base()).get("/jwks").then().statusCode(200);
        main(java.net.URI.create(management.toString()).resolve("/").toString()).get("/q/metrics").then().statusCode(200)
                .body(containsString("mtls_suite_audit_dropped_total"))
                .body(containsString("mtls_suite_audit_pending"))
                .body(containsString("agroal_active_count"))
                .body(containsString("uri=\"/token\""))
                .body(containsString("uri=\"/jwks\""));
    }
}
