package org.mtlssuite.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

/**
 * One prepared statement on a pooled connection, for the hot reads that skip the ORM and for the
 * services without one (introspection, the sample RS): no session or query plan per call, the driver
 * keeps the statement prepared. Plain JDBC passes no Hibernate statement inspector, so the breaker is
 * asked here before a connection is borrowed, as {@link FailFastStatementInspector} does for Hibernate;
 * a failed statement surfaces as a {@link PersistenceException} carrying the {@link SQLException}, so it
 * gets the same 503 (database unavailable) or 500 (a bug) as a failed ORM query.
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

    /** One insert, update or delete in its own (auto-committed) transaction; the count of rows it changed. */
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
}
