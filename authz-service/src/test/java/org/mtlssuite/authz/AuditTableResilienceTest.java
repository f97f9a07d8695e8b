package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * One request must not stop the audit table (issue 16, point 4): a claimed client_id longer than
 * its column or holding a NUL byte is stored cleaned and cut, a row the database still refuses is
 * dropped and counted while the events behind it are stored, and a normal request's event
 * afterwards is in audit_event.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class AuditTableResilienceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** Metrics: the management interface only (this URL ends in its root path /q). */
    @TestHTTPResource(value = "/", tls = true, management = true)
    URL management;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    DataSource dataSource;

    @Inject
    AuditTrail audit;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    Response token(String clientId) {
        return mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).post("/token");
    }

    /** Refused in OAuth JSON without a token, and not as "the database is unavailable". */
    static void refusedWithoutAToken(Response r, String what) {
        assertNotEquals(503, r.statusCode(), what + " is not an outage: " + r.body().asString());
        assertTrue(r.statusCode() >= 400, what + ": " + r.statusCode());
        assertTrue(Set.of("invalid_request", "invalid_client", "server_error").contains(r.jsonPath().getString("error")),
                what + ": " + r.body().asString());
        assertFalse(r.body().asString().contains("access_token"), what);
        assertFalse(r.body().asString().contains("Exception"), what + " leaks internals: " + r.body().asString());
    }

    /** client_ids of audit rows of this event type whose client_id starts with the prefix, waiting up to 10 s for one. */
    List<String> storedClientIds(String eventType, String prefix) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> ids = new ArrayList<>();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select client_id from audit_event where event_type = ? and starts_with(client_id, ?) order by id")) {
                ps.setString(1, eventType);
                ps.setString(2, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            if (!ids.isEmpty() || System.nanoTime() > deadline) {
                return ids;
            }
            Thread.sleep(50);
        }
    }

    boolean tokenIssuedIsStored(String jti) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select 1 from audit_event where event_type = 'token_issued' and details->>'jti' = ?")) {
                ps.setString(1, jti);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void overLongAndNulClientIdsAtTheTokenEndpointDoNotStopTheAuditTable() throws Exception {
        String overLong = "long-client-" + "x".repeat(288);
        assertEquals(300, overLong.length());
        refusedWithoutAToken(token(overLong), "a 300-character client_id");
        refusedWithoutAToken(token("nul\u0000client"), "a client_id with a NUL byte");

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", "audit-resilience-client");
        m.put("token_endpoint_auth_method", "tls_client_auth");
        m.put("tls_client_auth_subject_dn", Values.SUBJECT_DN);
        m.put("tls_client_certificate_bound_access_tokens", true);
        registerFresh(base(), m);
        Response ok = token("audit-resilience-client");
        ok.then().statusCode(200);
        String jti = SignedJWT.parse(ok.path("access_token")).getJWTClaimsSet().getJWTID();
        assertTrue(tokenIssuedIsStored(jti), "the event of the normal request after them is in audit_event");

        // The over-long claim is refused before client authentication (issue 16.5: never reaches the
        // database as a client_id); whatever the trail keeps of it is cut to the column with the marker.
        for (String kept : storedClientIds("client_authentication", "long-client-")) {
            assertEquals(overLong.substring(0, 255 - AuditEvent.TRUNCATED.length()) + AuditEvent.TRUNCATED, kept);
        }
    }

    @Test
    void aNulByteInAnyAuditFieldIsStoredAsAVisibleEscape() throws Exception {
        audit.record("audit_resilience_probe", AuditEvent.FAILURE, "nul-field\u0000client", Map.of("reason", "a\u0000b"));
        assertEquals(List.of("nul-field\\u0000client"), storedClientIds("audit_resilience_probe", "nul-field"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select details->>'reason' from audit_event where event_type = 'audit_resilience_probe'")) {
            assertTrue(rs.next());
            assertEquals("a\\u0000b", rs.getString(1));
        }
    }

    @Test
    void aRowTheDatabaseRefusesIsDroppedAndCountedAndTheOthersAreStored() throws Exception {
        // A row the database refuses although it is clean and bounded: a constraint added for this test only.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table audit_event add constraint audit_test_refuses_poison"
                    + " check (client_id is distinct from 'poison-row') not valid");
        }
        long rejectedBefore = audit.rejected();
        try {
            audit.record("audit_batch_probe", AuditEvent.SUCCESS, "batch-before", Map.of());
            audit.record("audit_batch_probe", AuditEvent.SUCCESS, "poison-row", Map.of());
            audit.record("audit_batch_probe", AuditEvent.SUCCESS, "batch-after", Map.of());
            assertEquals(List.of("batch-after"), storedClientIds("audit_batch_probe", "batch-after"));
            assertEquals(List.of("batch-before"), storedClientIds("audit_batch_probe", "batch-before"));
            assertEquals(rejectedBefore + 1, audit.rejected(), "the refused row is counted");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("alter table audit_event drop constraint audit_test_refuses_poison");
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from audit_event where client_id = 'poison-row'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the refused row is not stored (and not retried forever)");
        }
        audit.record("audit_batch_probe", AuditEvent.SUCCESS, "batch-later", Map.of());
        assertEquals(List.of("batch-later"), storedClientIds("audit_batch_probe", "batch-later"), "later events are stored");
        String metrics = main(java.net.URI.create(management.toString()).resolve("/").toString()).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mtls_suite_audit_rejected_total") && !l.endsWith(" 0.0")), metrics);
    }
}
