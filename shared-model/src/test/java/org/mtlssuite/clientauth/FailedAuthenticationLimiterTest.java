package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The limiter counts wrong secrets per client AND caller address, and per caller address: an
 * attacker's failures lock out the attacker's address, never the named client everywhere.
 */
class FailedAuthenticationLimiterTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(3, 5, 60_000, now::get);

    @Test
    void wrongSecretsForOneClientFromOneAddressAreRefusedUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertNull(limiter.check("a", "10.0.0.1"));
            limiter.recordWrongSecret("a", "10.0.0.1");
        }
        FailedAuthenticationLimiter.Refusal r = limiter.check("a", "10.0.0.1");
        assertEquals("client from this address", r.scope());
        assertEquals(60, r.retryAfterSeconds());
        now.addAndGet(59_500);
        assertEquals(1, limiter.check("a", "10.0.0.1").retryAfterSeconds());
        now.addAndGet(500);
        assertNull(limiter.check("a", "10.0.0.1"), "a new window");
    }

    @Test
    void theSameClientFromAnotherAddressIsNotLockedOut() {
        for (int i = 0; i < 50; i++) {
            limiter.recordWrongSecret("victim", "203.0.113.66");
        }
        assertEquals("client from this address", limiter.check("victim", "203.0.113.66").scope());
        assertNull(limiter.check("victim", "198.51.100.7"), "the victim's own address is unaffected");
    }

    @Test
    void perAddressLimitCountsWrongSecretsForAnyClient() {
        for (int i = 0; i < 5; i++) {
            limiter.recordWrongSecret("client-" + i, "192.0.2.7");
        }
        assertEquals("address", limiter.check("fresh-client", "192.0.2.7").scope());
        assertNull(limiter.check("fresh-client", "192.0.2.8"));
    }

    @Test
    void aClientIdCannotCollideWithAnAddressKey() {
        // Were keys strings like "client:" + id, a client id spelled like an address key could share its counter.
        for (int i = 0; i < 3; i++) {
            limiter.recordWrongSecret("x", "10.0.0.9");
        }
        assertNull(limiter.check("10.0.0.9", "10.0.0.1"));
    }

    @Test
    void zeroTurnsALimitOff() {
        FailedAuthenticationLimiter off = new FailedAuthenticationLimiter(0, 0, 60_000, now::get);
        for (int i = 0; i < 1000; i++) {
            off.recordWrongSecret("a", "p");
        }
        assertNull(off.check("a", "p"));
    }

    @Test
    void anUnknownAddressIsOneAddress() {
        for (int i = 0; i < 3; i++) {
            limiter.recordWrongSecret("a", null);
        }
        assertEquals("client from this address", limiter.check("a", null).scope());
    }
}
