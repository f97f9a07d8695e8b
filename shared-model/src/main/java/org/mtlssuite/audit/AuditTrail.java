package org.mtlssuite.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.mtlssuite.database.DatabaseFailures;
import org.mtlssuite.database.DatabaseHealth;
import org.mtlssuite.observability.RequestIds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Iterator;

/**
 * Who authenticated, what was issued and revoked, who changed the client registry. Each event is
 * logged at once on the {@code mtls.audit} category (one JSON object per line) and queued for the
 * {@code audit_event} table, which a background thread fills in batches: the request path never
 * waits on the database. While the database is slow, down or stalled, events wait in a bounded
 * buffer and are written once it answers again; what overflows is dropped from the table only,
 * counted in {@code mtls_suite_audit_dropped_total}. A row the database refuses (it should not
 * happen: {@link AuditEvent} cleans and bounds every field) is dropped from the table and counted
 * in {@code mtls_suite_audit_rejected_total}, and the events behind it are stored.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String CATEGORY = "mtls.audit";
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    DatabaseHealth health;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mtls-suite")
    String service;

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private AuditBuffer buffer;
    private final AtomicLong rejected = new AtomicLong();
    private volatile Thread writer;
    private volatile boolean stopping;
    private volatile Instant nextRetention = Instant.EPOCH;

    @PostConstruct
    void init() {
        buffer = new AuditBuffer(config.bufferSize());
        Gauge.builder("mtls_suite_audit_dropped_total", buffer, AuditBuffer::dropped)
                .description("audit events dropped from the table (they were logged)").register(registry);
        Gauge.builder("mtls_suite_audit_pending", buffer, AuditBuffer::pending)
                .description("audit events waiting for the table").register(registry);
        Gauge.builder("mtls_suite_audit_rejected_total", rejected, AtomicLong::get)
                .description("audit events the database refused to store, dropped from the table (they were logged)")
                .register(registry);
        if (config.table()) {
            Thread t = new Thread(this::writeLoop, "audit-writer");
            t.setDaemon(true);
            writer = t;
            t.start();
        }
    }

    /** Records an event: logged now, written to the table soon. {@code details} must hold no secret. */
    public void record(String type, String outcome, String clientId, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                d.put(k, v);
            }
        });
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        AuditEvent e = new AuditEvent(Instant.now(), type, outcome, clientId, service, requestId == null ? null : requestId.toString(),
                d);
        AUDIT.info(line(e));
        if (config.table()) {
            buffer.offer(e);
        }
    }

    public AuditBuffer buffer() {
        return buffer;
    }

    /** Events the database refused to store (dropped from the table, kept in the log). */
    public long rejected() {
        return rejected.get();
    }

    static String line(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", e.type());
        m.put("outcome", e.outcome());
        m.put("client_id", e.clientId());
        m.putAll(e.details());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            return m.toString();
        }
    }

    private void writeLoop() {
        List<AuditEvent> pending = new ArrayList<>();
        long backoffMillis = 0;
        boolean failing = false;
        while (!stopping || !pending.isEmpty() || buffer.pending() > 0) {
            try {
                if (pending.isEmpty()) {
                    pending.addAll(buffer.take(config.batchSize(), config.flushInterval().toMillis()));
                }
                if (pending.isEmpty()) {
                    retention();
                    continue;
                }
                if (!health.isAvailable() && !stopping) {
                    // Known unavailable: no attempt, no time-out; wake up as soon as the probe succeeds.
                    health.awaitAvailable(MAX_BACKOFF);
                    continue;
                }
                store(pending);
                pending.clear();
                backoffMillis = 0;
                if (failing) {
                    LOG.infof("audit table writable again; %d events waiting", buffer.pending());
                    failing = false;
                }
            } catch (InterruptedException ie) {
                if (stopping) {
                    break;
                }
            } catch (SQLException | RuntimeException ex) {
                // Only an unavailable database gets here (store() drops rows the database refuses):
                // keep the batch and try again once it answers.
                health.suspect(ex);
                if (!failing) {
                    LOG.warnf("audit table not writable (%s); events wait in the buffer (%d max) and stay in the %s log",
                            brief(ex), config.bufferSize(), CATEGORY);
                    failing = true;
                }
                if (stopping) {
                    buffer.countDropped(pending.size());
                    break;
                }
                backoffMillis = Math.min(Math.max(100, backoffMillis * 2), MAX_BACKOFF.toMillis());
                try {
                    // Short: once the probe declares an outage, the top of the loop waits for its end instead.
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    if (stopping) {
                        buffer.countDropped(pending.size());
                        break;
                    }
                }
            }
        }
    }

    /**
     * Stores the batch in one transaction. When the database refuses it for another reason than
     * unavailability (a row it cannot store), the rows are stored one by one: a row refused again is
     * dropped from the table (it is in the log) and counted, and the others are stored, so one bad
     * row never blocks the events behind it. Throws only when the database is unavailable; the rows
     * not yet stored stay in {@code batch}.
     */
    void store(List<AuditEvent> batch) throws SQLException {
        try {
            insert(batch);
            return;
        } catch (SQLException | RuntimeException ex) {
            if (DatabaseFailures.isUnavailable(ex)) {
                throw ex;
            }
            LOG.warnf("audit batch of %d events refused (%s); storing them one by one", batch.size(), brief(ex));
        }
        Iterator<AuditEvent> it = batch.iterator();
        while (it.hasNext()) {
            AuditEvent e = it.next();
            try {
                insert(List.of(e));
            } catch (SQLException | RuntimeException ex) {
                if (DatabaseFailures.isUnavailable(ex)) {
                    throw ex;
                }
                rejected.incrementAndGet();
                LOG.errorf("audit event dropped from the table, the database refused it (%s): %s", brief(ex), line(e));
            }
            it.remove();
        }
    }

    /** The reason of a failure in one short line (a batch error message quotes the whole statement). */
    static String brief(Exception ex) {
        Throwable t = ex;
        if (ex instanceof SQLException sql && sql.getNextException() != null) {
            t = sql.getNextException();
        }
        String m = String.valueOf(t.getMessage()).replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    private void insert(List<AuditEvent> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // One transaction: with reWriteBatchedInserts a batch may become several statements, and a
            // retry row by row must not store twice what an earlier statement already committed.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into audit_event (occurred_at, event_type, outcome, client_id, service, request_id, details)"
                            + " values (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                for (AuditEvent e : batch) {
                    ps.setTimestamp(1, Timestamp.from(e.occurredAt()));
                    ps.setString(2, e.type());
                    ps.setString(3, e.outcome());
                    ps.setString(4, e.clientId());
                    ps.setString(5, e.service());
                    ps.setString(6, e.requestId());
                    try {
                        ps.setString(7, JSON.writeValueAsString(e.details()));
                    } catch (JsonProcessingException ex) {
                        ps.setString(7, "{}");
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
                throw ex;
            }
        }
    }

    /** Deletes rows past the retention in bounded chunks, so that no statement runs longer than the socket time-out. */
    private void retention() {
        Instant now = Instant.now();
        if (now.isBefore(nextRetention) || !health.isAvailable()) {
            return;
        }
        nextRetention = now.plusSeconds(3600);
        long removed = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from audit_event where id in (select id from audit_event where occurred_at < ? limit 5000)")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(config.retention())));
            int n;
            do {
                n = ps.executeUpdate();
                removed += n;
            } while (n > 0 && !stopping && buffer.pending() < config.batchSize());
            if (n > 0) {
                nextRetention = now; // more to delete: continue when the writer is idle again
            }
        } catch (SQLException ex) {
            nextRetention = now.plusSeconds(60);
        }
        if (removed > 0) {
            LOG.infof("removed %d audit events older than %s", removed, config.retention());
        }
    }

    /** Writes what is still buffered before the service stops (a few seconds at most). */
    void flushOnShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        Thread t = writer;
        if (t != null) {
            t.join(5000);
            t.interrupt();
        }
    }
}
