package org.mtlssuite.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.store.OAuthClient;
import org.mtlssuite.store.TokenStateQueries;
import org.mtlssuite.store.TokenVerificationKeys;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The SQL of {@link TokenStateQueries} against the schema the real Flyway migrations built (the
 * test profile migrates {@code db/authz} at start): every statement of the query object is
 * described by PostgreSQL, which fails on a renamed or dropped table or column, and each query maps
 * real rows to its record. A column rename in a new migration fails here, not in production.
 */
@QuarkusTest
@WithTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "authz"))
class TokenStateQueriesSchemaTest {

    @Inject
    DataSource dataSource;

    @Inject
    TokenStateQueries queries;

    /**
     * Every statement introspection runs on the AS's tables: the SQL constants of the query object and of
     * the verification keys, found by reflection so that a query added later is checked too, and the
     * client read of client authentication (OAuthClient's other statements are the AS's writes).
     */
    static List<String> statements() throws IllegalAccessException {
        List<String> sql = new ArrayList<>(List.of(OAuthClient.SELECT_BY_ID));
        for (Class<?> owner : List.of(TokenStateQueries.class, TokenVerificationKeys.class)) {
            for (Field f : owner.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == String.class) {
                    f.setAccessible(true);
                    sql.add((String) f.get(null));
                }
            }
        }
        return sql;
    }

    @Test
    void everyStatementOfTheQueryObjectMatchesTheMigratedSchema() throws Exception {
        List<String> statements = statements();
        assertEquals(4, statements.size(), "two of TokenStateQueries, the client read, the key read (update this count with a new query)");
        try (Connection c = dataSource.getConnection()) {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    // Both ask the server to parse and describe the statement without running it.
                    assertEquals(sql.chars().filter(ch -> ch == '?').count(), ps.getParameterMetaData().getParameterCount(), sql);
                    assertTrue(ps.getMetaData().getColumnCount() > 0, sql);
                } catch (SQLException e) {
                    throw new AssertionError("the schema and this query disagree (" + e.getMessage() + "): " + sql, e);
                }
            }
        }
    }

    @Test
    void aRenamedColumnIsCaught() throws Exception {
        // DDL is transactional in PostgreSQL: rename a column the refresh-token query reads, describe, roll back.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("alter table refresh_token rename column x5t_s256 to x5t_sha256");
                List<SQLException> failures = new ArrayList<>();
                for (String sql : statements()) {
                    // A failed statement aborts the transaction: each is described under its own savepoint.
                    Savepoint before = c.setSavepoint();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.getMetaData();
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                    c.rollback(before);
                }
                assertEquals(1, failures.size(), "only the refresh-token query reads that column");
                assertEquals("42703", failures.get(0).getSQLState(), "undefined column: " + failures.get(0).getMessage());
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void accessTokenStillActiveReadsClientAndRevocationState() throws Exception {
        TokenStateFixtures db = new TokenStateFixtures(dataSource);
        String enabled = db.client("schema-enabled", true);
        String disabled = db.client("schema-disabled", false);
        String jti = UUID.randomUUID().toString();

        assertTrue(queries.accessTokenStillActive(jti, enabled));
        assertFalse(queries.accessTokenStillActive(jti, disabled), "client disabled");
        assertFalse(queries.accessTokenStillActive(jti, "unknown-" + db.suffix), "client unknown");
        db.revokeJti(jti, enabled);
        assertFalse(queries.accessTokenStillActive(jti, enabled), "jti revoked");
    }

    @Test
    void activeRefreshTokenMapsEveryColumnToItsRecord() throws Exception {
        TokenStateFixtures db = new TokenStateFixtures(dataSource);
        String client = db.client("schema-rt", true);
        String user = db.user("schema-user", true);
        String grant = db.grant(client, user, "openid accounts:read");
        Instant issued = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 5);
        Instant expires = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3000);
        String bound = db.refreshToken(grant, client, "x5t-value", issued, expires);
        String unbound = db.refreshToken(grant, client, null, issued, expires);

        assertEquals(Optional.of(new TokenStateQueries.ActiveRefreshToken(client, user, "openid accounts:read",
                issued.getEpochSecond(), expires.getEpochSecond(), "x5t-value")), queries.activeRefreshToken(OpaqueToken.hash(bound)));
        assertEquals(Optional.of(new TokenStateQueries.ActiveRefreshToken(client, user, "openid accounts:read",
                issued.getEpochSecond(), expires.getEpochSecond(), null)), queries.activeRefreshToken(OpaqueToken.hash(unbound)));
        assertEquals(Optional.empty(), queries.activeRefreshToken(OpaqueToken.hash(OpaqueToken.generate())), "never issued");
        db.revokeGrant(grant);
        assertEquals(Optional.empty(), queries.activeRefreshToken(OpaqueToken.hash(bound)), "grant revoked");
    }
}
