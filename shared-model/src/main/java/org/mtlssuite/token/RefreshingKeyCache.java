package org.mtlssuite.token;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;
import java.util.Set;

/**
 * The AS public keys by kid, as last read from their source (a JWKS, the key table).
 * <ul>
 * <li>Every {@code refreshInterval} the set is read again and REPLACES the cached one: a key the AS
 * no longer publishes is forgotten. The AS keeps a retired key published until every token it
 * signed has expired, so only a revoked (compromised) key disappears while its tokens are still
 * unexpired: its tokens are refused within one refresh interval.</li>
 * <li>An unknown kid reads the source again, at most once per {@code minRefreshInterval}, so that a
 * freshly rotated key is found at once and a flood of random kids costs one read per interval.</li>
 * <li>One read at a time: callers that need the result of a read in flight (an unknown kid) wait
 * for it; callers whose kid is already known keep using the current set meanwhile.</li>
 * <li>A failed read keeps the last good set (an AS outage must not refuse valid tokens) and is
 * retried after {@code minRefreshInterval}.</li>
 * </ul>
 */
public abstract class RefreshingKeyCache implements AccessTokenKeyResolver {

    private static final Logger LOG = Logger.getLogger(RefreshingKeyCache.class);

    /** The source could not be read; the message says what failed, in plain words. */
    public static final class KeySourceException extends Exception {
        public KeySourceException(String message) {
            super(message, null, false, false);
        }
    }

    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Duration refreshInterval;
    private volatile Duration minRefreshInterval;
    private volatile Map<String, PublicKey> keys = Map.of();
    /** When the set must be read again (periodic refresh). */
    private volatile Instant refreshDue = Instant.EPOCH;
    /** When the last read was attempted (rate limit of unknown-kid reads). */
    private volatile Instant lastAttempt = Instant.EPOCH;

    protected RefreshingKeyCache(Duration refreshInterval, Duration minRefreshInterval) {
        this(refreshInterval, minRefreshInterval, Clock.systemUTC());
    }

    protected RefreshingKeyCache(Duration refreshInterval, Duration minRefreshInterval, Clock clock) {
        this.clock = clock;
        intervals(refreshInterval, minRefreshInterval);
    }

    /** Changes the intervals (beans that read them from configuration after construction). */
    protected final void intervals(Duration refreshInterval, Duration minRefreshInterval) {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("the key refresh interval must be positive");
        }
        this.refreshInterval = refreshInterval;
        this.minRefreshInterval = minRefreshInterval;
    }

    /** Reads the complete current key set from the source. */
    protected abstract Map<String, PublicKey> load() throws KeySourceException;

    /** Told after every read, for metrics: true when the set was read. */
    protected void loaded(boolean ok) {
    }

    /** A description of the source for log lines. */
    protected abstract String source();

    @Override
    public PublicKey keyFor(String kid, String algorithm) {
        if (!clock.instant().isBefore(refreshDue) && reading.tryLock()) {
            // This caller reads; the others go on with the current set instead of queueing behind it.
            try {
                if (!clock.instant().isBefore(refreshDue)) {
                    read();
                }
            } finally {
                reading.unlock();
            }
        }
        PublicKey k = kid == null ? null : keys.get(kid);
        if (k != null || kid == null) {
            return k;
        }
        reading.lock();
        try {
            k = keys.get(kid);
            if (k != null) {
                return k;
            }
            if (lastAttempt.plus(minRefreshInterval).isAfter(clock.instant())) {
                return null;
            }
            read();
            return keys.get(kid);
        } finally {
            reading.unlock();
        }
    }

    /** The kids currently held (for tests and diagnostics). */
    public final Set<String> kids() {
        return keys.keySet();
    }

    /** Reads now and replaces the set; the caller holds {@link #reading}. */
    private void read() {
        Instant now = clock.instant();
        lastAttempt = now;
        try {
            Map<String, PublicKey> fresh = Map.copyOf(load());
            for (String gone : keys.keySet()) {
                if (!fresh.containsKey(gone)) {
                    LOG.infof("signing key %s is no longer published by %s: its tokens are refused from now on", gone, source());
                }
            }
            keys = fresh;
            refreshDue = now.plus(refreshInterval);
            loaded(true);
        } catch (KeySourceException | RuntimeException e) {
            // Keep the last good set; try again soon (not sooner than a second) rather than after a whole interval.
            Duration retry = minRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : minRefreshInterval;
            refreshDue = now.plus(retry.compareTo(refreshInterval) < 0 ? retry : refreshInterval);
            LOG.warnf("reading the signing keys from %s failed (%s); keeping the %d keys read before", source(),
                    e instanceof KeySourceException ? e.getMessage() : "unexpected error: " + e.getMessage(), keys.size());
            loaded(false);
        }
    }
}
