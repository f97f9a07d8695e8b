package org.mtlssuite.database;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Locale;

/**
 * Which failures mean "the database is unavailable" (answer 503 and retry later) and which are
 * bugs (answer 500 and fix the code). Unavailability is, anywhere in the cause chain: an
 * SQLState of class 08 (connection exception) or 53 (insufficient resources), 57P01-57P03
 * (administrator or crash shutdown, cannot connect now), 57014 (query canceled: a statement
 * time-out), a socket read time-out, the pool's acquisition time-out (including a connection
 * attempt it abandoned inside the driver's {@code connect}), or the open breaker of
 * {@link DatabaseHealth}. Anything else (22021 for a NUL byte, 22001 for a value too long, a
 * constraint violation, a syntax error) is not: retrying would fail the same way.
 */
public final class DatabaseFailures {

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014");

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof DatabaseUnavailableException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (unavailableState(sql.getSQLState()) || isPoolAcquisitionTimeout(sql) || isFailedConnect(sql)) {
                    return true;
                }
                add(todo, sql.getNextException());
            }
            add(todo, t.getCause());
            for (Throwable s : t.getSuppressed()) {
                add(todo, s);
            }
        }
        return false;
    }

    private static void add(Deque<Throwable> todo, Throwable t) {
        if (t != null) {
            todo.add(t);
        }
    }

    static boolean unavailableState(String state) {
        return state != null && state.length() == 5 && (state.startsWith("08") || state.startsWith("53") || UNAVAILABLE_STATES.contains(state));
    }

    /**
     * Agroal reports an acquisition time-out as a plain SQLException without SQLState ("Acquisition
     * timeout while waiting for new connection", "Sorry, acquisition timeout!"): the message is all
     * there is to recognise it by.
     */
    static boolean isPoolAcquisitionTimeout(SQLException e) {
        return e.getSQLState() == null && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }

    /**
     * A connection attempt that failed inside the JDBC driver's {@code connect}, whatever its
     * SQLState: for instance the PostgreSQL driver's 99999 "Something unusual has occurred" when
     * the pool, its acquisition time-out reached, abandons an attempt that is still logging in.
     * No connection means no database; it is never a bug in the request.
     */
    static boolean isFailedConnect(SQLException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && "connect".equals(trace[0].getMethodName()) && trace[0].getClassName().endsWith("Driver");
    }
}
