package org.mtlssuite.protocol;

import org.jboss.logging.Logger;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request that needed PostgreSQL while it is down or unreachable: 503 {@code temporarily_unavailable}
 * with Retry-After, never a 500 or a stack trace, and never a guessed answer (introspection does
 * not say "active" without having read the revocation state). Logged in one line.
 */
@Provider
public class DatabaseUnavailableMapper implements ExceptionMapper<jakarta.persistence.PersistenceException> {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    @Override
    public Response toResponse(jakarta.persistence.PersistenceException e) {
        return unavailable(e);
    }

    static Response unavailable(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warnf("database unavailable: %s: %s", root.getClass().getSimpleName(), root.getMessage());
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("Retry-After", "1")
                .entity(new OAuthErrorResponse(OAuthError.TEMPORARILY_UNAVAILABLE, "the database is unavailable; retry shortly"))
                .build();
    }

    /** The same answer when the failure surfaces through JTA (the transaction could not begin or commit). */
    @Provider
    public static class Transactional implements ExceptionMapper<jakarta.transaction.TransactionalException> {
        @Override
        public Response toResponse(jakarta.transaction.TransactionalException e) {
            return unavailable(e);
        }
    }

    /** Or through plain JDBC (the audit writer, native queries outside Hibernate). */
    @Provider
    public static class Jdbc implements ExceptionMapper<java.sql.SQLException> {
        @Override
        public Response toResponse(java.sql.SQLException e) {
            return unavailable(e);
        }
    }
}
