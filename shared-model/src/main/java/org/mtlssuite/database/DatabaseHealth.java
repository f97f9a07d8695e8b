package org.mtlssuite.database;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.AgroalSecurityProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The one owner of "is the database answering?" in a service: a circuit breaker fed by a probe.
 * A background thread runs {@code select 1} every {@code suite.database.probe-interval} with its
 * own connection (outside the pool, so that a probe never leaves a half-read connection in it)
 * bounded by {@code suite.database.probe-timeout}. A probe that fails or times out opens the
 * breaker: every database access ({@link GuardedJdbc}, the audit
 * writer for JDBC) then fails at once with {@link DatabaseUnavailableException} (503) instead of
 * waiting for a time-out, so worker threads are not tied up. While open, the probe reconnects
 * every interval; the first success closes the breaker. A request whose database work failed with
 * an unavailability ({@link #suspect}) triggers an immediate probe on a fresh connection, which
 * also catches a database that serves open connections but accepts no new ones. A request failure
 * alone never opens the breaker: only the probe decides, so a single killed backend or one slow
 * statement does not turn away every request.
 */
@Singleton
@Startup
public class DatabaseHealth {

    private static final Logger LOG = Logger.getLogger(DatabaseHealth.class);
    private static final long SUSPICION_GAP_MILLIS = 250;

    /** Why and since when the database is unavailable. */
    public record Outage(Instant since, String reason) {
    }

    @Inject
    DatabaseConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private volatile Outage outage;
    private final Object signal = new Object();
    private boolean suspected;
    private volatile boolean stopping;
    private Thread prober;
    private Connection probeConnection;

    @PostConstruct
    void init() {
        Gauge.builder("mtls_suite_database_available", this, h -> h.isAvailable() ? 1 : 0)
                .description("1 while the database answers the health probe, 0 while requests that need it fail fast").register(registry);
        Thread t = new Thread(this::probeLoop, "database-probe");
        t.setDaemon(true);
        prober = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        Thread t = prober;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean isAvailable() {
        return outage == null;
    }

    /** The current outage, or null while the database answers. */
    public Outage outage() {
        return outage;
    }

    /** Fails at once while the database is known to be unavailable. */
    public void requireAvailable() {
        Outage o = outage;
        if (o != null) {
            throw new DatabaseUnavailableException(o.since(), o.reason());
        }
    }

    /**
     * A request's database work failed with an unavailability: probe now, on a fresh connection.
     * The breaker opens only if that probe fails too.
     */
    public void suspect(Throwable failure) {
        if (outage != null || stopping) {
            return;
        }
        synchronized (signal) {
            suspected = true;
            signal.notifyAll();
        }
    }

    /** Waits until the database is available again, at most {@code max}; true when it is. */
    public boolean awaitAvailable(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (signal) {
            while (outage != null && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                signal.wait(Math.max(1, left / 1_000_000));
            }
        }
        return outage == null;
    }

    private void probeLoop() {
        long lastProbe = 0;
        while (!stopping) {
            boolean fresh;
            try {
                synchronized (signal) {
                    if (!suspected) {
                        signal.wait(Math.max(50, config.probeInterval().toMillis()));
                    }
                    // A burst of failed requests (say, a pool exhausted under load) makes at most one
                    // new connection per SUSPICION_GAP, not one per request.
                    long sinceLast = (System.nanoTime() - lastProbe) / 1_000_000;
                    if (suspected && sinceLast < SUSPICION_GAP_MILLIS) {
                        signal.wait(SUSPICION_GAP_MILLIS - sinceLast);
                    }
                    fresh = suspected || outage != null;
                    suspected = false;
                }
            } catch (InterruptedException e) {
                break;
            }
            if (stopping) {
                break;
            }
            lastProbe = System.nanoTime();
            probe(fresh);
        }
        close();
    }

    private void probe(boolean freshConnection) {
        try {
            if (freshConnection || probeConnection == null) {
                close();
                probeConnection = connect();
            }
            try (Statement s = probeConnection.createStatement()) {
                s.execute("select 1");
            }
            available();
        } catch (SQLException | RuntimeException e) {
            close();
            unavailable(e);
        }
    }

    private void available() {
        Outage o = outage;
        if (o == null) {
            return;
        }
        synchronized (signal) {
            outage = null;
            signal.notifyAll();
        }
        LOG.infof("database available again after %d ms of unavailability", Duration.between(o.since(), Instant.now()).toMillis());
    }

    private void unavailable(Exception e) {
        if (stopping) {
            return;
        }
        String reason = oneLine(e);
        if (outage == null) {
            outage = new Outage(Instant.now(), reason);
            LOG.warnf("database unavailable (%s): requests that need it answer 503 at once until a probe succeeds", reason);
        }
    }

    /**
     * A connection outside the pool, made exactly as the pool makes its connections (same driver,
     * URL, properties and credentials) but with the probe's time-outs.
     */
    private Connection connect() throws SQLException {
        AgroalConnectionFactoryConfiguration f = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        Properties props = new Properties();
        props.putAll(f.jdbcProperties());
        props.putAll(security(f, f.principal()));
        for (Object credential : f.credentials()) {
            props.putAll(security(f, credential));
        }
        String seconds = Long.toString(Math.max(1, (config.probeTimeout().toMillis() + 999) / 1000));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        props.setProperty("ApplicationName", "database-probe");
        Driver driver = driver(f);
        Connection c = driver.connect(f.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + f.jdbcUrl(), "08001");
        }
        return c;
    }

    private static Properties security(AgroalConnectionFactoryConfiguration f, Object principalOrCredential) {
        if (principalOrCredential == null) {
            return new Properties();
        }
        for (AgroalSecurityProvider provider : f.securityProviders()) {
            Properties p = provider.getSecurityProperties(principalOrCredential);
            if (p != null) {
                return p;
            }
        }
        return new Properties();
    }

    private static Driver driver(AgroalConnectionFactoryConfiguration f) throws SQLException {
        Class<?> provider = f.connectionProviderClass();
        if (provider != null && Driver.class.isAssignableFrom(provider)) {
            try {
                return (Driver) provider.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new SQLException("cannot create the JDBC driver " + provider.getName(), e);
            }
        }
        return DriverManager.getDriver(f.jdbcUrl());
    }

    private void close() {
        Connection c = probeConnection;
        probeConnection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection: nothing left to release
            }
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
