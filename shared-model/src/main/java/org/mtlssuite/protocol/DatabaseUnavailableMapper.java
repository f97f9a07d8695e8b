package org.mtlssuite.protocol;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;

/**
 * A request whose database work failed: 503 {@code temporarily_unavailable} with Retry-After when
 * PostgreSQL is unavailable (down, stalled, out of connections, or known unavailable by the
 * breaker), never a guessed answer (introspection does not say "active" without having read the
 * revocation state); a plain 500 {@code server_error} for any other persistence error, which is a
 * bug. Never a stack trace. See {@link PersistenceFailureResponses}.
 */
@Provider
public class DatabaseUnavailableMapper extends PersistenceFailureResponses
        implements ExceptionMapper<PersistenceException> {

    @Override
    public Response toResponse(PersistenceException e) {
        return respond(e);
    }

    /** The same answers when the failure surfaces through JTA (the transaction could not begin or commit). */
    @Provider
    public static class Transactional extends PersistenceFailureResponses
            implements ExceptionMapper<TransactionalException> {
        @Override
        public Response toResponse(TransactionalException e) {
            return respond(e);
        }
    }

    /** Or through {@code QuarkusTransaction} (a programmatic transaction that could not commit). */
    @Provider
    public static class ProgrammaticTransaction extends PersistenceFailureResponses
            implements ExceptionMapper<QuarkusTransactionException> {
        @Override
        public Response toResponse(QuarkusTransactionException e) {
            return respond(e);
        }
    }

    /** Or through plain JDBC (native queries outside Hibernate). */
    @Provider
    public static class Jdbc extends PersistenceFailureResponses implements ExceptionMapper<SQLException> {
        @Override
        public Response toResponse(SQLException e) {
            return respond(e);
        }
    }
}
