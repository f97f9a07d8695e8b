package org.mtlssuite.database;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The breaker on every Hibernate statement (entities, queries, native queries, flushes): Hibernate
 * inspects each statement before it borrows a connection, so failing here costs no connection
 * and no wait while {@link DatabaseHealth} knows the database is unavailable. The SQL is returned
 * unchanged.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class FailFastStatementInspector implements StatementInspector {

    @Inject
    DatabaseHealth health;

    @Override
    public String inspect(String sql) {
        health.requireAvailable();
        return sql;
    }
}
