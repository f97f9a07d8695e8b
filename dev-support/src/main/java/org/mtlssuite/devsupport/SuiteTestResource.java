package org.mtlssuite.devsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: a real PostgreSQL (embedded, one per test JVM, or the one named by
 * {@code SUITE_POSTGRES_HOST}) and the dev PKI. Arguments: {@code database} (default {@code authz}).
 * Gives the service its JDBC URL and {@code suite.pki.dir}; every listener binds to a free port.
 */
public class SuiteTestResource implements QuarkusTestResourceLifecycleManager {

    private static SuiteDatabase database;
    private static DevPkiFiles pki;

    private String databaseName = "authz";

    @Override
    public void init(Map<String, String> initArgs) {
        databaseName = initArgs.getOrDefault("database", "authz");
    }

    @Override
    public Map<String, String> start() {
        SuiteDatabase db = database();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl(databaseName));
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("suite.pki.dir", pki().dir().toAbsolutePath().toString());
        return config;
    }

    @Override
    public void stop() {
        // The database is shared by every test class of this JVM; a shutdown hook stops it.
    }

    /**
     * The PostgreSQL of this test JVM, started on first use. Quarkus may load this class in more than
     * one class loader, so the started server is remembered in a JVM-wide system property.
     */
    public static synchronized SuiteDatabase database() {
        String sharedPort = System.getProperty("suite.test.postgres.port");
        if (database == null && sharedPort != null) {
            database = SuiteDatabase.attach("localhost", Integer.parseInt(sharedPort), "postgres", "postgres");
        }
        if (database == null) {
            try {
                SuiteDatabase external = SuiteDatabase.fromEnvironment();
                SuiteDatabase started = external != null ? external : SuiteDatabase.startEmbedded(0, null);
                database = started.createDatabases();
                System.setProperty("suite.test.postgres.port", String.valueOf(started.port()));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }, "suite-test-postgres-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start PostgreSQL for tests: " + e.getMessage(), e);
            }
        }
        return database;
    }

    /** The dev PKI for tests, written afresh once per test JVM under {@code target/dev-pki} of the module under test. */
    public static synchronized DevPkiFiles pki() {
        if (pki == null && System.getProperty("suite.test.pki.dir") != null) {
            pki = new DevPkiFiles(Path.of(System.getProperty("suite.test.pki.dir")));
        }
        if (pki == null) {
            try {
                pki = DevPki.write(Path.of("target", "dev-pki").toAbsolutePath(), DevPki.KeyType.EC_P256);
                System.setProperty("suite.test.pki.dir", pki.dir().toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the dev PKI: " + e.getMessage(), e);
            }
        }
        return pki;
    }
}
