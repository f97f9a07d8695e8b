package org.mtlssuite.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import jakarta.persistence.PersistenceException;

/** Only real unavailability is a 503; any other persistence failure is a bug (500). */
class DatabaseFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = { "08000", "08001", "08003", "08006", "08P01", "53000", "53100", "53200", "53300", "53400", "57P01",
            "57P02", "57P03", "57014" })
    void sqlStatesOfUnavailabilityAreUnavailable(String state) {
        assertTrue(DatabaseFailures.isUnavailable(new SQLException("x", state)), state);
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException("select failed", new SQLException("x", state))),
                "wrapped " + state);
    }

    @ParameterizedTest
    @ValueSource(strings = { "22021", "22001", "22P02", "23505", "23503", "23514", "42P01", "42601", "40001", "40P01", "55P03",
            "57000", "57P04", "5800", "0800" })
    void otherSqlStatesAreBugsNotUnavailability(String state) {
        assertFalse(DatabaseFailures.isUnavailable(new SQLException("x", state)), state);
        assertFalse(DatabaseFailures.isUnavailable(new PersistenceException("update failed", new SQLException("x", state))), "wrapped " + state);
    }

    @Test
    void aNulByteInAParameterIsABugNotAnOutage() {
        SQLException pg = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertFalse(DatabaseFailures.isUnavailable(new PersistenceException("insert failed", pg)));
    }

    @Test
    void aDuplicateKeyIsNotUnavailability() {
        assertFalse(DatabaseFailures.isUnavailable(
                new PersistenceException("insert failed", new SQLException("duplicate key", "23505"))));
    }

    @Test
    void aSocketReadTimeOutIsUnavailabilityWhereverItIsInTheChain() {
        // What the PostgreSQL driver throws when socketTimeout fires: 08006 with the socket time-out as cause.
        assertTrue(DatabaseFailures.isUnavailable(new SQLException("An I/O error occurred", "08006", new SocketTimeoutException("Read timed out"))));
        // And the time-out alone, even under an exception that says nothing.
        assertTrue(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("x", null, new SocketTimeoutException()))));
    }

    @Test
    void thePoolsAcquisitionTimeOutIsUnavailability() {
        SQLException agroal = new SQLException("Sorry, acquisition timeout!");
        assertTrue(DatabaseFailures.isUnavailable(agroal));
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException("query failed: Unable to acquire JDBC Connection", agroal)));
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException("query failed: Unable to acquire JDBC Connection",
                new SQLException("Acquisition timeout while waiting for new connection", null, new java.util.concurrent.TimeoutException()))));
        assertFalse(DatabaseFailures.isUnavailable(new SQLException("Sorry, something else")));
    }

    @Test
    void aConnectionAttemptTheDriverAbandonedIsUnavailability() {
        // The PostgreSQL driver's answer when the pool interrupts a log-in still in progress (seen in DatabaseStallE2ETest).
        SQLException abandoned = new SQLException("Something unusual has occurred to cause the driver to fail. Please report this exception.",
                "99999", new RuntimeException("Interrupted while attempting to connect."));
        abandoned.setStackTrace(new StackTraceElement[] { new StackTraceElement("org.postgresql.Driver", "connect", "Driver.java", 321) });
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException("query failed: Unable to acquire JDBC Connection", abandoned)));
        SQLException elsewhere = new SQLException("Something unusual has occurred", "99999");
        elsewhere.setStackTrace(new StackTraceElement[] { new StackTraceElement("org.postgresql.jdbc.PgStatement", "execute", "x", 1) });
        assertFalse(DatabaseFailures.isUnavailable(elsewhere), "the same state from a statement is not a failed connect");
    }

    @Test
    void theOpenBreakerIsUnavailability() {
        assertTrue(DatabaseFailures.isUnavailable(new DatabaseUnavailableException(Instant.now(), "probe timed out")));
        assertTrue(DatabaseFailures.isUnavailable(new jakarta.transaction.TransactionalException("commit failed",
                new DatabaseUnavailableException(Instant.now(), "probe timed out"))));
    }

    @Test
    void aFailureOnlyInTheSuppressedOrNextExceptionsCounts() {
        RuntimeException rollback = new RuntimeException("rollback failed");
        rollback.addSuppressed(new SQLException("This connection has been closed.", "08003"));
        assertTrue(DatabaseFailures.isUnavailable(rollback));
        SQLException batch = new SQLException("Batch entry 0 was aborted", "22021");
        batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));
        assertTrue(DatabaseFailures.isUnavailable(batch));
    }

    @Test
    void plainErrorsAndCyclesAreNotUnavailability() {
        assertFalse(DatabaseFailures.isUnavailable(new PersistenceException("no cause")));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("bug")));
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.addSuppressed(b);
        assertFalse(DatabaseFailures.isUnavailable(b));
    }
}
