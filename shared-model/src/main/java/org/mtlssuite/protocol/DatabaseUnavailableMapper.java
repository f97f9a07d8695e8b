package org.mtlssuite.protocol;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request whose database work failed: 503 {@code temporarily_unavailable} with Retry-After when
 * PostgreSQL is unavailable (down, stalled, out of connections, or known unavailable by the
 * breaker), never a guessed answer (introspection does not say "active" without having read the
 * revocation state); a plain 500 {@code server_error} for any other persistence error, which is a
 * bug. Never a stack trace. See {@link PersistenceFailureResponses}.
 */
@Provider
public class DatabaseUnavailableMapper extends PersistenceFailureResponses
        implements ExceptionMapper<jakarta.persistence.PersistenceException> {

    @Override
    public Response toResponse(jakarta.persistence.PersistenceException e) {
        return respond(e);
    }

    /** The same answers when the failure surfaces through JTA (the transaction could not begin or commit). */
    @Provider
    public static class Transactional extends PersistenceFailureResponses
            implements ExceptionMapper<jakarta.transaction.TransactionalException> {
        @Override
        public Response toResponse(jakarta.transaction.TransactionalException e) {
            return respond(e);
        }
    }

    /** Or through {@code QuarkusTransaction} (a programmatic transaction that could not commit). */
    @Provider
    public static class ProgrammaticTransaction extends PersistenceFailureResponses
            implements ExceptionMapper<io.quarkus.narayana.jta.QuarkusTransactionException> {
        @Override
        public Response toResponse(io.quarkus.narayana.jta.QuarkusTransactionException e) {
            return respond(e);
        }
    }

    /** Or through plain JDBC (native queries outside Hibernate). */
    @Provider
    public static class Jdbc extends PersistenceFailureResponses implements ExceptionMapper<java.sql.SQLException> {
        @Override
        public Response toResponse(java.sql.SQLException e) {
            return respond(e);
        }
    }
}
