package org.mtlssuite.token;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Public keys by kid, refreshed from their source when a kid is unknown, at most once per interval.
 * Concurrent misses wait for the one refresh in flight instead of reading "unknown" meanwhile
 * (which would, right after a key rotation, refuse valid tokens).
 */
public abstract class RefreshingKeyCache implements AccessTokenKeyResolver {

    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Duration minRefreshInterval;
    private Instant lastRefresh = Instant.EPOCH;

    protected RefreshingKeyCache(Duration minRefreshInterval) {
        this.minRefreshInterval = minRefreshInterval;
    }

    /** Reads the current keys from the source and {@link #remember}s each. */
    protected abstract void refresh();

    protected final void remember(String kid, PublicKey key) {
        keys.putIfAbsent(kid, key);
    }

    @Override
    public PublicKey keyFor(String kid, String algorithm) {
        PublicKey k = keys.get(kid);
        if (k != null) {
            return k;
        }
        synchronized (this) {
            k = keys.get(kid);
            if (k != null) {
                return k;
            }
            Instant now = Instant.now();
            if (lastRefresh.plus(minRefreshInterval).isAfter(now)) {
                return null;
            }
            lastRefresh = now;
            refresh();
            return keys.get(kid);
        }
    }
}
