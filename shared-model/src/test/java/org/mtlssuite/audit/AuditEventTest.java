package org.mtlssuite.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every audit event fits audit_event: fields cleaned of what PostgreSQL cannot store and bounded to their columns. */
class AuditEventTest {

    static AuditEvent withClientId(String clientId) {
        return new AuditEvent(Instant.now(), "client_authentication", AuditEvent.FAILURE, clientId, "authz-service", "r-1", Map.of());
    }

    @Test
    void aClientIdLongerThanItsColumnIsCutWithAMarker() {
        String claimed = "c".repeat(300);
        AuditEvent e = withClientId(claimed);
        assertEquals(AuditEvent.MAX_CLIENT_ID, e.clientId().length());
        assertEquals("c".repeat(AuditEvent.MAX_CLIENT_ID - AuditEvent.TRUNCATED.length()) + AuditEvent.TRUNCATED, e.clientId());
        assertEquals("c".repeat(255), withClientId("c".repeat(255)).clientId(), "a value that fits is kept as is");
    }

    @Test
    void nulAndOtherControlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\u0000b", withClientId("a\u0000b").clientId());
        assertEquals("x\\u000ay\\u001b[31m\\u007f\\u0085", withClientId("x\ny\u001b[31m\u007f\u0085").clientId());
        assertEquals("caf\u00e9 \ud83d\ude00", withClientId("caf\u00e9 \ud83d\ude00").clientId(), "text and pairs are kept");
        assertEquals("a\ufffdb\ufffd", withClientId("a\ud800b\udc00").clientId(), "unpaired surrogates are replaced");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String claimed = "c".repeat(AuditEvent.MAX_CLIENT_ID - AuditEvent.TRUNCATED.length() - 1) + "\ud83d\ude00" + "tail".repeat(10);
        String stored = withClientId(claimed).clientId();
        assertTrue(stored.endsWith("c" + AuditEvent.TRUNCATED), stored);
        assertTrue(stored.length() <= AuditEvent.MAX_CLIENT_ID);
    }

    @Test
    void everyColumnIsBounded() {
        String huge = "z".repeat(1000);
        AuditEvent e = new AuditEvent(Instant.now(), huge, huge, huge, huge, huge, Map.of());
        assertEquals(AuditEvent.MAX_TYPE, e.type().length());
        assertEquals(AuditEvent.MAX_OUTCOME, e.outcome().length());
        assertEquals(AuditEvent.MAX_CLIENT_ID, e.clientId().length());
        assertEquals(AuditEvent.MAX_SERVICE, e.service().length());
        assertEquals(AuditEvent.MAX_REQUEST_ID, e.requestId().length());
    }

    @Test
    void detailsAreCleanedAndBoundedInAll() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("peer", "10.0.0.1");
        d.put("reason", "bad\u0000reason");
        d.put("cnf", Map.of("x5t#S256", "abc"));
        d.put("n", 3);
        d.put("nan", Double.NaN);
        d.put("list", List.of("a\u0001", 2));
        for (int i = 0; i < 40; i++) {
            d.put("k" + i, "v".repeat(2000));
        }
        AuditEvent e = new AuditEvent(Instant.now(), "t", "success", "c", "s", null, d);
        assertEquals("10.0.0.1", e.details().get("peer"));
        assertEquals("bad\\u0000reason", e.details().get("reason"));
        assertEquals(Map.of("x5t#S256", "abc"), e.details().get("cnf"));
        assertEquals(3, e.details().get("n"));
        assertEquals("NaN", e.details().get("nan"));
        assertEquals(List.of("a\\u0001", 2), e.details().get("list"));
        assertEquals(AuditEvent.MAX_DETAIL_VALUE, ((String) e.details().get("k0")).length());
        assertEquals(Boolean.TRUE, e.details().get(AuditEvent.DETAILS_TRUNCATED), "entries beyond the budget are left out, visibly");
        int chars = e.details().entrySet().stream()
                .mapToInt(x -> x.getKey().length() + (x.getValue() instanceof String s ? s.length() : 0)).sum();
        assertTrue(chars <= AuditEvent.MAX_DETAIL_CHARS + 64, "details stay within their budget: " + chars);
        assertFalse(e.details().containsKey("k39"));
    }
}
