package org.mtlssuite.clientauth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A bounded rate of wrong client secrets, in fixed windows: per client AND caller address, and per
 * caller address over all clients. Once either count reaches its limit, further secret attempts
 * from that address are refused (429 with Retry-After) until the window ends, without checking the
 * secret.
 * <p>
 * Only guessable credentials are counted: the caller records wrong {@code client_secret_basic}
 * secrets and nothing else (a certificate cannot be guessed, and an unknown client has nothing to
 * guess). Keying by the caller's address means that an attacker locks out only itself: the same
 * client from another address is unaffected. Behind a trusted proxy the caller's address is the one
 * the proxy reports, never the proxy's own.
 * <p>
 * Per replica and in memory; the number of tracked keys is capped so that a flood of distinct
 * client ids or addresses cannot exhaust memory.
 */
public final class FailedAuthenticationLimiter {

    /** An attempt that must wait: which limit it hit (in words) and how many seconds until its window ends. */
    public record Refusal(String scope, long retryAfterSeconds) {
    }

    private record Window(long startMillis, AtomicInteger failures) {
    }

    /** A counter's key; a record, so that no client id can collide with an address by its spelling. */
    private record Key(String clientId, String address) {
    }

    static final int MAX_TRACKED = 100_000;
    static final String NO_ADDRESS = "unknown";

    private final int perClientAndAddress;
    private final int perAddress;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param perClientAndAddress wrong secrets allowed per window for one client from one address (0: no limit)
     * @param perAddress wrong secrets allowed per window from one address, whatever the client (0: no limit)
     */
    public FailedAuthenticationLimiter(int perClientAndAddress, int perAddress, long windowMillis, LongSupplier clock) {
        this.perClientAndAddress = perClientAndAddress;
        this.perAddress = perAddress;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Null when a secret for {@code clientId} from {@code address} may be checked; otherwise which limit it hit. */
    public Refusal check(String clientId, String address) {
        long now = clock.getAsLong();
        String from = address == null ? NO_ADDRESS : address;
        Refusal r = over(new Key(clientId, from), perClientAndAddress, now, "client from this address");
        return r != null ? r : over(new Key(null, from), perAddress, now, "address");
    }

    /** A wrong secret for {@code clientId} from {@code address}. */
    public void recordWrongSecret(String clientId, String address) {
        long now = clock.getAsLong();
        String from = address == null ? NO_ADDRESS : address;
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
            if (windows.size() >= MAX_TRACKED) {
                windows.clear();
            }
        }
        current(new Key(clientId, from), now).failures().incrementAndGet();
        current(new Key(null, from), now).failures().incrementAndGet();
    }

    private Refusal over(Key key, int limit, long now, String scope) {
        if (limit <= 0) {
            return null;
        }
        Window w = windows.get(key);
        if (w == null || now - w.startMillis() >= windowMillis || w.failures().get() < limit) {
            return null;
        }
        return new Refusal(scope, Math.max(1, (w.startMillis() + windowMillis - now + 999) / 1000));
    }

    private Window current(Key key, long now) {
        return windows.compute(key, (k, w) -> w == null || now - w.startMillis() >= windowMillis ? new Window(now, new AtomicInteger()) : w);
    }
}
