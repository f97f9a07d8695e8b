package org.mtlssuite.database;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Flyway at start-up gets a longer bound than requests: the pool's {@code socketTimeout} (a few
 * seconds) would cut a long migration, so each connection Flyway borrows reads with
 * {@code suite.database.migration-timeout} instead, and gets the pool's time-out back when Flyway
 * returns it (the pool does not reset a network time-out by itself).
 */
@Singleton
public class MigrationTimeout implements FlywayConfigurationCustomizer {

    private static final Executor DIRECT = Runnable::run;

    @Inject
    DatabaseConfig config;

    @Override
    public void customize(FluentConfiguration configuration) {
        DataSource ds = configuration.getDataSource();
        if (ds != null) {
            configuration.dataSource(new LongerReads(ds, (int) Math.min(Integer.MAX_VALUE, config.migrationTimeout().toMillis())));
        }
    }

    /** A data source whose connections read with a longer time-out until they are closed. */
    static final class LongerReads implements DataSource {
        private final DataSource delegate;
        private final int millis;

        LongerReads(DataSource delegate, int millis) {
            this.delegate = delegate;
            this.millis = millis;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return longer(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return longer(delegate.getConnection(username, password));
        }

        private Connection longer(Connection c) throws SQLException {
            int original = c.getNetworkTimeout();
            c.setNetworkTimeout(DIRECT, millis);
            return (Connection) Proxy.newProxyInstance(MigrationTimeout.class.getClassLoader(), new Class<?>[] { Connection.class },
                    (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            try {
                                if (!c.isClosed()) {
                                    c.setNetworkTimeout(DIRECT, original);
                                }
                            } catch (SQLException ignored) {
                                // a broken connection: the pool discards it anyway
                            }
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
