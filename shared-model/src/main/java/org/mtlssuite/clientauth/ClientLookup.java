package org.mtlssuite.clientauth;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mtlssuite.store.OAuthClient;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Client registrations for authentication, kept in memory for {@code client-cache-ttl} so that an
 * unchanged client costs no query per token request. {@link #invalidate} is called on every change
 * made through this replica; the TTL bounds how long another replica's change takes to apply.
 */
@ApplicationScoped
public class ClientLookup {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(OAuthClient client, Instant until) {
    }

    @Inject
    ClientAuthConfig config;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /** The client (a detached, read-only copy), or null when unknown. */
    public OAuthClient find(String clientId) {
        Instant now = Instant.now();
        Entry e = cache.get(clientId);
        if (e != null && e.until().isAfter(now)) {
            return e.client();
        }
        OAuthClient c = QuarkusTransaction.joiningExisting().call(() -> OAuthClient.<OAuthClient>findById(clientId));
        if (c == null) {
            cache.remove(clientId);
            return null;
        }
        if (!config.clientCacheTtl().isZero() && !config.clientCacheTtl().isNegative()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(clientId, new Entry(c, now.plus(config.clientCacheTtl())));
        }
        return c;
    }

    public void invalidate(String clientId) {
        cache.remove(clientId);
    }
}
