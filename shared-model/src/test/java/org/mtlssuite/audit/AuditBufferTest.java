package org.mtlssuite.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The audit buffer never blocks a request: beyond its capacity, events are dropped from the table and counted. */
class AuditBufferTest {

    static AuditEvent event(String type) {
        return new AuditEvent(Instant.now(), type, AuditEvent.SUCCESS, "c", "test", null, Map.of());
    }

    @Test
    void overflowIsDroppedAndCountedAndTakeReturnsBatchesInOrder() throws Exception {
        AuditBuffer b = new AuditBuffer(2);
        assertTrue(b.offer(event("a")));
        assertTrue(b.offer(event("b")));
        assertFalse(b.offer(event("c")));
        assertEquals(1, b.dropped());
        assertEquals(2, b.pending());
        List<AuditEvent> batch = b.take(10, 10);
        assertEquals(List.of("a", "b"), batch.stream().map(AuditEvent::type).toList());
        assertEquals(0, b.pending());
        assertTrue(b.take(10, 10).isEmpty(), "an empty buffer returns an empty batch after the wait");
        b.countDropped(3);
        assertEquals(4, b.dropped());
    }

    @Test
    void takeHonoursTheBatchSize() throws Exception {
        AuditBuffer b = new AuditBuffer(10);
        for (int i = 0; i < 5; i++) {
            b.offer(event("e" + i));
        }
        assertEquals(3, b.take(3, 10).size());
        assertEquals(2, b.take(3, 10).size());
    }

    @Test
    void logLineIsOneJsonObjectWithoutNulls() {
        AuditEvent e = new AuditEvent(Instant.now(), "token_issued", AuditEvent.SUCCESS, "client-1", "authz", "r1",
                Map.of("jti", "j-1"));
        assertEquals("{\"event\":\"token_issued\",\"outcome\":\"success\",\"client_id\":\"client-1\",\"jti\":\"j-1\"}",
                AuditTrail.line(e));
    }
}
