package org.mtlssuite.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

/**
 * The one way the services reach their database: a prepared statement on a pooled connection, with
 * no ORM (an ORM's classes and metamodel cost each service tens of MiB and a quarter of a second of
 * start; see docs/performance.md). Inside a JTA transaction ({@code @Transactional},
 * {@code QuarkusTransaction}) the pool hands out the transaction's own connection, so statements
 * of one transaction share it and commit or roll back together; outside one each statement
 * commits on its own. The breaker ({@link DatabaseHealth}) is asked before a connection is
 * borrowed; a failed statement surfaces as a {@link PersistenceException} carrying the
 * {@link SQLException}, which the mappers answer with 503 (database unavailable) or 500 (a bug).
 * Each table has one owner class that holds its SQL; this class holds none. The owners' row locks
 * are {@code for no key update} (what JPA's pessimistic write lock was on PostgreSQL: other writers of
 * the row wait, inserts of rows that reference it do not) and {@code for share}.
 */
@Singleton
public class GuardedJdbc {

    /** Sets the statement's parameters. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the whole result. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Maps the result's current row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;
    private final DatabaseHealth health;

    @Inject
    public GuardedJdbc(DataSource dataSource, DatabaseHealth health) {
        this.dataSource = dataSource;
        this.health = health;
    }

    /** What is done with the bound statement. */
    @FunctionalInterface
    private interface Execution<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** @param what the query in words, for the failure's message */
    public <T> T query(String sql, Parameters parameters, Rows<T> rows, String what) {
        return execute(sql, parameters, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        }, what);
    }

    /** The first row's mapping, or empty when the query selects none. */
    public <T> Optional<T> one(String sql, Parameters parameters, Row<T> row, String what) {
        return query(sql, parameters, rs -> rs.next() ? Optional.ofNullable(row.map(rs)) : Optional.empty(), what);
    }

    /** Every row's mapping, in the query's order. */
    public <T> List<T> list(String sql, Parameters parameters, Row<T> row, String what) {
        return query(sql, parameters, rs -> {
            List<T> all = new ArrayList<>();
            while (rs.next()) {
                all.add(row.map(rs));
            }
            return all;
        }, what);
    }

    /** The single number a {@code select count(*)} (or any one-number query) answers. */
    public long count(String sql, Parameters parameters, String what) {
        return query(sql, parameters, rs -> rs.next() ? rs.getLong(1) : 0L, what);
    }

    /** One insert, update or delete (in the caller's transaction if there is one); the count of rows it changed. */
    public int update(String sql, Parameters parameters, String what) {
        return execute(sql, parameters, PreparedStatement::executeUpdate, what);
    }

    private <T> T execute(String sql, Parameters parameters, Execution<T> execution, String what) {
        health.requireAvailable();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.bind(ps);
            return execution.run(ps);
        } catch (SQLException e) {
            throw new PersistenceException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** No parameters. */
    public static final Parameters NONE = ps -> {
    };

    /**
     * Binds {@code values} to the parameters 1..n in order: strings, numbers, booleans, byte arrays,
     * {@link Instant}s (as {@code timestamptz}) and nulls.
     */
    public static Parameters values(Object... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                bind(ps, i + 1, values[i]);
            }
        };
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else {
            ps.setObject(index, value);
        }
    }

    /** A {@code timestamptz} column as an {@link Instant}; null for SQL NULL. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The same, by column name. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
