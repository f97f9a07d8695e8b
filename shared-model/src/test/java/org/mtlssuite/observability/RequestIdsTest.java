package org.mtlssuite.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keepsAPlainCallerIdAndReplacesAnythingElse() {
        assertEquals("trace-42.a", RequestIds.accept("trace-42.a"));
        assertNotEquals("bad id", RequestIds.accept("bad id"));
        assertNotEquals("x".repeat(65), RequestIds.accept("x".repeat(65)));
        assertTrue(RequestIds.accept(null).matches("[0-9a-f-]{36}"));
    }

    @Test
    void newIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIds.newId();
            UUID u = UUID.fromString(id);
            assertEquals(4, u.version(), id);
            assertEquals(2, u.variant(), id);
            assertEquals(u.toString(), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
    }
}
