package org.mtlssuite.clientauth;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.store.OAuthClient;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.postgresql.Driver;

/**
 * Client registrations for authentication, kept in memory for {@code client-cache-ttl} so that an
 * unchanged client costs no query per token request.
 *
 * <p>With many replicas, a change made through one of them (admin API, registration) must reach the
 * others at once, not after the TTL: migration V14 makes PostgreSQL announce every change to
 * {@code oauth_client} on the channel {@value #CHANNEL} when it commits, and each replica listens on
 * a connection of its own (outside the pool) and drops the changed client from its cache. The
 * listener reconnects after a database restart or failover and then drops every cached client (it
 * may have missed announcements meanwhile). New entries are cached only while the listener is
 * connected, so an entry in the cache is always one whose change would be heard; entries already
 * cached stay through an outage (the AS keeps serving cached clients) until their TTL.
 * {@link #invalidate} is still called by the writing replica itself.
 */
@ApplicationScoped
public class ClientLookup {

    /** The notification channel of migration V14; the payload is a client_id, or empty for every client. */
    public static final String CHANNEL = "oauth_client_changed";
    private static final Logger LOG = Logger.getLogger(ClientLookup.class);
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(OAuthClient client, Instant until) {
    }

    @Inject
    ClientAuthConfig config;

    /** One prepared statement per cache miss, no ORM: introspection authenticates its callers without one. */
    @Inject
    GuardedJdbc jdbc;

    /** Listen for client changes (LISTEN/NOTIFY); false leaves only the TTL (single replica without the V14 trigger). */
    @ConfigProperty(name = "suite.client-auth.change-notifications", defaultValue = "true")
    boolean changeNotifications;

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a load that raced with one is not cached. */
    private final AtomicLong invalidations = new AtomicLong();
    private final CountDownLatch firstListen = new CountDownLatch(1);
    private volatile boolean listening;
    private volatile boolean running = true;
    private volatile Thread listener;

    @PostConstruct
    void startListening() {
        if (!changeNotifications) {
            listening = true;
            return;
        }
        Thread t = new Thread(this::listen, "client-change-listener");
        t.setDaemon(true);
        listener = t;
        t.start();
        try {
            // The first lookups come right after construction: give the listener a moment to be in place.
            firstListen.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stopListening() {
        running = false;
        Thread t = listener;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The client (a detached, read-only copy), or null when unknown. */
    public OAuthClient find(String clientId) {
        Instant now = Instant.now();
        Entry e = cache.get(clientId);
        if (e != null && e.until().isAfter(now)) {
            return e.client();
        }
        long generation = invalidations.get();
        OAuthClient c = jdbc.query(OAuthClient.SELECT_BY_ID, ps -> ps.setString(1, clientId),
                rs -> rs.next() ? OAuthClient.fromRow(rs) : null, "client read");
        if (c == null) {
            cache.remove(clientId);
            return null;
        }
        if (listening && !config.clientCacheTtl().isZero() && !config.clientCacheTtl().isNegative()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(clientId, new Entry(c, now.plus(config.clientCacheTtl())));
            if (invalidations.get() != generation) {
                // A change was announced while this copy was read: it may predate the change.
                cache.remove(clientId);
            }
        }
        return c;
    }

    public void invalidate(String clientId) {
        invalidations.incrementAndGet();
        cache.remove(clientId);
    }

    void invalidateAll() {
        invalidations.incrementAndGet();
        cache.clear();
    }

    /** Whether changes made by other replicas are being heard now (for tests and diagnostics). */
    public boolean listening() {
        return listening && changeNotifications;
    }

    private void listen() {
        long backoffMillis = 250;
        boolean failing = false;
        while (running) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CHANNEL);
                // Announcements made before this LISTEN are lost: drop everything cached so far.
                invalidateAll();
                listening = true;
                firstListen.countDown();
                if (failing) {
                    LOG.infof("listening for client changes again (channel %s); client cache cleared", CHANNEL);
                    failing = false;
                }
                backoffMillis = 250;
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (running) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            if (n.getParameter() == null || n.getParameter().isEmpty()) {
                                invalidateAll();
                            } else {
                                invalidate(n.getParameter());
                            }
                        }
                    }
                    if (System.nanoTime() > nextCheck) {
                        // An idle listening connection sends nothing: a query finds out whether it is still alive.
                        st.execute("select 1");
                        nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                if (!failing) {
                    LOG.warnf("not listening for client changes (%s); retrying. Meanwhile changes made by other "
                            + "replicas apply after suite.client-auth.client-cache-ttl at the latest, and new entries are not cached",
                            e.getMessage());
                    failing = true;
                }
                firstListen.countDown();
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    /** A connection of its own (a LISTEN must outlive any transaction), with the datasource's settings. */
    private static Connection connect() throws SQLException {
        var cfg = ConfigProvider.getConfig();
        String url = cfg.getValue("quarkus.datasource.jdbc.url", String.class);
        Properties p = new Properties();
        cfg.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> p.setProperty("user", u));
        cfg.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        Optional<String> app = cfg.getOptionalValue("quarkus.application.name", String.class);
        p.setProperty("ApplicationName", app.orElse("mtls-suite") + " client-change-listener");
        Connection c = new Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }
}
