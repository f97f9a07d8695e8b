package org.mtlssuite.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key cache forgets what its source stopped publishing, rate-limits unknown kids and survives a failing source. */
class RefreshingKeyCacheTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A source whose published set the test changes; counts reads; can fail or block. */
    static final class Source extends RefreshingKeyCache {
        volatile Map<String, PublicKey> published = new HashMap<>();
        volatile boolean failing;
        volatile CountDownLatch block;
        final AtomicInteger reads = new AtomicInteger();
        final List<Boolean> outcomes = new ArrayList<>();

        Source(Clock clock) {
            super(Duration.ofMinutes(1), Duration.ofSeconds(5), clock);
        }

        @Override
        protected Map<String, PublicKey> load() throws KeySourceException {
            reads.incrementAndGet();
            if (block != null) {
                try {
                    block.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                throw new KeySourceException("the source is down");
            }
            return published;
        }

        @Override
        protected synchronized void loaded(boolean ok) {
            outcomes.add(ok);
        }

        @Override
        protected String source() {
            return "the test source";
        }
    }

    static PublicKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }

    ManualClock clock;
    Source cache;
    PublicKey a;
    PublicKey b;

    @BeforeEach
    void setUp() throws Exception {
        clock = new ManualClock();
        cache = new Source(clock);
        a = key();
        b = key();
    }

    @Test
    void aRefreshReplacesTheKeySetSoAKeyNoLongerPublishedIsForgotten() {
        cache.published = Map.of("a", a, "b", b);
        assertSame(a, cache.keyFor("a", "ES256"));
        assertSame(b, cache.keyFor("b", "ES256"));
        assertEquals(1, cache.reads.get());

        cache.published = Map.of("a", a); // b revoked at the AS
        clock.advance(Duration.ofSeconds(59));
        assertSame(b, cache.keyFor("b", "ES256"), "within the refresh interval the held set is used");
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.keyFor("b", "ES256"), "after the refresh interval the key is gone");
        assertSame(a, cache.keyFor("a", "ES256"));
        assertEquals(java.util.Set.of("a"), cache.kids());
    }

    @Test
    void anUnknownKidRereadsTheSourceAtMostOncePerMinimumInterval() {
        cache.published = Map.of("a", a);
        assertSame(a, cache.keyFor("a", "ES256"));
        assertEquals(1, cache.reads.get());

        for (int i = 0; i < 100; i++) {
            assertNull(cache.keyFor("random-" + i, "ES256"));
        }
        assertEquals(1, cache.reads.get(), "misses right after a read are not read again");

        cache.published = Map.of("a", a, "b", b); // a rotation published a new key
        clock.advance(Duration.ofSeconds(5));
        assertSame(b, cache.keyFor("b", "ES256"), "a new kid is found at once after the minimum interval");
        assertEquals(2, cache.reads.get());
    }

    @Test
    void aFailingSourceKeepsTheLastGoodSetAndIsRetriedSoon() {
        cache.published = Map.of("a", a);
        assertSame(a, cache.keyFor("a", "ES256"));
        cache.failing = true;
        clock.advance(Duration.ofMinutes(1));
        assertSame(a, cache.keyFor("a", "ES256"), "an outage of the source does not refuse valid tokens");
        assertEquals(2, cache.reads.get());
        assertEquals(List.of(true, false), cache.outcomes);

        clock.advance(Duration.ofSeconds(4));
        assertSame(a, cache.keyFor("a", "ES256"));
        assertEquals(2, cache.reads.get(), "no retry before the minimum interval");
        cache.failing = false;
        cache.published = Map.of("b", b);
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.keyFor("a", "ES256"), "the retry after the minimum interval replaces the set");
        assertSame(b, cache.keyFor("b", "ES256"));
    }

    @Test
    void knownKidsAreServedWhileARefreshIsInFlightAndUnknownKidsWaitForIt() throws Exception {
        cache.published = Map.of("a", a);
        assertSame(a, cache.keyFor("a", "ES256"));
        cache.published = Map.of("a", a, "b", b);
        cache.block = new CountDownLatch(1);
        clock.advance(Duration.ofMinutes(1));

        Thread refresher = new Thread(() -> cache.keyFor("a", "ES256"));
        refresher.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.reads.get() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, cache.reads.get(), "one caller is reading");
        assertSame(a, cache.keyFor("a", "ES256"), "a known kid does not queue behind the read");

        PublicKey[] found = new PublicKey[1];
        Thread waiter = new Thread(() -> found[0] = cache.keyFor("b", "ES256"));
        waiter.start();
        waiter.join(200);
        assertTrue(waiter.isAlive(), "an unknown kid waits for the read in flight");
        cache.block.countDown();
        waiter.join(10_000);
        refresher.join(10_000);
        assertSame(b, found[0]);
        assertEquals(2, cache.reads.get(), "the waiting caller used the read in flight instead of starting another");
    }
}
