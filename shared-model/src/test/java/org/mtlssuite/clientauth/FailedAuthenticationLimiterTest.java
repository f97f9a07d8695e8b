package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailedAuthenticationLimiterTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(3, 5, 60_000, now::get);

    @Test
    void perClientLimitRefusesUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertNull(limiter.check("a", "10.0.0.1"));
            limiter.recordFailure("a", "10.0.0.1");
        }
        FailedAuthenticationLimiter.Refusal r = limiter.check("a", "10.0.0.2");
        assertEquals("client", r.scope());
        assertEquals(60, r.retryAfterSeconds());
        assertNull(limiter.check("b", "10.0.0.2"), "another client from another peer is not affected");
        now.addAndGet(59_500);
        assertEquals(1, limiter.check("a", "10.0.0.2").retryAfterSeconds());
        now.addAndGet(500);
        assertNull(limiter.check("a", "10.0.0.2"), "a new window");
    }

    @Test
    void perPeerLimitCountsFailuresOfAnyClient() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure("client-" + i, "192.0.2.7");
        }
        assertEquals("peer", limiter.check("fresh-client", "192.0.2.7").scope());
        assertNull(limiter.check("fresh-client", "192.0.2.8"));
    }

    @Test
    void zeroTurnsALimitOff() {
        FailedAuthenticationLimiter off = new FailedAuthenticationLimiter(0, 0, 60_000, now::get);
        for (int i = 0; i < 1000; i++) {
            off.recordFailure("a", "p");
        }
        assertNull(off.check("a", "p"));
    }
}
