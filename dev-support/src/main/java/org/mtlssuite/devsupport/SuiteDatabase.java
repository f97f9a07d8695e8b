package org.mtlssuite.devsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The suite's PostgreSQL: an embedded server (no install, no Docker) or, when
 * {@code SUITE_POSTGRES_HOST} is set, a PostgreSQL the user runs (with {@code SUITE_POSTGRES_PORT},
 * {@code SUITE_POSTGRES_USER}, {@code SUITE_POSTGRES_PASSWORD}). Creates the suite's databases if missing.
 */
public final class SuiteDatabase implements AutoCloseable {

    public static final List<String> DATABASES = List.of("authz", "resource");

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private SuiteDatabase(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** An external PostgreSQL from the environment, or null when none is configured. */
    public static SuiteDatabase fromEnvironment() {
        String host = System.getenv("SUITE_POSTGRES_HOST");
        if (host == null || host.isBlank()) {
            return null;
        }
        int port = Integer.parseInt(envOr("SUITE_POSTGRES_PORT", "5432"));
        return new SuiteDatabase(null, host, port, envOr("SUITE_POSTGRES_USER", "postgres"),
                envOr("SUITE_POSTGRES_PASSWORD", "postgres"));
    }

    /** A PostgreSQL already running at host:port. */
    public static SuiteDatabase attach(String host, int port, String user, String password) {
        return new SuiteDatabase(null, host, port, user, password);
    }

    /**
     * Starts an embedded PostgreSQL on {@code port} (0: a free port). With a data folder the data is
     * kept between runs; without, a fresh temporary cluster is made.
     */
    public static SuiteDatabase startEmbedded(int port, Path dataDir) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        builder.setServerConfig("max_connections", "200");
        EmbeddedPostgres pg = builder.start();
        return new SuiteDatabase(pg, "localhost", pg.getPort(), "postgres", "postgres");
    }

    public SuiteDatabase createDatabases() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password)) {
            for (String db : DATABASES) {
                try (PreparedStatement q = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                    q.setString(1, db);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("create database \"" + db + "\"");
                }
            }
        }
        return this;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
