package org.mtlssuite.clientauth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A bounded rate of failed client authentications, per claimed client_id and per peer address, in
 * fixed windows: once either count reaches its limit, further attempts are refused (429 with
 * Retry-After) until the window ends, without checking the credentials. Per replica and in memory;
 * the number of tracked keys is capped so that a flood of distinct client_ids cannot exhaust memory.
 */
public final class FailedAuthenticationLimiter {

    /** An attempt that must wait: how many seconds until its window ends. */
    public record Refusal(String scope, long retryAfterSeconds) {
    }

    private record Window(long startMillis, AtomicInteger failures) {
    }

    static final int MAX_TRACKED = 100_000;

    private final int perClient;
    private final int perPeer;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAuthenticationLimiter(int perClient, int perPeer, long windowMillis, LongSupplier clock) {
        this.perClient = perClient;
        this.perPeer = perPeer;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Null when the attempt may proceed; otherwise which limit it hit and when to retry. */
    public Refusal check(String clientId, String peer) {
        long now = clock.getAsLong();
        Refusal r = over("client:" + clientId, clientId, perClient, now, "client");
        return r != null ? r : over("peer:" + peer, peer, perPeer, now, "peer");
    }

    public void recordFailure(String clientId, String peer) {
        long now = clock.getAsLong();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
            if (windows.size() >= MAX_TRACKED) {
                windows.clear();
            }
        }
        if (clientId != null) {
            current("client:" + clientId, now).failures().incrementAndGet();
        }
        if (peer != null) {
            current("peer:" + peer, now).failures().incrementAndGet();
        }
    }

    private Refusal over(String key, String value, int limit, long now, String scope) {
        if (value == null || limit <= 0) {
            return null;
        }
        Window w = windows.get(key);
        if (w == null || now - w.startMillis() >= windowMillis || w.failures().get() < limit) {
            return null;
        }
        return new Refusal(scope, Math.max(1, (w.startMillis() + windowMillis - now + 999) / 1000));
    }

    private Window current(String key, long now) {
        return windows.compute(key, (k, w) -> w == null || now - w.startMillis() >= windowMillis ? new Window(now, new AtomicInteger()) : w);
    }
}
